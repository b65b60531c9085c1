/**
 * Writes an imported config to `--out`: TypeScript with `defineConfig`, or YAML when the name ends in
 * `.yaml`/`.yml`. An existing file is kept unless `force`; the write is atomic (a temporary file beside
 * it, then a rename), so an interrupted import never leaves half a config.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import type { Imported } from "./compose-map.js";
import { commentsByPath } from "./report.js";
import { writeTs } from "./write-ts.js";
import { writeYaml } from "./write-yaml.js";

export function isYamlPath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** The config as text in the format the path asks for. */
export function renderImported(imported: Imported, path: string): string {
  const comments = commentsByPath(imported.report, imported.config);
  const opts = { header: imported.header, comments };
  return isYamlPath(path) ? writeYaml(imported.config, opts) : writeTs(imported.config, opts);
}

export function writeImported(imported: Imported, path: string, opts: { force?: boolean; display?: string } = {}): void {
  if (existsSync(path) && !opts.force)
    throw new UsageError(`${opts.display ?? path} already exists; berth import does not overwrite it`, "pass --force to replace it, or choose another --out");
  if (!existsSync(dirname(path)))
    throw new UsageError(`cannot write ${opts.display ?? path}: its folder does not exist`, "create the folder first, or choose another --out");
  const text = renderImported(imported, path);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
