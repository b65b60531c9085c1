/**
 * `--stack <glob>`: the stacks a run acts on. A pattern matches a stack's path (`staging/eu-west-1/platform`)
 * or its id (`service-*`); the stacks it does not select are not run, but their recorded outputs
 * still feed the selected ones.
 */
import picomatch from "picomatch";
import { UsageError } from "../errors.js";
import type { Stack } from "../terraform/stack.js";

export function selectStacks(stacks: readonly Stack[], patterns: readonly string[] = []): Stack[] {
  if (patterns.length === 0) return [...stacks];
  const selected = stacks.filter((s) => patterns.some((p) => picomatch.isMatch(s.path, p) || picomatch.isMatch(s.id, p)));
  if (selected.length === 0) {
    throw new UsageError(`--stack ${patterns.join(" ")} matches no stack`, `stacks: ${stacks.map((s) => s.path).join(", ")}`);
  }
  return selected;
}
