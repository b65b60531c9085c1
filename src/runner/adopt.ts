/**
 * `berth adopt`: finds what already runs for an environment, matches it to the model's resources and
 * writes the import blocks of what can be adopted as it is; the rest is a report (names to set,
 * waiting, not found, ambiguous, not adoptable). With a way to set names (`setNames`, YAML configs),
 * the names are written to the config first and the matching runs again on the model they give.
 */
import { UsageError } from "../errors.js";
import { adoptionTargets } from "../model/adoption.js";
import type { Environment } from "../model/types.js";
import { type Discovered, discover } from "./adopt-discover.js";
import { type AdoptionPlan, matchAdoption, type NameToSet } from "./adopt-match.js";
import { checkImportPaths, existingSnippet, importFiles, importsPath, writeImportFiles } from "./adopt-write.js";
import type { AwsCli } from "./aws-cli.js";

export interface AdoptOptions {
  readonly configDir: string;
  /** Copilot application and environment names; default: the project and the environment's name. */
  readonly app: string;
  readonly copilotEnv: string;
  readonly force: boolean;
  /** Report only; write nothing. */
  readonly dryRun: boolean;
  /** Writes the names into the config and returns the environment resolved again with them. */
  readonly setNames?: (names: readonly NameToSet[]) => Promise<Environment>;
}

export interface AdoptResult extends AdoptionPlan {
  readonly env: string;
  /** Files written (or that would be), relative to the config's folder. */
  readonly files: readonly string[];
  /** The object to add under `environments.<env>`, or null when no name or setting is missing. */
  readonly snippet: string | null;
  /** Names written into the config (`setNames`), now part of the model the imports were matched against. */
  readonly namesWritten: readonly NameToSet[];
}

export async function adopt(aws: AwsCli, env: Environment, opts: AdoptOptions): Promise<AdoptResult> {
  if (env.recovery.length > 0)
    throw new UsageError(
      `environment ${env.name} has a recovery region; berth adopt writes imports for one region and its extension files would reach both`,
      "adopt the environment before adding recovery, or write the import blocks of the primary region by hand",
    );
  const found = await discover(aws, { app: opts.app, env: opts.copilotEnv, region: env.region });
  let plan = planFor(env, found, opts);
  let namesWritten: readonly NameToSet[] = [];
  if (plan.names.length > 0 && opts.setNames && !opts.dryRun) {
    // Every stack adopt may write is checked before the config changes: both are written, or neither.
    checkImportPaths(opts.configDir, env.name, [...new Set(adoptionTargets(env).map((t) => t.stack))], { force: opts.force });
    namesWritten = plan.names;
    plan = planFor(await opts.setNames(plan.names), found, opts);
  }
  const files = importFiles(env.name, plan.adopted);
  const written = opts.dryRun
    ? [...files.keys()].map((s) => importsPath(s, env.name))
    : writeImportFiles(opts.configDir, env.name, files, { force: opts.force });
  return { env: env.name, ...plan, files: written, snippet: plan.names.length > 0 ? existingSnippet(plan.names) : null, namesWritten };
}

function planFor(env: Environment, found: readonly Discovered[], opts: AdoptOptions): AdoptionPlan {
  const internal = new Set(env.loadBalancers.filter((l) => l.internal).map((l) => l.key));
  const existing = env.network.existing;
  const referenced = new Set(existing ? [existing.id, ...Object.values(existing.subnets).flat()] : []);
  return matchAdoption(adoptionTargets(env), found, { app: opts.app, env: opts.copilotEnv, internal, referenced });
}
