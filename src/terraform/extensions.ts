/**
 * Users' own Terraform from the config's side: `terraform/<stack>/*.tf` beside the config is copied into
 * that stack in every environment, `terraform/<stack>/<env>/*.tf` into that environment's only (a file
 * of the same name replaces the shared one). Copies carry berth's "Copied by berth" header, so they are
 * berth's files in the output: a removed source disappears from it on the next synth.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { copiedHeader } from "./generated.js";
import type { Stack } from "./stack.js";

/** The folder beside the config that holds the extension files. */
export const EXTENSIONS_DIR = "terraform";

export interface Extensions {
  /** By stack path: file name → text with the copy header. */
  readonly files: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Folders that match no stack or environment being written (likely typos). */
  readonly warnings: readonly string[];
}

/** Reads `<configDir>/terraform/` for the given stacks; `renderedNames(stack)` are the names berth renders there. */
export function readExtensions(configDir: string, stacks: readonly Stack[], renderedNames: (stack: Stack) => readonly string[]): Extensions {
  const root = join(configDir, EXTENSIONS_DIR);
  const stackDirs = listDir(root);
  const files = new Map<string, Map<string, string>>();
  const warnings: string[] = [];
  const ids = new Set(stacks.map((s) => s.id));
  const envs = new Set(stacks.map((s) => s.env));
  for (const dir of stackDirs.dirs) {
    if (!ids.has(dir)) warnings.push(`${EXTENSIONS_DIR}/${dir}/ matches no stack written (stacks: ${[...ids].sort().join(", ")}); its files are not copied`);
  }
  for (const dir of stackDirs.dirs.filter((d) => ids.has(d))) {
    for (const env of listDir(join(root, dir)).dirs) {
      if (!envs.has(env))
        warnings.push(`${EXTENSIONS_DIR}/${dir}/${env}/ matches no environment written (${[...envs].sort().join(", ")}); its files are not copied`);
    }
  }
  for (const stack of stacks) {
    const shared = tfFiles(root, [stack.id]);
    const own = tfFiles(root, [stack.id, stack.env]);
    const merged = new Map([...shared, ...own]);
    if (merged.size === 0) continue;
    const rendered = new Set(renderedNames(stack));
    for (const [name, source] of merged) {
      if (rendered.has(name)) {
        throw new UsageError(
          `${source} has the name of a file berth renders in stack ${stack.path}; berth will not replace its own ${name} with it.`,
          `rename it (e.g. ${name.replace(/\.tf$/, "_extra.tf")}), or to change attributes of berth's resources name it ${name.replace(/\.tf$/, "_override.tf")} (Terraform merges *_override.tf files into the resources they name).`,
        );
      }
    }
    files.set(
      stack.path,
      new Map(
        [...merged]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, source]) => [name, copiedHeader(source) + readFileSync(join(configDir, source), "utf8")]),
      ),
    );
  }
  return { files, warnings };
}

/** `*.tf` files in `terraform/<parts…>/`: name → source path relative to the config's folder (with `/`). */
function tfFiles(root: string, parts: readonly string[]): Map<string, string> {
  const { files } = listDir(join(root, ...parts));
  return new Map(files.filter((f) => f.endsWith(".tf")).map((f) => [f, [EXTENSIONS_DIR, ...parts, f].join("/")]));
}

function listDir(dir: string): { dirs: string[]; files: string[] } {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    return {
      dirs: entries
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
      files: entries
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort(),
    };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return { dirs: [], files: [] };
    throw e;
  }
}
