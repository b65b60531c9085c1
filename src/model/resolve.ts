/**
 * `resolveModel(config)`: from the validated config to the resolved model, one environment at a time.
 * Pure: no I/O. All user errors found are reported together as one `ConfigError`.
 */
import type { BerthConfig } from "../config/schema/app.js";
import { ConfigError, type ConfigPath } from "../errors.js";
import { own } from "../config/own.js";
import { resolveDelivery } from "./delivery.js";
import { resolveEnvironment } from "./environment.js";
import { checkSharedRepositories } from "./existing.js";
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
  checkSharedRepositories(config, issues);
  const environments = names.filter((n) => !opts.env || n === opts.env).map((n) => resolveEnvironment(config, n, own(config.environments, n)!, issues));
  issues.throwIfAny(opts.file);
  return { project: config.project, environments, delivery: resolveDelivery(config, environments), warnings: issues.warnings };
}

/**
 * A schema error plus the model's errors on the repaired config (invalid optional values removed), so
 * one run reports every error it can know. Model errors at or under a removed path are left out: they
 * would be about a default standing in for the user's value.
 */
export function withModelIssues(error: ConfigError, opts: ResolveOptions = {}): ConfigError {
  if (!error.repaired) return error;
  const removed = error.repaired.removed;
  let more: ConfigError["issues"] = [];
  try {
    resolveModel(error.repaired.config as BerthConfig, opts);
  } catch (e) {
    if (!(e instanceof ConfigError)) return error;
    more = e.issues.filter((i) => !removed.some((r) => startsWith(i.path, r)));
  }
  if (more.length === 0) return error;
  const combined = new ConfigError([...error.issues, ...more], error.file);
  combined.lineOf = error.lineOf;
  return combined;
}

function startsWith(path: ConfigPath, prefix: ConfigPath): boolean {
  return prefix.length <= path.length && prefix.every((p, i) => p === path[i]);
}
