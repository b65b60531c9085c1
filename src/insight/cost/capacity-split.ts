/**
 * How ECS spreads a service's tasks over the cluster's capacity providers: the provider with a `base`
 * runs the first `base` tasks, the rest are shared in proportion to the weights. With fractional average
 * task counts the same arithmetic gives the average Spot share.
 */
import type { CapacityProviderShare } from "../../model/types.js";

export function splitTasks(tasks: number, strategy: readonly CapacityProviderShare[]): Map<string, number> {
  const out = new Map<string, number>(strategy.map((s) => [s.provider, 0]));
  let left = tasks;
  for (const s of strategy) {
    const base = Math.min(left, s.base);
    out.set(s.provider, base);
    left -= base;
  }
  const weights = strategy.reduce((n, s) => n + s.weight, 0);
  for (const s of strategy) out.set(s.provider, (out.get(s.provider) ?? 0) + (weights > 0 ? (left * s.weight) / weights : 0));
  return out;
}
