/**
 * Finds and loads a config file: `berth.config.ts` (through jiti, so TypeScript needs no build step)
 * or `berth.yaml`, then validates it. Returns the validated config and where it came from.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { ConfigError, UsageError } from "../errors.js";
import type { BerthConfig } from "./schema/app.js";
import { type LineOf, validateConfig } from "./validate.js";

export const DEFAULT_CONFIG_FILES = ["berth.config.ts", "berth.config.mts", "berth.config.js", "berth.config.mjs", "berth.yaml", "berth.yml"];

export interface LoadedConfig {
  /** Absolute path of the config file. */
  readonly path: string;
  /** The path as the user should see it in messages (relative to the working directory). */
  readonly display: string;
  readonly config: BerthConfig;
}

export function findConfig(cwd: string, explicit?: string): string {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path))
      throw new UsageError(`config file not found: ${explicit}`, "pass an existing file with --config, or run berth where berth.config.ts is");
    return path;
  }
  for (const name of DEFAULT_CONFIG_FILES) {
    const path = join(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new UsageError(`no config file found in ${cwd}`, `create ${DEFAULT_CONFIG_FILES[0]} or ${DEFAULT_CONFIG_FILES[4]}, or pass --config <file>`);
}

export async function loadConfig(opts: { cwd?: string; config?: string } = {}): Promise<LoadedConfig> {
  const cwd = opts.cwd ?? process.cwd();
  const path = findConfig(cwd, opts.config);
  const display = relative(cwd, path) || path;
  const isYaml = [".yaml", ".yml"].includes(extname(path));
  const { raw, lineOf } = isYaml ? readYaml(path, display) : { raw: await importModule(path, display), lineOf: undefined };
  return { path, display, config: validateConfig(raw, display, lineOf) };
}

/** Where berth's own entry lives, so `import { defineConfig } from "berth"` works from any config file. */
function berthEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const js = join(here, "..", "index.js");
  return existsSync(js) ? js : join(here, "..", "index.ts");
}

async function importModule(path: string, display: string): Promise<unknown> {
  const jiti = createJiti(import.meta.url, { alias: { berth: berthEntry() }, moduleCache: false, fsCache: false });
  try {
    const mod = await jiti.import<{ default?: unknown }>(path);
    const value = mod && typeof mod === "object" && "default" in mod ? mod.default : mod;
    if (value === undefined) throw new Error("the file has no default export; write `export default defineConfig({ … })`");
    return value;
  } catch (e) {
    const cause = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new ConfigError({ path: [], message: `failed to load config: ${cause}` }, display);
  }
}

function readYaml(path: string, display: string): { raw: unknown; lineOf: LineOf } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path, "utf8"), { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({ path: [], message: `invalid YAML: ${e.message.split("\n")[0]}`, line: e.linePos?.[0]?.line }));
    throw new ConfigError(issues, display);
  }
  const lineOf: LineOf = (p) => {
    let node: unknown = doc.contents;
    let last: Node | undefined;
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
  return { raw: doc.toJS(), lineOf };
}
