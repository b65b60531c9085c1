/** berth's public library API: define and load a config, resolve the model, render stacks. */
export { defineConfig } from "./config/define.js";
export type { BerthConfig, ServiceInput, NetworkInput, ComputeInput, LoadBalancerInput, EnvironmentInput } from "./config/define.js";
export { loadConfig, findConfig, DEFAULT_CONFIG_FILES, type LoadedConfig } from "./config/load.js";
export { validateConfig } from "./config/validate.js";
export { resolveModel } from "./model/resolve.js";
export type * from "./model/types.js";
export { BerthError, ConfigError, UsageError, TerraformError } from "./errors.js";
