/**
 * The two imports end to end, for the CLI and for tests: read the source, map it, check that the
 * result validates and resolves in every environment, and write it to `--out` (never over a file
 * without `force`).
 */
import { dirname, resolve } from "node:path";
import { plainSecretIssues } from "../config/plain-secrets.js";
import { validateConfig } from "../config/validate.js";
import { ConfigError, formatPath } from "../errors.js";
import { resolveModel } from "../model/resolve.js";
import { type Imported, mapCompose } from "./compose-map.js";
import { findComposeFile, readCompose } from "./compose-read.js";
import { mapCopilot } from "./copilot-map.js";
import { readCopilot } from "./copilot-read.js";
import { writeImported } from "./write-config.js";

export interface ImportRunOptions {
  readonly out: string;
  readonly cwd?: string;
  readonly force?: boolean;
  readonly region?: string;
  /** Compose profiles to activate (default: `COMPOSE_PROFILES`). */
  readonly profiles?: readonly string[];
}

export interface ImportResult extends Imported {
  readonly path: string;
  /** Problems berth found in the written config (none for every input whose fields berth supports). */
  readonly problems: readonly string[];
}

export async function importCompose(file: string | undefined, opts: ImportRunOptions): Promise<ImportResult> {
  const cwd = opts.cwd ?? process.cwd();
  const path = resolve(cwd, opts.out);
  const project = readCompose(findComposeFile(cwd, file), { cwd, profiles: opts.profiles });
  const imported = await mapCompose(project, { outDir: dirname(path), region: opts.region });
  return finish(imported, path, opts);
}

export async function importCopilot(dir: string | undefined, opts: ImportRunOptions): Promise<ImportResult> {
  const cwd = opts.cwd ?? process.cwd();
  const path = resolve(cwd, opts.out);
  const workspace = readCopilot(resolve(cwd, dir ?? "."), cwd);
  const imported = await mapCopilot(workspace, { outDir: dirname(path), region: opts.region });
  return finish(imported, path, opts);
}

async function finish(imported: Imported, path: string, opts: ImportRunOptions): Promise<ImportResult> {
  const problems = await check(imported.config);
  writeImported(imported, path, { force: opts.force, display: opts.out });
  return { ...imported, path, problems };
}

/** What `berth validate` would say of the config: schema, plain-secret and model errors, one line each. */
export async function check(config: unknown): Promise<string[]> {
  const secrets = (await plainSecretIssues(config)).map((i) => `  ${formatPath(i.path)}: ${i.message}`);
  try {
    resolveModel(validateConfig(config));
    return secrets;
  } catch (e) {
    if (e instanceof ConfigError) return [...e.report().split("\n").slice(1), ...secrets];
    throw e;
  }
}
