/**
 * Finds and loads a config file: `berth.config.ts` (through jiti, so TypeScript needs no build step; a
 * `.js`/`.mjs` config is imported by Node)
 * or `berth.yaml`, then validates it. Returns the validated config, where it came from, and how to
 * find the line of a config path (YAML). Every way a config can fail to load is a `ConfigError`
 * naming the file (and line and column where known): a syntax error, no default export, a throwing
 * module, `process.exit()` while loading, or a module that does not finish loading in time.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Document, isMap, isSeq, LineCounter, parseDocument, type Node, visit } from "yaml";
import { ConfigError, type ConfigIssue, UsageError } from "../errors.js";
import { plainSecretIssues } from "./plain-secrets.js";
import { loadModule } from "../load-module.js";
import { tsLineOf } from "./ts-lines.js";
import type { BerthConfig } from "./schema/app.js";
import { type LineOf, validateConfig } from "./validate.js";

export const DEFAULT_CONFIG_FILES = ["berth.config.ts", "berth.config.mts", "berth.config.js", "berth.config.mjs", "berth.yaml", "berth.yml"];

/** How long a TS/JS config may take to load (its top-level code and awaits); `BERTH_CONFIG_TIMEOUT` (seconds) changes it. */
export const DEFAULT_LOAD_TIMEOUT_SECONDS = 10;

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly path: string;
  /** The path as the user should see it in messages (relative to the working directory). */
  readonly display: string;
  readonly config: BerthConfig;
  /** The 1-based line of a config path: YAML's node, or the property in a TS/JS config's object literal. */
  readonly lineOf?: LineOf;
}

export function findConfig(cwd: string, explicit?: string): string {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path))
      throw new UsageError(`config file not found: ${explicit}`, "pass an existing file with --config, or run berth where berth.config.ts is");
    if (statSync(path).isDirectory()) {
      const found = DEFAULT_CONFIG_FILES.map((n) => join(path, n)).find((p) => existsSync(p));
      if (found) return found;
      throw new UsageError(`--config ${explicit} is a directory without a config file`, `berth looks there for ${DEFAULT_CONFIG_FILES.join(", ")}`);
    }
    return path;
  }
  for (const name of DEFAULT_CONFIG_FILES) {
    const path = join(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new UsageError(`no config file found in ${cwd}`, `create ${DEFAULT_CONFIG_FILES[0]} or ${DEFAULT_CONFIG_FILES[4]}, or pass --config <file>`);
}

/** Reads and parses the config file, without validating it: the raw value and how to locate paths in it. */
export async function readConfig(opts: { cwd?: string; config?: string } = {}): Promise<{ path: string; display: string; raw: unknown; lineOf?: LineOf }> {
  const cwd = opts.cwd ?? process.cwd();
  const path = findConfig(cwd, opts.config);
  const display = relative(cwd, path) || path;
  const isYaml = [".yaml", ".yml"].includes(extname(path));
  if (isYaml) return { path, display, ...readYaml(path, display) };
  const raw = await importModule(path, display);
  // The source is scanned for lines only when an issue needs one.
  const source = readFileSync(path, "utf8");
  let scanned: LineOf | undefined | null = null;
  const lineOf: LineOf = (p) => (scanned === null ? (scanned = tsLineOf(source)) : scanned)?.(p);
  return { path, display, raw, lineOf };
}

/**
 * Reads, validates and checks the config for secrets in plain environment values. A secret found is a
 * `ConfigError` like a schema error, carrying the config as `repaired` so the model's errors join it.
 */
export async function loadConfig(opts: { cwd?: string; config?: string } = {}): Promise<LoadedConfig> {
  const { path, display, raw, lineOf } = await readConfig(opts);
  const secrets = await plainSecretIssues(raw);
  let config: BerthConfig;
  try {
    config = validateConfig(raw, display, lineOf);
  } catch (e) {
    if (e instanceof ConfigError && secrets.length > 0) {
      const all = new ConfigError([...e.issues, ...secrets], display);
      all.lineOf = e.lineOf;
      all.repaired = e.repaired;
      throw all;
    }
    throw e;
  }
  if (secrets.length > 0) {
    const error = new ConfigError(secrets, display);
    error.lineOf = lineOf;
    error.repaired = { config, removed: [] };
    throw error;
  }
  return { path, display, config, ...(lineOf ? { lineOf } : {}) };
}

/** Where berth's own entry lives, so `import { defineConfig } from "berth-iac"` (or the older `"berth"`) works from any config file. */
function berthEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const js = join(here, "..", "index.js");
  return existsSync(js) ? js : join(here, "..", "index.ts");
}

class ExitCalled extends Error {
  constructor(readonly code: unknown) {
    super(`process.exit(${code === undefined ? "" : String(code)})`);
  }
}

/**
 * A JavaScript config is imported by Node itself (~50 ms less than through jiti), once per process; when
 * that fails — `import "berth-iac"` where the package is not installed, a syntax error — jiti loads it, with
 * the package's alias and the error locations it gives. TypeScript goes through jiti, loaded only then.
 */
