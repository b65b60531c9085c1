/**
 * `--stack <glob>`: the stacks a run acts on. A pattern matches a stack's path (`staging/eu-west-1/platform`)
 * or its id (`service-*`); the stacks it does not select are not run, but their recorded outputs
 * still feed the selected ones. `--region <r>` keeps the stacks of one region (a recovery region's, say);
 * upstream stacks in another region are read from their records like any unselected stack.
 */
import picomatch from "picomatch";
import { UsageError } from "../errors.js";
import type { Stack } from "../terraform/stack.js";

export function selectStacks(stacks: readonly Stack[], patterns: readonly string[] = [], region?: string): Stack[] {
  const inRegion = region === undefined ? [...stacks] : stacks.filter((s) => s.region === region);
  if (inRegion.length === 0) {
    const regions = [...new Set(stacks.map((s) => s.region))].sort();
    throw new UsageError(`--region ${region} matches no stack`, `regions: ${regions.join(", ")}`);
  }
  if (patterns.length === 0) return inRegion;
  const selected = inRegion.filter((s) => patterns.some((p) => picomatch.isMatch(s.path, p) || picomatch.isMatch(s.id, p)));
  if (selected.length === 0) {
    throw new UsageError(`--stack ${patterns.join(" ")} matches no stack`, `stacks: ${stacks.map((s) => s.path).join(", ")}`);
  }
  return selected;
}
