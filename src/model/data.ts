/**
 * The data tier of one environment: KMS keys, databases (with the services that use them), and the
 * secrets and parameters berth creates. Overrides merge per environment like every other section.
 */
import type { BerthConfig, EnvironmentInput } from "../config/schema/app.js";
import type { DatabaseInput } from "../config/schema/database.js";
import type { ServiceInput } from "../config/schema/service.js";
import { own } from "../config/own.js";
import { resolveDatabase } from "./database.js";
import type { Issues } from "./issues.js";
import { resolveKms } from "./kms.js";
import { deepMerge } from "./merge.js";
import { resolveDeclaredParameters, resolveDeclaredSecrets } from "./secrets.js";
import type { Database, DeclaredParameter, DeclaredSecret, KmsKeys } from "./types.js";

export interface DataTier {
  readonly kms: KmsKeys;
  readonly databases: readonly Database[];
  readonly secrets: readonly DeclaredSecret[];
  readonly parameters: readonly DeclaredParameter[];
}

export function resolveDataTier(
  config: BerthConfig,
  envName: string,
  env: EnvironmentInput,
  ctx: {
    prefix: string;
    azCount: number;
    services: Readonly<Record<string, ServiceInput>>;
    region: string;
    recoveryRegions: readonly string[];
    recoveryServes: boolean;
    issues: Issues;
  },
): DataTier {
  const known = Object.keys(config.databases ?? {});
  for (const key of Object.keys(env.databases ?? {})) {
    if (!known.includes(key)) ctx.issues.unknown(["environments", envName, "databases", key], "database", key, known);
  }
  const databases = known.sort().map((key) => {
    const override = own(env.databases, key);
    const input = deepMerge(own(config.databases, key) as DatabaseInput, override);
    const users = Object.keys(ctx.services).filter((s) => own(own(ctx.services, s)?.databases, key) !== undefined);
    const pathOf = (field: string) =>
      own(override as Record<string, unknown> | undefined, field) !== undefined
        ? ["environments", envName, "databases", key, field]
        : ["databases", key, field];
    return resolveDatabase(key, input, {
      prefix: ctx.prefix,
      tier: env.tier,
      azCount: ctx.azCount,
      pathOf,
      at: ["databases", key],
      users,
      region: ctx.region,
      recoveryRegions: ctx.recoveryRegions,
      recoveryServes: ctx.recoveryServes,
      issues: ctx.issues,
    });
  });
  return {
    kms: resolveKms(deepMerge(config.kms ?? {}, env.kms), { prefix: ctx.prefix, tier: env.tier }),
    databases,
    secrets: resolveDeclaredSecrets(config.secrets ?? {}, { prefix: ctx.prefix, tier: env.tier, issues: ctx.issues }),
    parameters: resolveDeclaredParameters(config.parameters ?? {}, { project: config.project, env: envName, issues: ctx.issues }),
  };
}
