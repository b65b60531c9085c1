/**
 * `berth changed --base <ref>`: the stacks whose synthesized content differs from what the config at a
 * git ref synthesizes, plus every stack downstream of one (it reads changed outputs), so CI can fan its
 * plan jobs out over just those. The ref's tree is extracted (`git archive`) into a temporary folder and
 * its config loaded from the same relative path; each stack's files (berth's and the `terraform/`
 * extensions) are hashed on both sides. A function's zipped code is not rebuilt: its stack counts as
 * changed when tracked files under its `dir` or its build folder differ from the ref. A config that did
 * not exist (or did not load) at the ref makes every stack changed.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { loadConfig } from "../config/load.js";
import { UsageError } from "../errors.js";
import { resolveModel } from "../model/resolve.js";
import type { Model } from "../model/types.js";
import { extensionReader } from "../terraform/extensions.js";
import { renderStack, stackFiles } from "../terraform/render.js";
import type { Stack } from "../terraform/stack.js";
import { filesHash } from "./fingerprint.js";
import { compareText } from "../model/text-order.js";

export interface ChangedStack {
  readonly env: string;
  /** The stack's path (`<env>/<region>/<id>`), which `--stack` selects. */
  readonly stack: string;
  /** Why: its own content, new at this commit, or downstream of a changed stack. */
  readonly reason: "changed" | "new" | "upstream";
}

interface Synthesized {
  readonly stacks: readonly Stack[];
  readonly hashes: ReadonlyMap<string, string>;
}

/** Each stack of the model with the hash of its files. */
export function synthesizedHashes(model: Model, configDir: string): Synthesized {
  const extensions = extensionReader(configDir);
  const stacks = model.environments.flatMap((env) => env.stacks.map((plan) => renderStack(env, plan)));
  const hashes = new Map<string, string>();
  for (const stack of stacks) {
    const files = new Map<string, string | Uint8Array>(stackFiles(stack));
    for (const [name, text] of extensions(stack, [...files.keys()])) files.set(name, text);
    hashes.set(stack.path, filesHash([...files.entries()].sort(([a], [b]) => compareText(a, b))));
  }
  return { stacks, hashes };
}

/**
 * The changed stacks in the model's order. `base` is what the ref synthesizes (null: nothing to compare
 * with); `codeChanged` says whether a function folder differs from the ref.
 */
export function changedStacks(head: Synthesized, base: Synthesized | null, codeChanged: (dir: string) => boolean, model: Model): ChangedStack[] {
  const reason = new Map<string, ChangedStack["reason"]>();
  const functionDirs = (stack: Stack): string[] => {
    const fn = stack.function === undefined ? undefined : model.environments.find((e) => e.name === stack.env)?.functions.find((f) => f.key === stack.function);
    return fn ? [fn.dir, fn.build?.dir].filter((d): d is string => !!d) : [];
  };
  for (const stack of head.stacks) {
    const was = base?.hashes.get(stack.path);
    if (was === undefined) reason.set(stack.path, "new");
    else if (was !== head.hashes.get(stack.path) || functionDirs(stack).some(codeChanged)) reason.set(stack.path, "changed");
  }
  // Downstream of a changed stack, in the same environment and region: its inputs may change.
  let grew = true;
  while (grew) {
    grew = false;
    for (const stack of head.stacks) {
      if (reason.has(stack.path)) continue;
      const prefix = stack.path.slice(0, stack.path.length - stack.id.length);
      if (stack.dependsOn.some((id) => reason.has(prefix + id))) {
        reason.set(stack.path, "upstream");
        grew = true;
      }
    }
  }
  return head.stacks.filter((s) => reason.has(s.path)).map((s) => ({ env: s.env, stack: s.path, reason: reason.get(s.path)! }));
}

const git = (cwd: string, args: string[]): Promise<string> =>
  new Promise((resolve, reject) =>
    execFile("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(String(stderr).trim() || err.message)) : resolve(stdout),
    ),
  );

/** What the config at `ref` synthesizes (null when it did not exist or does not load there), and how to diff code folders. */
export async function baseAt(
  ref: string,
  configPath: string,
  configDir: string,
): Promise<{ base: Synthesized | null; note?: string; codeChanged: (dir: string) => boolean; dispose: () => void }> {
  let top: string;
  try {
    top = (await git(configDir, ["rev-parse", "--show-toplevel"])).trim();
    await git(top, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new UsageError(
      `--base ${ref}: not a commit of the git repository at ${configDir}`,
      "fetch it first (actions/checkout with fetch-depth: 0), e.g. --base origin/main",
    );
  }
  // Tracked files under each function folder that differ between the ref and the working tree.
  const changedFiles = (await git(top, ["diff", "--name-only", ref, "--"])).split("\n").filter(Boolean);
  const codeChanged = (dir: string) => {
    const rel = relative(top, join(configDir, dir)).split("\\").join("/");
    return changedFiles.some((f) => f === rel || f.startsWith(`${rel}/`));
  };
  const tmp = mkdtempSync(join(tmpdir(), "berth-base-"));
  const dispose = () => rmSync(tmp, { recursive: true, force: true });
  try {
    await extract(top, ref, tmp);
    if (existsSync(join(top, "node_modules")) && !existsSync(join(tmp, "node_modules")))
      symlinkSync(join(top, "node_modules"), join(tmp, "node_modules"), "dir");
    const baseConfig = join(tmp, relative(top, configPath));
    if (!existsSync(baseConfig)) return { base: null, note: `${relative(top, configPath)} did not exist at ${ref}: every stack is new`, codeChanged, dispose };
    try {
      const { config } = await loadConfig({ config: baseConfig });
      const baseDir = join(tmp, relative(top, configDir));
      return { base: synthesizedHashes(resolveModel(config), baseDir), codeChanged, dispose };
    } catch (e) {
      return {
        base: null,
        note: `the config at ${ref} does not load (${(e as Error).message.split("\n")[0]}): every stack counts as changed`,
        codeChanged,
        dispose,
      };
    }
  } catch (e) {
    dispose();
    throw e;
  }
}

/** `git archive <ref> | tar -x -C <dir>`. */
function extract(top: string, ref: string, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn("git", ["archive", "--format=tar", ref], { cwd: top, stdio: ["ignore", "pipe", "pipe"] });
    const tar = spawn("tar", ["-x", "-C", dir], { stdio: ["pipe", "ignore", "pipe"] });
    archive.stdout.pipe(tar.stdin);
    let failed = "";
    archive.stderr.on("data", (d) => (failed += String(d)));
    tar.stderr.on("data", (d) => (failed += String(d)));
    archive.on("error", reject);
    tar.on("error", reject);
    tar.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`git archive ${ref} | tar -x failed: ${failed.trim()}`))));
  });
}
