/**
 * `berth adopt`'s output: one `imports.tf` of Terraform `import` blocks per stack, in the extension
 * folder beside the config (`terraform/<stack>/<env>/`), which synth copies into the stack. A file there
 * without adopt's header is the user's and is never replaced; adopt's own is replaced only with `--force`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { EXTENSIONS_DIR } from "../terraform/extensions.js";
import type { Adopted, NameToSet } from "./adopt-match.js";

export const IMPORTS_FILE = "imports.tf";

const HEADER_MARK = "# Written by berth adopt";
const header = (env: string): string =>
  `${HEADER_MARK} for environment ${env}: resources that already run, imported by the next apply.\n` +
  "# Review and commit it; once applied, the import blocks do nothing and the file can be deleted.\n\n";

/** Whether a stack file is adopt's import blocks (as written, or as synth copied them under its own header). */
export function isAdoptImports(text: string | Uint8Array): boolean {
  return typeof text === "string" && text.split("\n", 4).some((line) => line.startsWith(HEADER_MARK));
}

/** `imports.tf` text per stack id, in the order the model lists the targets. */
export function importFiles(env: string, adopted: readonly Adopted[]): Map<string, string> {
  const byStack = new Map<string, Adopted[]>();
  for (const a of adopted) byStack.set(a.target.stack, [...(byStack.get(a.target.stack) ?? []), a]);
  return new Map(
    [...byStack].map(([stack, list]) => [
      stack,
      header(env) + list.map((a) => `import {\n  to = ${a.target.address}\n  id = ${JSON.stringify(a.id)}\n}\n`).join("\n"),
    ]),
  );
}

/** Where a stack's imports of an environment go, relative to the config's folder. */
export const importsPath = (stack: string, env: string): string => [EXTENSIONS_DIR, stack, env, IMPORTS_FILE].join("/");

/**
 * Writes the files, after checking every target path first (nothing is written when one is refused).
 * With `force`, adopt's earlier files of this environment in other stacks are removed too.
 */
export function writeImportFiles(configDir: string, env: string, files: ReadonlyMap<string, string>, opts: { force: boolean }): string[] {
  checkImportPaths(configDir, env, [...files.keys()], opts);
  const stale = opts.force ? earlierFiles(configDir, env).filter((rel) => !files.has(rel.split("/")[1]!)) : [];
  const written: string[] = [];
  for (const [stack, text] of files) {
    const rel = importsPath(stack, env);
    const path = join(configDir, rel);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
    written.push(rel);
  }
  for (const rel of stale) rmSync(join(configDir, rel));
  return written;
}

/** Refuses (exit 2) when a stack's `imports.tf` is the user's, or an earlier adopt's without `force`. */
export function checkImportPaths(configDir: string, env: string, stacks: readonly string[], opts: { force: boolean }): void {
  for (const stack of stacks) {
    const rel = importsPath(stack, env);
    const path = join(configDir, rel);
    if (!existsSync(path)) continue;
    if (!readFileSync(path, "utf8").startsWith(HEADER_MARK))
      throw new UsageError(
        `${rel} exists and berth adopt did not write it; nothing was written`,
        `move your own file to another name (e.g. ${rel.replace(/\.tf$/, "_own.tf")}) and run berth adopt again`,
      );
    if (!opts.force)
      throw new UsageError(`${rel} is from an earlier berth adopt; nothing was written`, "review it, then run berth adopt --force to replace it");
  }
}

/** adopt's `imports.tf` files of an environment, in every stack folder. */
function earlierFiles(configDir: string, env: string): string[] {
  const root = join(configDir, EXTENSIONS_DIR);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => importsPath(d.name, env))
    .filter((rel) => existsSync(join(configDir, rel)) && readFileSync(join(configDir, rel), "utf8").startsWith(HEADER_MARK));
}

/** The names and settings to set, as one object to paste under `environments.<env>` (JSON is valid TS and YAML). */
export function existingSnippet(names: readonly NameToSet[]): string {
  const root: Record<string | number, unknown> = {};
  for (const n of names) {
    // Paths are environments.<env>.<…>; a number indexes a list (Aurora instances).
    const keys = n.path.slice(2);
    let node = root;
    keys.slice(0, -1).forEach((k, i) => {
      node = (node[k] ??= typeof keys[i + 1] === "number" ? [] : {}) as Record<string | number, unknown>;
    });
    node[keys.at(-1)!] = n.value;
  }
  return JSON.stringify(root, null, 2);
}
