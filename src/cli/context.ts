/** What most commands start with: load and validate the config, resolve the model, render the stacks. */
import { dirname } from "node:path";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { ConfigError, type ConfigIssue, formatPath } from "../errors.js";
import { resolveModel, withModelIssues } from "../model/resolve.js";
import type { Model } from "../model/types.js";
import { renderStacks } from "../terraform/render.js";
import type { Stack } from "../terraform/stack.js";

export interface CommonOptions {
  readonly config?: string;
  readonly env?: string;
}

/**
 * `file` is the config path as the user should see it; `configDir` its folder (for `terraform/` extension files).
 * Schema errors come with the model's errors where the config can still be resolved, all with their YAML lines.
 */
export async function loadModel(opts: CommonOptions): Promise<{ file: string; configDir: string; model: Model; loaded: LoadedConfig }> {
  let loaded: LoadedConfig;
  try {
    loaded = await loadConfig({ config: opts.config });
  } catch (e) {
    throw e instanceof ConfigError ? withModelIssues(e, { env: opts.env, file: e.file }) : e;
  }
  try {
    const model = resolveModel(loaded.config, { env: opts.env, file: loaded.display });
    for (const w of model.warnings) process.stderr.write(`${formatWarning(w, loaded)}\n`);
    return { file: loaded.display, configDir: dirname(loaded.path), model, loaded };
  } catch (e) {
    if (e instanceof ConfigError) e.lineOf = loaded.lineOf;
    throw e;
  }
}

export async function loadStacks(opts: CommonOptions): Promise<{ file: string; configDir: string; model: Model; stacks: Stack[] }> {
  const { file, configDir, model } = await loadModel(opts);
  return { file, configDir, model, stacks: renderStacks(model) };
}

function formatWarning(w: ConfigIssue, loaded: LoadedConfig): string {
  const line = loaded.lineOf?.(w.path);
  return `warning: ${loaded.display}${line ? `:${line}` : ""}: ${formatPath(w.path)}: ${w.message}${w.hint ? `\n  hint: ${w.hint}` : ""}`;
}