async function load(path: string): Promise<Record<string, unknown>> {
  if (/\.m?js$/.test(path)) {
    try {
      return await loadModule<Record<string, unknown>>(pathToFileURL(path).href);
    } catch (e) {
      if (e instanceof ExitCalled || (e instanceof Error && e.cause instanceof ExitCalled)) throw e;
    }
  }
  const { createJiti } = await loadModule<typeof import("jiti")>("jiti");
  const jiti = createJiti(import.meta.url, {
    alias: { "berth-iac": berthEntry(), berth: berthEntry() },
    moduleCache: false,
    fsCache: false,
    interopDefault: false,
  });
  return jiti.import<Record<string, unknown>>(path);
}

async function importModule(path: string, display: string): Promise<unknown> {
  const fail = (issue: Omit<ConfigIssue, "path">): never => {
    throw new ConfigError({ path: [], ...issue }, display);
  };
  const seconds = loadTimeout();
  const exit = process.exit;
  let timer: NodeJS.Timeout | undefined;
  // A config that calls process.exit() while loading would end berth silently with that code.
  process.exit = ((code?: unknown) => {
    throw new ExitCalled(code);
  }) as typeof process.exit;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), seconds * 1000);
    });
    const mod = await Promise.race([load(path), timeout]);
    if (mod === null || typeof mod !== "object" || !("default" in mod) || mod.default === undefined) {
      const names = mod && typeof mod === "object" ? Object.keys(mod).filter((k) => k !== "default") : [];
      return fail({
        message: `has no default export${names.length > 0 ? ` (it exports ${names.map((n) => `"${n}"`).join(", ")})` : ""}`,
        hint: "write `export default defineConfig({ … })`",
      });
    }
    const value = await Promise.race([mod.default, timeout]);
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return fail({
        message: `the default export is ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}; expected the config object`,
        hint: "write `export default defineConfig({ project: …, services: …, environments: … })`",
      });
    return value;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    if (e instanceof Error && e.message === "timeout")
      return fail({
        message: `did not finish loading within ${seconds} seconds (a top-level await that never settles?)`,
        hint: "a config should be plain data; set BERTH_CONFIG_TIMEOUT=<seconds> if it really needs longer",
      });
    if (e instanceof ExitCalled || (e instanceof Error && e.cause instanceof ExitCalled))
      return fail({
        message: `called ${e instanceof ExitCalled ? e.message : (e.cause as ExitCalled).message} while loading`,
        hint: "a config must not exit the process; remove the call",
      });
    return fail(loadFailure(e, path));
  } finally {
    clearTimeout(timer);
    process.exit = exit;
  }
}

function loadTimeout(): number {
  const v = Number(process.env.BERTH_CONFIG_TIMEOUT);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_LOAD_TIMEOUT_SECONDS;
}

/** A module that failed to load: a syntax error with its line, column and code frame, or what it threw. */
function loadFailure(e: unknown, path: string): Omit<ConfigIssue, "path"> {
  const text = e instanceof Error ? e.message : String(e);
  const first = text.split("\n")[0]?.trim() ?? text;
  const at = /:(\d+):(\d+)\s*$/.exec(text);
  if (/SyntaxError|ParseError/.test(`${(e as Error)?.name ?? ""} ${text}`) && at) {
    const line = Number(at[1]);
    const column = Number(at[2]) + 1; // Babel counts columns from 0
    const message = `syntax error: ${first.replace(/^(ParseError|SyntaxError):\s*/, "")}`;
    return { message, line, column, frame: codeFrame(readFileSync(path, "utf8"), line, column) };
  }
  return { message: `failed to load: ${first}` };
}

/** The line of a problem with the one before it and a caret under the column. */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split(/\r?\n/);
  const width = String(line).length;
  const row = (n: number) => `${String(n).padStart(width)} | ${lines[n - 1] ?? ""}`;
  const out = line > 1 ? [row(line - 1)] : [];
  out.push(row(line), `${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}^`);
  return out.join("\n");
}

function readYaml(path: string, display: string): { raw: unknown; lineOf: LineOf } {
  const source = readFileSync(path, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    // Only the first syntax error: the ones after it are mostly its knock-on effects.
    const pos = first.linePos?.[0];
    const message = `invalid YAML: ${(first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`;
    const issue: ConfigIssue = pos
      ? { path: [], message, line: pos.line, column: pos.col, frame: codeFrame(source, pos.line, pos.col) }
      : { path: [], message };
    throw new ConfigError(issue, display);
  }
  const lineOf: LineOf = (p) => {
    let node: unknown = doc.contents;
    let last: Node | undefined = doc.contents ?? undefined;
    for (const key of p) {
      if (isMap(node)) {
        const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === key);
        if (!pair) break;
        last = (pair.key as Node) ?? last;
        node = pair.value;
      } else if (isSeq(node) && typeof key === "number") {
        node = node.items[key];
        last = (node as Node) ?? last;
      } else break;
    }
    const offset = last?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    const message = `invalid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
    const offset = unresolvedAlias(doc);
    if (offset === undefined) throw new ConfigError({ path: [], message }, display);
    const { line, col } = lineCounter.linePos(offset);
    throw new ConfigError({ path: [], message, line, column: col, frame: codeFrame(source, line, col) }, display);
  }
  return { raw, lineOf };
}

/** Where the first alias without its anchor (`*name` before `&name`) is, the one error `yaml` reports without a position. */
function unresolvedAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) !== undefined) return undefined;
      offset = node.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}
