/** Reads a YAML file an importer maps (a Copilot manifest, a Compose file): its value, and the line of any path in it for located errors. */
import { readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { codeFrame } from "../config/load.js";
import { ConfigError, type ConfigPath } from "../errors.js";

export interface YamlSource {
  /** The file as the user should see it in messages. */
  readonly display: string;
  readonly value: unknown;
  readonly lineOf: (path: ConfigPath) => number | undefined;
}

export function readYamlSource(path: string, display: string): YamlSource {
  const source = readFileSync(path, "utf8");
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: true, merge: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const message = `invalid YAML: ${(first.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`;
    throw new ConfigError(
      pos ? { path: [], message, line: pos.line, column: pos.col, frame: codeFrame(source, pos.line, pos.col) } : { path: [], message },
      display,
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new ConfigError({ path: [], message: `invalid YAML: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}` }, display);
  }
  const lineOf = (p: ConfigPath): number | undefined => {
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
  return { display, value, lineOf };
}

/** A located error in a source file: `<file>:<line>: <path>: <message>`, exit code 2. */
export function sourceError(src: YamlSource, path: ConfigPath, message: string, hint?: string): ConfigError {
  const error = new ConfigError({ path, message, hint, line: src.lineOf(path) }, src.display);
  return error;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
