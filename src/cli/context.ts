/** What most commands start with: load and validate the config, resolve the model, render the stacks. */
import { dirname } from "node:path";
import { loadConfig } from "../config/load.js";
import { resolveModel } from "../model/resolve.js";
import type { Model } from "../model/types.js";
import { renderStacks } from "../terraform/render.js";
import type { Stack } from "../terraform/stack.js";

export interface CommonOptions {
  readonly config?: string;
  readonly env?: string;
}

/** `file` is the config path as the user should see it; `configDir` its folder (for `terraform/` extension files). */
export async function loadModel(opts: CommonOptions): Promise<{ file: string; configDir: string; model: Model }> {
  const loaded = await loadConfig({ config: opts.config });
  const model = resolveModel(loaded.config, { env: opts.env, file: loaded.display });
  return { file: loaded.display, configDir: dirname(loaded.path), model };
}

export async function loadStacks(opts: CommonOptions): Promise<{ file: string; configDir: string; model: Model; stacks: Stack[] }> {
  const { file, configDir, model } = await loadModel(opts);
  return { file, configDir, model, stacks: renderStacks(model) };
}
