/**
 * Validates raw config input against the schema and turns zod issues into `ConfigError`s
 * that name the config path, say what was expected and what was found.
 */
import { z } from "zod";
import { ConfigError, type ConfigIssue } from "../errors.js";
import { type BerthConfig, configSchema } from "./schema/app.js";
import { suggest } from "./schema/strict.js";

export type LineOf = (path: readonly (string | number)[]) => number | undefined;

export function validateConfig(raw: unknown, file?: string, lineOf?: LineOf): BerthConfig {
  const result = configSchema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data as BerthConfig;
  const issues = result.error.issues.map((i) => toIssue(i, lineOf));
  throw new ConfigError(issues, file);
}

function shown(v: unknown): string {
  if (v === undefined) return "nothing";
  const json = JSON.stringify(v);
  if (json === undefined) return typeof v;
  return json.length > 60 ? `${Array.isArray(v) ? "an array" : typeof v}` : json;
}

function toIssue(iss: z.core.$ZodIssue, lineOf?: LineOf): ConfigIssue {
  const path = iss.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  const line = lineOf?.(path);
  const withLine = (i: ConfigIssue): ConfigIssue => (line ? { ...i, line } : i);
  const input = (iss as { input?: unknown }).input;
  switch (iss.code) {
    case "invalid_type":
      if (input === undefined) return withLine({ path, message: `is required (${iss.expected})` });
      return withLine({ path, message: `expected ${iss.expected}; got ${shown(input)}` });
    case "invalid_value": {
      const values = iss.values.map((v) => JSON.stringify(v));
      const guess = typeof input === "string" ? suggest(input, iss.values.map(String)) : undefined;
      const hint = guess ? `; did you mean ${JSON.stringify(guess)}?` : "";
      return withLine({ path, message: `expected one of ${values.join(", ")}; got ${shown(input)}${hint}` });
    }
    case "unrecognized_keys":
      return { path, message: iss.message, ...(lineOf?.([...path, iss.keys[0] ?? ""]) ? { line: lineOf([...path, iss.keys[0] ?? ""]) } : {}) };
    default: {
      const got = input === undefined || iss.code === "custom" ? "" : `; got ${shown(input)}`;
      return withLine({ path, message: `${iss.message}${got}` });
    }
  }
}
