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

/** What names a stack in the output: its id (the folder under `terraform/`), environment and path. */
export type StackPlace = Pick<Stack, "id" | "env" | "path">;

/** Folders under `<configDir>/terraform/` that match no stack or environment being written (likely typos). */
export function extensionWarnings(configDir: string, stacks: readonly StackPlace[]): string[] {
  const root = join(configDir, EXTENSIONS_DIR);
  const warnings: string[] = [];
  const ids = new Set(stacks.map((s) => s.id));
  const envs = new Set(stacks.map((s) => s.env));
  const stackDirs = listDir(root).dirs;
  for (const dir of stackDirs) {
    if (!ids.has(dir)) warnings.push(`${EXTENSIONS_DIR}/${dir}/ matches no stack written (stacks: ${[...ids].sort().join(", ")}); its files are not copied`);
  }
  for (const dir of stackDirs.filter((d) => ids.has(d))) {
    for (const env of listDir(join(root, dir)).dirs) {
      if (!envs.has(env))
        warnings.push(`${EXTENSIONS_DIR}/${dir}/${env}/ matches no environment written (${[...envs].sort().join(", ")}); its files are not copied`);
    }
  }
  return warnings;
}

/** Reads the extension files of stacks: lists `<configDir>/terraform/` once, then each stack's folders. */
export type ExtensionReader = (stack: StackPlace, rendered: readonly string[]) => [string, string][];

/**
 * A reader of `<configDir>/terraform/`: for a stack, its extension files by name, with the copy header,
 * sorted by name; `rendered` are the names berth renders there (a copy may not take one of them).
 */
export function extensionReader(configDir: string): ExtensionReader {
  const root = join(configDir, EXTENSIONS_DIR);
  const stackDirs = new Set(listDir(root).dirs);
  return (stack, rendered) => {
    if (!stackDirs.has(stack.id)) return [];
    const merged = new Map([...tfFiles(root, [stack.id]), ...tfFiles(root, [stack.id, stack.env])]);
    for (const [name, source] of merged) {
      if (rendered.includes(name)) {
        throw new UsageError(
          `${source} has the name of a file berth renders in stack ${stack.path}; berth will not replace its own ${name} with it.`,
          `rename it (e.g. ${name.replace(/\.tf$/, "_extra.tf")}), or to change attributes of berth's resources name it ${name.replace(/\.tf$/, "_override.tf")} (Terraform merges *_override.tf files into the resources they name).`,
        );
      }
    }
    return [...merged]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, source]) => [name, copiedHeader(source) + readFileSync(join(configDir, source), "utf8")]);
  };
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
