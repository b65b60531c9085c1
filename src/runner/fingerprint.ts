/**
 * A stack's fingerprint: a SHA-256 over its files (berth's and the user's) and the variable values berth feeds it.
 * Equal fingerprints mean terraform would see the same configuration with the same inputs, so a
 * stack whose fingerprint matches its last successful apply need not be planned again.
 */
import { createHash } from "node:crypto";
import type { TfValue } from "../terraform/stack.js";

/** Hash of a stack's files (`stackSources`): name and content (text, or a package's bytes) of each, in order. */
export function filesHash(files: readonly (readonly [string, string | Uint8Array])[]): string {
  const h = createHash("sha256");
  for (const [name, content] of files) {
    h.update(`${name}\0`);
    h.update(content);
    h.update("\0");
  }
  return h.digest("hex");
}

/** Hash of the files hash and the variables, independent of key order. */
export function fingerprint(files: string, vars: Readonly<Record<string, TfValue>>): string {
  return createHash("sha256")
    .update(`${files}\0${canonicalJson(vars)}`)
    .digest("hex");
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** True when both values have the same canonical JSON. */
export const sameValue = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
