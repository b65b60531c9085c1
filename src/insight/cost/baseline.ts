/**
 * The estimate at another git ref, for `berth cost --compare <ref>`: the config's folder at that ref is
 * extracted (`git archive`) into a temporary folder, loaded and resolved there, and the folder removed.
 * Nothing in the working tree is touched.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { loadConfig } from "../../config/load.js";
import { UsageError } from "../../errors.js";
import { resolveModel } from "../../model/resolve.js";
import { estimateRegions } from "./estimate.js";
import type { CostEstimate } from "./types.js";

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  return execFileSync("git", args, { cwd, stdio: ["pipe", "pipe", "pipe"], input, maxBuffer: 256 * 1024 * 1024 });
}

export async function estimatesAtRef(ref: string, configPath: string, env: string | undefined): Promise<CostEstimate[]> {
  const dir = dirname(configPath);
  let root: string;
  try {
    root = git(dir, ["rev-parse", "--show-toplevel"]).toString().trim();
    git(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new UsageError(
      `--compare ${ref}: not a saved estimate file, nor a git ref of the repository holding ${configPath}`,
      "pass a branch, tag or commit (e.g. main), or a file written by: berth cost --json > estimate.json",
    );
  }
  const sub = relative(root, dir) || ".";
  const tmp = mkdtempSync(join(tmpdir(), "berth-cost-"));
  try {
    const tar = git(root, ["archive", "--format=tar", ref, "--", sub]);
    execFileSync("tar", ["-x", "-C", tmp], { input: tar, stdio: ["pipe", "ignore", "pipe"] });
    let loaded;
    try {
      loaded = await loadConfig({ config: join(tmp, sub, basename(configPath)) });
    } catch (e) {
      throw new UsageError(`--compare ${ref}: the config at ${ref} cannot be loaded: ${(e as Error).message}`);
    }
    const names = Object.keys(loaded.config.environments);
    const model = resolveModel(loaded.config, { env: env && names.includes(env) ? env : undefined });
    return model.environments.filter((e) => !env || e.name === env).flatMap(estimateRegions);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--compare ${ref}: ${(e as Error).message.split("\n")[0]}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
