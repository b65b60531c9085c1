/** What most commands start with: load and validate the config, resolve the model, render the stacks. */
import { loadConfig } from "../config/load.js";
import { resolveModel } from "../model/resolve.js";
import type { Model } from "../model/types.js";
import { renderStacks } from "../terraform/render.js";
import type { Stack } from "../terraform/stack.js";

export interface CommonOptions {
  readonly config?: string;
  readonly env?: string;
}

export async function loadModel(opts: CommonOptions): Promise<{ file: string; model: Model }> {
  const loaded = await loadConfig({ config: opts.config });
  const model = resolveModel(loaded.config, { env: opts.env, file: loaded.display });
  return { file: loaded.display, model };
}

export async function loadStacks(opts: CommonOptions): Promise<{ file: string; model: Model; stacks: Stack[] }> {
  const { file, model } = await loadModel(opts);
  return { file, model, stacks: renderStacks(model) };
}
