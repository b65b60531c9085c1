/**
 * `berth adopt`: finds what already runs for an environment, matches it to the model's resources and
 * writes the import blocks of what can be adopted as it is; the rest is a report (names to set, not
 * found, ambiguous, not adoptable).
 */
import { UsageError } from "../errors.js";
import { adoptionTargets } from "../model/adoption.js";
import type { Environment } from "../model/types.js";
import { discover } from "./adopt-discover.js";
import { type AdoptionPlan, matchAdoption } from "./adopt-match.js";
import { existingSnippet, importFiles, importsPath, writeImportFiles } from "./adopt-write.js";
import type { AwsCli } from "./aws-cli.js";

export interface AdoptOptions {
  readonly configDir: string;
  /** Copilot application and environment names; default: the project and the environment's name. */
  readonly app: string;
  readonly copilotEnv: string;
  readonly force: boolean;
  /** Report only; write nothing. */
  readonly dryRun: boolean;
}

export interface AdoptResult extends AdoptionPlan {
  readonly env: string;
  /** Files written (or that would be), relative to the config's folder. */
  readonly files: readonly string[];
  /** The object to add under `environments.<env>.existing`, or null when no name is missing. */
  readonly snippet: string | null;
}

export async function adopt(aws: AwsCli, env: Environment, opts: AdoptOptions): Promise<AdoptResult> {
  if (env.recovery.length > 0)
    throw new UsageError(
      `environment ${env.name} has a recovery region; berth adopt writes imports for one region and its extension files would reach both`,
      "adopt the environment before adding recovery, or write the import blocks of the primary region by hand",
    );
  const found = await discover(aws, { app: opts.app, env: opts.copilotEnv, region: env.region });
  const internal = new Set(env.loadBalancers.filter((l) => l.internal).map((l) => l.key));
  const plan = matchAdoption(adoptionTargets(env), found, { app: opts.app, env: opts.copilotEnv, internal });
  const files = importFiles(env.name, plan.adopted);
  const written = opts.dryRun
    ? [...files.keys()].map((s) => importsPath(s, env.name))
    : writeImportFiles(opts.configDir, env.name, files, { force: opts.force });
  return { env: env.name, ...plan, files: written, snippet: plan.names.length > 0 ? existingSnippet(plan.names) : null };
}
