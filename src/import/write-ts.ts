/**
 * Writes an imported config as `berth.config.ts` with `defineConfig`: two-space indentation, small
 * objects on one line like the examples, and a `//` comment above each value that was derived, must be
 * set, or stands for a field that could not be mapped.
 */
const WIDTH = 140;

export interface TsWriteOptions {
  /** The file's header comment: where the config was imported from. */
  readonly header: readonly string[];
  /** Comments by JSON-encoded config path. */
  readonly comments: ReadonlyMap<string, readonly string[]>;
}

export function writeTs(config: Record<string, unknown>, opts: TsWriteOptions): string {
  const header = ["/**", ...opts.header.map((l) => (l ? ` * ${l}` : " *")), " */"].join("\n");
  const rootComments = commentLines(opts.comments.get("[]"), "");
  const body = value(config, [], 0, opts.comments);
  return `${header}\nimport { defineConfig } from "berth-iac";\n\n${rootComments}export default defineConfig(${body});\n`;
}

function value(v: unknown, path: readonly (string | number)[], depth: number, comments: ReadonlyMap<string, readonly string[]>): string {
  if (v === null || typeof v !== "object") return scalar(v);
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  if (entries.length === 0) return Array.isArray(v) ? "[]" : "{}";
  const inner = "  ".repeat(depth + 1);
  const lines = entries.map(([k, x]) => {
    const p = [...path, k];
    const text = value(x, p, depth + 1, comments);
    return { comment: commentLines(comments.get(JSON.stringify(p)), inner), text: Array.isArray(v) ? text : `${key(String(k))}: ${text}` };
  });
  const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
  const oneLine = Array.isArray(v) ? `[${lines.map((l) => l.text).join(", ")}]` : `{ ${lines.map((l) => l.text).join(", ")} }`;
  const fits = lines.every((l) => !l.comment && !l.text.includes("\n")) && oneLine.length + inner.length + 20 <= WIDTH && depth > 0;
  if (fits) return oneLine;
  return `${open}\n${lines.map((l) => `${l.comment}${inner}${l.text},`).join("\n")}\n${"  ".repeat(depth)}${close}`;
}

function commentLines(texts: readonly string[] | undefined, indent: string): string {
  if (!texts || texts.length === 0) return "";
  return texts
    .flatMap((t) => t.split("\n"))
    .map((t) => `${indent}// ${t}\n`)
    .join("");
}

function key(k: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
}

function scalar(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return "undefined";
}
