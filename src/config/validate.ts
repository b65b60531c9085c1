/**
 * Validates raw config input against the schema and turns zod issues into `ConfigError`s
 * that name the config path, say what was expected and what was found.
 *
 * When the schema fails, the error also carries a *repaired* config: the invalid optional values
 * removed (their defaults apply), so the model's own checks can still run and one run reports every
 * error it can know (`model/resolve.ts` `withModelIssues`). A config whose required values, names or
 * structure are wrong is not repaired.
 */
import { z } from "zod";
import { ConfigError, type ConfigIssue, type ConfigPath } from "../errors.js";
import { plainConfig } from "./plain.js";
import { type BerthConfig, configSchema } from "./schema/app.js";
import { suggest } from "./schema/strict.js";

export type LineOf = (path: ConfigPath) => number | undefined;

export function validateConfig(raw: unknown, file?: string, lineOf?: LineOf): BerthConfig {
  const plain = plainConfig(raw);
  const result = configSchema.safeParse(plain.value, { reportInput: true });
  if (result.success && plain.issues.length === 0) return result.data as BerthConfig;
  const schemaIssues = result.success ? [] : result.error.issues;
  const issues = [...plain.issues, ...onePerPath(schemaIssues).map((i) => toIssue(i, lineOf))];
  const error = new ConfigError(issues, file);
  error.lineOf = lineOf;
  if (plain.issues.length === 0) {
    const repaired = repair(plain.value, schemaIssues);
    if (repaired) error.repaired = repaired;
  }
  throw error;
}

const MAX_REPAIR_ROUNDS = 4;

/** The config without the invalid optional values, when that alone makes it valid. */
function repair(value: unknown, first: readonly z.core.$ZodIssue[]): { config: BerthConfig; removed: ConfigPath[] } | undefined {
  let config: unknown;
  try {
    config = structuredClone(value);
  } catch {
    return undefined; // a function or a symbol in the config: the schema's errors are all there is to say
  }
  const removed: ConfigPath[] = [];
  let issues = first;
  for (let round = 0; round < MAX_REPAIR_ROUNDS; round++) {
    for (const iss of issues) {
      const paths = removable(iss);
      if (!paths) return undefined;
      for (const p of paths) {
        if (!remove(config, p)) return undefined;
        removed.push(p);
      }
    }
    const again = configSchema.safeParse(config);
    if (again.success) return { config: again.data as BerthConfig, removed };
    issues = again.error.issues;
  }
  return undefined;
}

/** The paths whose removal fixes an issue, or nothing when a removal cannot (required values, names). */
function removable(iss: z.core.$ZodIssue): ConfigPath[] | undefined {
  const path = iss.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  const input = (iss as { input?: unknown }).input;
  if (iss.code === "unrecognized_keys") return iss.keys.map((k) => [...path, k]);
  if (iss.code === "invalid_key" || path.length === 0) return undefined;
  if (iss.code === "invalid_type" && input === undefined) return undefined;
  if (typeof path[path.length - 1] === "number") return undefined;
  return [path];
}

function remove(root: unknown, path: ConfigPath): boolean {
  let node = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  const last = path[path.length - 1];
  if (typeof node !== "object" || node === null || Array.isArray(node) || last === undefined || !Object.hasOwn(node, last)) return false;
  delete (node as Record<string | number, unknown>)[last];
  return true;
}

function shown(v: unknown): string {
  if (v === undefined) return "nothing";
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    json = undefined;
  }
  if (json === undefined) return typeof v === "number" ? String(v) : typeof v;
  return json.length > 60 ? `${Array.isArray(v) ? "an array" : typeof v}` : json;
}

function toIssue(iss: z.core.$ZodIssue, lineOf?: LineOf): ConfigIssue {
  const path = iss.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  const input = (iss as { input?: unknown }).input;
  switch (iss.code) {
    case "invalid_type":
      if (input === undefined) return { path, message: `is required (${iss.expected})` };
      return { path, message: `expected ${iss.expected}; got ${shown(input)}` };
    case "invalid_value": {
      const values = iss.values.map((v) => JSON.stringify(v));
      const guess = typeof input === "string" ? suggest(input, iss.values.map(String)) : undefined;
      const hint = guess ? `; did you mean ${JSON.stringify(guess)}?` : "";
      return { path, message: `expected one of ${values.join(", ")}; got ${shown(input)}${hint}` };
    }
    case "invalid_union": {
      // zod's bare "Invalid input": when one alternative fits the value's type, its problem is the one to show.
      const fitting = iss.errors.filter((b) => !b.every((i) => (i.code === "invalid_type" || i.code === "invalid_value") && i.path.length === 0));
      const inner = fitting.length === 1 ? fitting[0]?.[0] : undefined;
      if (inner && iss.message === "Invalid input") return toIssue({ ...inner, path: [...iss.path, ...inner.path] } as z.core.$ZodIssue, lineOf);
      return { path, message: `${iss.message}${input === undefined ? "" : `; got ${shown(input)}`}` };
    }
    case "unrecognized_keys": {
      // The object's path, located at the first unknown key's line.
      const line = lineOf?.([...path, iss.keys[0] ?? ""]);
      return { path, message: iss.message, ...(line ? { line } : {}) };
    }
    case "invalid_key": {
      // berth's own rule for the name (the key schema's message), not zod's "Invalid key in record".
      const rule = iss.issues[0]?.message ?? "is not a valid name";
      const fixed = /lowercase letters/.test(rule) ? nameSuggestion(String(input)) : undefined;
      return { path, message: `${rule}; got ${shown(input)}`, ...(fixed ? { hint: `rename it, e.g. "${fixed}"` } : {}) };
    }
    case "too_small":
    case "too_big":
      // zod's own wording starts "Too small"/"Too big"; a schema's own message (ports) is kept.
      return { path, message: `${/^Too (small|big)/.test(iss.message) ? bound(iss) : iss.message}${input === undefined ? "" : `; got ${shown(input)}`}` };
    default: {
      const got = input === undefined || iss.code === "custom" ? "" : `; got ${shown(input)}`;
      return { path, message: `${iss.message}${got}` };
    }
  }
}

/** One problem per value: zod reports `1e20` for an integer at most 65535 twice (not safe, too big). */
function onePerPath(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    if (i.code === "unrecognized_keys") return true;
    const key = JSON.stringify(i.path.map(String));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A range problem in berth's words: "must be at least 1", "must have at most 6 entries", "must be a whole number". */
function bound(iss: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = iss.code === "too_small";
  const limit = Number(small ? iss.minimum : iss.maximum);
  if (!small && limit === Number.MAX_SAFE_INTEGER) return "must be a whole number within range";
  const word = small ? (iss.inclusive === false ? "greater than" : "at least") : iss.inclusive === false ? "less than" : "at most";
  if (iss.origin === "array" || iss.origin === "set") return `must have ${word} ${limit} ${limit === 1 ? "entry" : "entries"}`;
  if (iss.origin === "string") return `must be ${word} ${limit} ${limit === 1 ? "character" : "characters"} long`;
  return `must be ${word} ${limit}`;
}

/** A name that follows berth's rule (lowercase letters, digits, hyphens; starts with a letter), close to `key`. */
function nameSuggestion(key: string): string | undefined {
  const s = key
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  return s && s !== key ? s : undefined;
}
