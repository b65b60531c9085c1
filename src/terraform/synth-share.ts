/**
 * One thread's share of a synth: takes stack indexes from `take` until it returns one past the end, and
 * for each renders the stack, prints its files, adds the config's extension files and decides (staging
 * as it goes) what writing them changes. The main thread and every synth worker run this same loop over
 * the same model, so which thread takes a stack never changes what is written.
 */
import type { StackPlan } from "../model/stacks.js";
import type { Environment, Model } from "../model/types.js";
import { type ExtensionReader, extensionReader } from "./extensions.js";
import { renderStack, stackFiles } from "./render.js";
import type { Stack } from "./stack.js";
import { zipFolder } from "./package.js";
import { type AbsentFolders, planStackWrite, type Stage, type StackWrite } from "./write-plan.js";

/** A stack's write decisions, with what the synth summary shows of it. */
export interface SynthedStack extends StackWrite {
  readonly index: number;
  readonly dependsOn: readonly string[];
}

export interface ShareJob {
  readonly out: string;
  /** The config's folder, for `terraform/` extension files. */
  readonly configDir?: string;
  readonly stage: Stage;
  /** The next stack index to do (each index is handed out once across threads). */
  readonly take: () => number;
}

/** Every stack the model plans, in its order (the indexes `take` hands out). */
export function plannedStacks(model: Model): (readonly [Environment, StackPlan])[] {
  return model.environments.flatMap((env) => env.stacks.map((plan) => [env, plan] as const));
}

export function synthShare(model: Model, job: ShareJob): SynthedStack[] {
  const planned = plannedStacks(model);
  const done: SynthedStack[] = [];
  const extensions = job.configDir === undefined ? undefined : extensionReader(job.configDir);
  const absent: AbsentFolders = new Map();
  for (let i = job.take(); i < planned.length; i = job.take()) {
    const [env, plan] = planned[i]!;
    const stack = renderStack(env, plan);
    done.push({ index: i, dependsOn: stack.dependsOn, ...stageStack(job.out, stack, extensions, job.stage, job.configDir, absent) });
  }
  return done;
}

/**
 * One rendered stack's step of any write: print its files, add its extension copies and its assets (a
 * function's zipped folder, relative to the config's folder), decide and stage what changes.
 */
export function stageStack(
  out: string,
  stack: Stack,
  extensions: ExtensionReader | undefined,
  stage: Stage,
  configDir: string = process.cwd(),
  absent?: AbsentFolders,
): StackWrite {
  const files = new Map<string, string | Uint8Array>(stackFiles(stack));
  for (const [name, text] of extensions?.(stack, [...files.keys()]) ?? []) files.set(name, text);
  for (const asset of stack.assets ?? []) files.set(asset.name, zipFolder(configDir, asset.dir, assetField(stack)));
  return planStackWrite(out, [stack.path, files], stage, absent);
}

/** The config field an asset comes from, for errors. */
const assetField = (stack: Stack): string => (stack.function !== undefined ? `functions.${stack.function}.dir` : stack.path);
