/**
 * Recovery regions: an environment's warm standby in another region (`environments.<env>.recovery`).
 * The standby is the same environment resolved a second time — same names where AWS names are regional,
 * its own network, platform, data and services — with what must differ decided here: the network (its
 * own CIDR and the region's zones), the services' task count (`recovery.desiredCount`, no scheduled jobs:
 * they would run twice against one database; no Lambda functions or HTTP APIs yet), Aurora secondaries instead of primaries, and the names AWS
 * keeps account-wide (IAM roles, dashboards), which get the region as a suffix.
 */
import type { EnvironmentInput } from "../config/schema/app.js";
import type { NetworkInput } from "../config/schema/network.js";
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import { overlaps, parseCidr } from "./cidr.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import type { Environment, GeoLocation, RegionalRecords } from "./types.js";

/** What makes an environment × region a recovery site: where its primary is, and the standby task count. */
export interface RecoverySite {
  readonly primaryRegion: string;
  readonly routing: RegionalRecords["routing"];
  /** With geolocation routing: the places the recovery region answers. */
  readonly locations: readonly GeoLocation[];
  readonly desiredCount: number;
  /** `recovery.network` as the config gives it. */
  readonly network: Partial<NetworkInput> | undefined;
}

export const DEFAULT_STANDBY_TASKS = 1;

/** The site of the environment's recovery region, when it has one. */
export function recoverySite(env: EnvironmentInput): RecoverySite | undefined {
  if (!env.recovery) return undefined;
  return {
    primaryRegion: env.region,
    ...recoveryRouting(env),
    desiredCount: env.recovery.desiredCount ?? DEFAULT_STANDBY_TASKS,
    network: env.recovery.network,
  };
}

/**
 * The recovery region's network: the environment's settings, as many zones (the region's own, by count),
 * berth's subnet plan (explicit subnets belong to the primary's CIDR), then `recovery.network`.
 */
export function recoveryNetwork(merged: NetworkInput, site: RecoverySite): NetworkInput {
  const azs = Array.isArray(merged.azs) ? merged.azs.length : merged.azs;
  const { subnets: _subnets, ...rest } = merged;
  return { ...rest, ...(azs === undefined ? {} : { azs }), ...site.network } as NetworkInput;
}

/** The recovery region's services: no scheduled jobs, and every other one at the standby count. */
export function standbyServices(services: Readonly<Record<string, ServiceInput>>, site: RecoverySite): Record<string, ServiceInput> {
  const out: Record<string, ServiceInput> = {};
  for (const [key, s] of Object.entries(services)) {
    if (s.schedule !== undefined) continue;
    const autoscaling = s.autoscaling ? { ...s.autoscaling, min: site.desiredCount } : undefined;
    out[key] = { ...s, desiredCount: site.desiredCount, ...(autoscaling ? { autoscaling } : {}) };
  }
  return out;
}

/** `us-west-2` → `usw2`: the suffix of account-wide names in a recovery region. */
export const regionSuffix = (region: string): string =>
  region
    .split("-")
    .map((p, i, all) => (i === all.length - 1 ? p : p.slice(0, i === 0 ? 2 : 1)))
    .join("");

const suffixed = (name: string, region: string, max: number = LIMITS.iamRole): string => awsName([name, regionSuffix(region)], max);

/**
 * The recovery region's environment, from the one resolved like a primary: Aurora clusters become
 * secondaries of their global database, RDS backup replication stays the primary's, and account-wide
 * names (IAM roles, the dashboard) get the region's suffix so both regions can live in one account.
 */
export function asRecovery(env: Omit<Environment, "stacks" | "cost" | "suppressions">, site: RecoverySite): typeof env {
  const r = env.region;
  const capacity = env.cluster.capacity;
  return {
    ...env,
    ci: null,
    // Lambda functions and HTTP APIs stay in the primary region for now: their role names and an API's
    // custom-domain record would collide with the primary's (IAM and the zone are account-wide).
    functions: [],
    httpApis: [],
    // The bastion stays in the primary region (its role name is account-wide).
    network: { ...env.network, bastion: null, names: { ...env.network.names, flowLogRole: suffixed(env.network.names.flowLogRole, r) } },
    cluster: capacity.kind === "ec2" ? { ...env.cluster, capacity: { ...capacity, instanceRoleName: suffixed(capacity.instanceRoleName, r) } } : env.cluster,
    services: env.services.map((s) => ({
      ...s,
      roleNames: { execution: suffixed(s.roleNames.execution, r), task: suffixed(s.roleNames.task, r) },
      // CodeDeploy's role is account-wide too (its application and deployment group are regional).
      blueGreen: s.blueGreen ? { ...s.blueGreen, roleName: suffixed(s.blueGreen.roleName, r) } : null,
    })),
    databases: env.databases.map((db) => ({
      ...db,
      monitoringRoleName: suffixed(db.monitoringRoleName, r),
      global: db.global ? { ...db.global, secondary: true, writeForwarding: site.routing === "latency" && db.engine === "aurora-mysql" } : null,
      backupReplication: null,
    })),
    monitoring: env.monitoring.dashboard ? { ...env.monitoring, dashboard: { name: suffixed(env.monitoring.dashboard.name, r, 255) } } : env.monitoring,
  };
}

