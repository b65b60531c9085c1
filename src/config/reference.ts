/**
 * The config reference in Markdown, generated from the JSON Schema (and so from the zod descriptions):
 * one row per setting, with its dotted path, accepted values and description.
 */
import { configJsonSchema } from "./json-schema.js";

type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  required?: string[];
  minimum?: number;
  maximum?: number;
};

interface Row {
  readonly path: string;
  readonly type: string;
  readonly description: string;
}

export function configReference(): string {
  const rows: Row[] = [];
  walk(configJsonSchema() as Schema, "", rows);
  const lines = ["| Setting | Accepts | Description |", "|---|---|---|"];
  for (const r of rows) lines.push(`| \`${r.path}\` | ${r.type} | ${r.description.replace(/\|/g, "\\|").replace(/\n/g, " ")} |`);
  return lines.join("\n");
}

function walk(s: Schema, path: string, rows: Row[]): void {
  const objects = objectVariants(s);
  for (const obj of objects) {
    for (const [key, child] of Object.entries(obj.properties ?? {})) {
      if (key === "$schema") continue;
      const p = path ? `${path}.${key}` : key;
      const required = obj.required?.includes(key) ? " **required**" : "";
      rows.push({ path: p, type: typeOf(child) + required, description: child.description ?? "" });
      walk(child, p, rows);
    }
    if (typeof obj.additionalProperties === "object" && !obj.properties) {
      walk(obj.additionalProperties, `${path}.<name>`, rows);
    }
  }
  if (s.items) walk(s.items, `${path}[]`, rows);
  for (const v of s.anyOf ?? []) if (v.type === "array" && v.items) walk(v.items, `${path}[]`, rows);
}

function objectVariants(s: Schema): Schema[] {
  if (s.type === "object") return [s];
  return (s.anyOf ?? []).filter((v) => v.type === "object");
}

function typeOf(s: Schema): string {
  if (s.anyOf) return [...new Set(s.anyOf.map(typeOf))].join(" or ");
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(", ");
  if (s.type === "array") return `list of ${s.items ? typeOf(s.items) : "values"}`;
  if (s.type === "object") return s.properties ? "object" : `map of ${typeof s.additionalProperties === "object" ? typeOf(s.additionalProperties) : "values"}`;
  if (s.type === "string" && s.pattern) return `string (\`${patternHint(s.pattern)}\`)`;
  if (s.type === "integer" || s.type === "number") {
    const range = s.minimum !== undefined && s.maximum !== undefined ? ` ${s.minimum}–${s.maximum}` : "";
    return `${s.type}${range}`;
  }
  return String(s.type ?? "any");
}

/** Shows unit patterns as examples rather than regular expressions. */
function patternHint(p: string): string {
  if (p.includes("vCPU")) return '"0.5 vCPU"';
  if (p.includes("second")) return '"30 seconds"';
  if (p.includes(" GB") && p.includes(" MB")) return '"1 GB"';
  if (p.includes(" GB")) return '"20 GB"';
  return p.replace(/\|/g, "\\|");
}
