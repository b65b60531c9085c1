/**
 * `resolveModel(config)`: from the validated config to the resolved model, one environment at a time.
 * Pure: no I/O. All user errors found are reported together as one `ConfigError`.
 */
import type { BerthConfig } from "../config/schema/app.js";
import { resolveDelivery } from "./delivery.js";
import { resolveEnvironment } from "./environment.js";
import { Issues } from "./issues.js";
import type { Model } from "./types.js";

export interface ResolveOptions {
  /** Resolve only this environment. */
  readonly env?: string;
  /** The config file, for error messages. */
  readonly file?: string;
}

export function resolveModel(config: BerthConfig, opts: ResolveOptions = {}): Model {
  const issues = new Issues();
  const names = Object.keys(config.environments).sort();
  if (opts.env && !names.includes(opts.env)) {
    issues.unknown(["environments"], "environment", opts.env, names);
    issues.throwIfAny(opts.file);
  }
  const environments = names.filter((n) => !opts.env || n === opts.env).map((n) => resolveEnvironment(config, n, config.environments[n]!, issues));
  issues.throwIfAny(opts.file);
  return { project: config.project, environments, delivery: resolveDelivery(config) };
}
