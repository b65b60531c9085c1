/**
 * Writes stacks to disk atomically: everything is first written to a temporary directory beside the
 * output, then each environment's directory is swapped in with a rename. A failure leaves the previous
 * output untouched, and `.berth/` (caches, logs) inside the output survives.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { stackFiles } from "./render.js";
import type { Stack } from "./stack.js";

export interface WriteResult {
  readonly outDir: string;
  readonly files: number;
}

export function writeStacks(stacks: readonly Stack[], outDir: string): WriteResult {
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  const tmp = join(out, `.berth-tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  let files = 0;
  try {
    for (const stack of stacks) {
      const dir = join(tmp, stack.path);
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of stackFiles(stack)) {
        writeFileSync(join(dir, name), text);
        files++;
      }
    }
    for (const env of [...new Set(stacks.map((s) => s.env))].sort()) {
      const target = join(out, env);
      const old = join(out, `.berth-old-${process.pid}-${env}`);
      if (existsSync(target)) renameSync(target, old);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(tmp, env), target);
      rmSync(old, { recursive: true, force: true });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { outDir: out, files };
}
