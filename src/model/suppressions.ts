/** Resolves `checks.suppress`: the shared suppressions, then the environment's, each with where it is written. */
import type { ChecksInput } from "../config/schema/insight.js";
import type { Suppression } from "./types.js";

export function resolveSuppressions(shared: ChecksInput | undefined, own: ChecksInput | undefined, envName: string): Suppression[] {
  const list = (input: ChecksInput | undefined, at: string) =>
    (input?.suppress ?? []).map((s, i) => ({ rule: s.rule, resource: s.resource, reason: s.reason, at: `${at}checks.suppress[${i}]` }));
  return [...list(shared, ""), ...list(own, `environments.${envName}.`)];
}
