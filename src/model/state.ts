/**
 * The remote state backend of each environment. The bucket name is global, so its region is decided
 * once per project: `state.region` when the config gives it, else the one region every environment
 * shares. Environments in several regions must name it: a default taken from the order of
 * `environments` would move every stack's state the day someone reorders them, and where state lives
 * can be a data-residency decision.
 */
import type { BerthConfig, EnvironmentInput } from "../config/schema/app.js";
import type { Account } from "./account.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import { checkRegion } from "./regions.js";
import type { StateBackend } from "./types.js";

interface StateEnv {
  readonly name: string;
  readonly region: string;
  readonly account: Account;
  /** The environment's overrides of the project's `state`. */
  readonly state?: EnvironmentInput["state"];
}

/**
 * An environment's state: its own `state` overrides first, then the project's, then the default bucket —
 * one per account when the environment names its account (a bucket in account A cannot be reached with
 * the role of account B without a cross-account policy nobody wants to maintain), else one per project.
 * The backend assumes the environment's role, so state lives in the account it describes.
 */
export function resolveState(config: BerthConfig, env: StateEnv, issues: Issues): StateBackend {
  const byAccount = env.account.id === undefined ? "" : `-${env.account.id}`;
  const bucket = env.state?.bucket ?? config.state?.bucket ?? `${config.project}-terraform-state${byAccount}`;
  const region = resolveStateRegion(config, issues) ?? env.region;
  return {
    bucket,
    region,
    role: env.account.role,
    lockTable: env.state?.lockTable ?? config.state?.lockTable,
    keyPrefix: `${env.state?.keyPrefix ?? config.state?.keyPrefix ?? config.project}/${env.name}/${env.region}`,
    ...replicaOf(bucket, region, config.state?.replicateTo, issues),
  };
}

/** `state.replicateTo`: the copy's bucket (`<bucket>-<region>`) and the role S3 replicates with. */
function replicaOf(bucket: string, region: string, to: string | undefined, issues: Issues): Pick<StateBackend, "replica"> {
  if (to === undefined) return {};
  if (to === region) {
    issues.add(
      ["state", "replicateTo"],
      `the state bucket is in ${region} already; a copy in the same region survives no regional outage`,
      "name another region, e.g. the recovery region",
    );
    return {};
  }
  checkRegion(to, ["state", "replicateTo"], issues);
  return { replica: { bucket: awsName([bucket, to], LIMITS.s3Bucket), region: to, roleName: awsName([bucket, "replication"], LIMITS.iamRole) } };
}

/** The state bucket's region for the whole project; `undefined` (with an issue) when it must be named. */
export function resolveStateRegion(config: BerthConfig, issues: Issues): string | undefined {
  if (config.state?.region) {
    checkRegion(config.state.region, ["state", "region"], issues);
    return config.state.region;
  }
  const byRegion = new Map<string, string[]>();
  for (const [name, env] of Object.entries(config.environments)) byRegion.set(env.region, [...(byRegion.get(env.region) ?? []), name]);
  if (byRegion.size === 1) return [...byRegion.keys()][0];
  const regions = [...byRegion.keys()].sort();
  const where = regions.map((r) => `${r} (${byRegion.get(r)!.sort().join(", ")})`).join(", ");
  const bucket = config.state?.bucket ?? `${config.project}-terraform-state`;
  issues.add(
    ["state", "region"],
    `the environments are in ${regions.length} regions (${where}) and share the state bucket ${bucket}, which lives in one region; say which`,
    `state: { region: "${regions[0]}" }   # one of ${regions.join(", ")}; every environment's stacks keep their state there`,
  );
  return undefined;
}