/** The environment with its HTTPS load balancers' records as its region's side of the Route 53 routing. */
export function withRegionalRecords<E extends Omit<Environment, "stacks" | "cost" | "suppressions">>(
  env: E,
  role: RegionalRecords["role"],
  routing: RegionalRecords["routing"],
  locations: readonly GeoLocation[] = [],
): E {
  return {
    ...env,
    loadBalancers: env.loadBalancers.map((lb) => {
      if (!lb.https) return lb;
      const forward = lb.defaultAction.kind === "forward" ? lb.defaultAction.service : undefined;
      const service = env.services.find((s) => s.name === forward);
      const healthCheckPath = service?.healthCheck.path ?? "/";
      return { ...lb, https: { ...lb.https, regional: { routing, locations, role, setIdentifier: env.region, healthCheckPath } } };
    }),
  };
}

/** How the environment's regions share its domain, from `recovery.routing`; `locations` are the recovery region's. */
export function recoveryRouting(env: EnvironmentInput): { routing: RegionalRecords["routing"]; locations: GeoLocation[] } {
  const r = env.recovery?.routing;
  if (r === undefined || typeof r === "string") return { routing: r ?? "failover", locations: [] };
  return {
    routing: "geolocation",
    locations: [...(r.geolocation.continents ?? []).map((continent) => ({ continent })), ...(r.geolocation.countries ?? []).map((country) => ({ country }))],
  };
}

/** The primary's geolocation records: the default one, for every place the recovery region does not answer. */
export const DEFAULT_LOCATION: readonly GeoLocation[] = [{ country: "*" }];

/**
 * Rules of a primary with a recovery region: the regions differ; every database can follow (Aurora with
 * `global`; an RDS instance cannot run in two regions); a global database's regions need distinct CIDRs.
 */
export function checkRecovery(
  env: Omit<Environment, "stacks" | "cost" | "suppressions">,
  recovery: Environment,
  at: ConfigPath,
  input: EnvironmentInput,
  issues: Issues,
): void {
  if (recovery.region === env.region) {
    issues.add(
      [...at, "region"],
      `the recovery region is the environment's own region ${env.region}`,
      'name another region, e.g. recovery: { region: "us-west-2" }',
    );
    return;
  }
  const routing = input.recovery?.routing;
  if (typeof routing === "object") {
    const geo = routing.geolocation;
    const where = [...at, "routing", "geolocation"];
    if ((geo.continents ?? []).length + (geo.countries ?? []).length === 0)
      issues.add(
        where,
        "names no place for the recovery region to answer",
        'add continents or countries, e.g. { continents: ["EU"] }, or use routing: "latency"',
      );
    for (const [field, codes] of [
      ["continents", geo.continents ?? []],
      ["countries", geo.countries ?? []],
    ] as [string, readonly string[]][]) {
      const twice = codes.filter((c, i) => codes.indexOf(c) !== i);
      if (twice.length > 0) issues.add([...where, field], `lists ${[...new Set(twice)].join(", ")} twice`, "list each place once");
    }
  }
  for (const db of env.databases) {
    if (db.kind === "instance") {
      issues.add(
        ["environments", env.name, "databases", db.key],
        `${db.key} is an RDS instance, which cannot follow the environment to its recovery region ${recovery.region}`,
        `use Aurora with global: true (engine "aurora-${db.family === "mysql" ? "mysql" : "postgresql"}"), or drop recovery and replicate backups: backup: { replicateTo: "${recovery.region}" }`,
      );
    } else if (!db.global) {
      issues.add(
        ["environments", env.name, "databases", db.key, "global"],
        `${db.key} is not global, so the recovery region ${recovery.region} would have no copy of its data`,
        `databases: { ${db.key}: { global: "${env.prefix}-global" } }`,
      );
    }
  }
  if (!env.databases.some((db) => db.global)) return;
  const a = parseCidr(env.network.cidr);
  const b = parseCidr(recovery.network.cidr);
  if (!a || !b || !overlaps(a, b)) return;
  const given = input.recovery?.network?.cidr !== undefined;
  issues.add(
    [...at, ...(given ? ["network", "cidr"] : [])],
    given
      ? `${recovery.network.cidr} overlaps the primary's ${env.network.cidr}; regions that share a global database need distinct CIDRs (to be peered or routed later)`
      : `the recovery region needs a CIDR of its own: it would reuse the primary's ${env.network.cidr}, and the regions share a global database`,
    `recovery: { region: "${recovery.region}", network: { cidr: "${suggestCidr(env.network.cidr)}" } }`,
  );
}

/** The next /16 after the primary's, as an example in hints. */
function suggestCidr(cidr: string): string {
  const [a, b] = cidr.split(".");
  return `${a}.${(Number(b) + 1) % 256}.0.0/16`;
}

/** ECR replication of the primary's repositories (this environment's, by name prefix) into each recovery region. */
export function registryReplication(env: Pick<Environment, "recovery" | "repositories" | "prefix">): { regions: string[]; prefix: string } | null {
  if (env.recovery.length === 0 || env.repositories.length === 0) return null;
  return { regions: env.recovery.map((r) => r.region), prefix: `${env.prefix}-` };
}
