/** `defineConfig`: an identity function that gives `berth.config.ts` files types and editor completion. */
import type { BerthConfig } from "./schema/app.js";

export type { BerthConfig };
export type { ServiceInput } from "./schema/service.js";
export type { NetworkInput } from "./schema/network.js";
export type { ComputeInput } from "./schema/compute.js";
export type { LoadBalancerInput } from "./schema/load-balancer.js";
export type { EnvironmentInput } from "./schema/app.js";
export type { DatabaseInput } from "./schema/database.js";
export type { KmsInput, ParameterInput, SecretInput } from "./schema/secret.js";

export function defineConfig(config: BerthConfig): BerthConfig {
  return config;
}
