/**
 * Strict objects for every config concept: unknown keys are errors that suggest the closest known key.
 */
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";

/** The known key closest to `key`, when it is close enough to be a likely typo. */
export function suggest(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(key, [...known]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(key.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

export function unknownKeyMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((k) => {
      const hint = suggest(k, known);
      return hint ? `unknown key "${k}"; did you mean "${hint}"?` : `unknown key "${k}"; expected one of: ${known.join(", ")}`;
    })
    .join("; ");
}

export function strict<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => (iss.code === "unrecognized_keys" ? unknownKeyMessage(iss.keys, known) : undefined),
  });
}

/** Names used in AWS resource names: lowercase letters, digits and hyphens. */
export const name = (what: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9-]*[a-z0-9]$|^[a-z]$/, {
      error: `${what} must be lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen`,
    })
    .max(32, { error: `${what} must be at most 32 characters` });
