/**
 * Recovery regions: an environment's warm standbys in other regions (`environments.<env>.recovery`, one
 * region or a list). Each standby is the same environment resolved again — same names where AWS names are
 * regional, its own network, platform, data and services — with what must differ decided here: the network
 * (its own CIDR and the region's zones), the services' task count (`desiredCount`, no scheduled jobs: they
 * would run twice against one database; Lambda functions without their schedules), HTTP APIs with their own
 * custom domain and Route 53 records, Aurora secondaries instead of primaries, and the names AWS keeps account-wide (IAM roles, dashboards), which get the region as a suffix.
 */
import type { EnvironmentInput, RecoveryRegionInput } from "../config/schema/app.js";
import type { NetworkInput } from "../config/schema/network.js";
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import { type Cidr, overlaps, parseCidr } from "./cidr.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import type { Environment, GeoLocation, LambdaFunction, RegionalRecords } from "./types.js";

/** What makes an environment × region a recovery site: where it is in the config, its primary, and the standby task count. */
export interface RecoverySite {
  readonly region: string;
  /** The entry in the config: `environments.<env>.recovery`, or `environments.<env>.recovery[<i>]` in a list. */
  readonly at: ConfigPath;
  readonly primaryRegion: string;
  /** Every recovery region of the environment, in the config's order (a global database's secondaries). */
  readonly regions: readonly string[];
  readonly routing: RegionalRecords["routing"];
  /** With geolocation routing: the places this recovery region answers. */
  readonly locations: readonly GeoLocation[];
  readonly desiredCount: number;
  /** This entry's `network` as the config gives it. */
  readonly network: Partial<NetworkInput> | undefined;
  /** `certificateArn`: an existing ACM certificate in this region. */
  readonly certificateArn: string | undefined;
}

export const DEFAULT_STANDBY_TASKS = 1;

/** An Aurora global database has at most this many secondary regions (AWS's configuration requirements). */
export const MAX_GLOBAL_SECONDARIES = 10;

/** The entries of `recovery` with their config paths: the single object form, or each entry of the list. */
export function recoveryEntries(env: EnvironmentInput, envAt: ConfigPath): { input: RecoveryRegionInput; at: ConfigPath }[] {
  const r = env.recovery;
  if (r === undefined) return [];
  if (!Array.isArray(r)) return [{ input: r, at: [...envAt, "recovery"] }];
  return r.map((input, i) => ({ input, at: [...envAt, "recovery", i] }));
}

/** The environment's recovery regions, each once, in the config's order. */
export const recoveryRegions = (env: EnvironmentInput): string[] => [...new Set(recoveryEntries(env, []).map((e) => e.input.region))];

/**
 * The sites of the environment's recovery regions: one per distinct region other than the primary's own
 * (a region listed twice, or the primary's, is an issue of `checkRecovery`, and resolved once at most).
 */
export function recoverySites(env: EnvironmentInput, envAt: ConfigPath): RecoverySite[] {
  const routing = environmentRouting(env);
  const regions = recoveryRegions(env);
  const seen = new Set<string>();
  return recoveryEntries(env, envAt).flatMap(({ input, at }) => {
    if (seen.has(input.region) || input.region === env.region) return [];
    seen.add(input.region);
    return [
      {
        region: input.region,
        at,
        primaryRegion: env.region,
        regions,
        routing,
        locations: routing === "geolocation" ? placesOf(input) : [],
        desiredCount: input.desiredCount ?? DEFAULT_STANDBY_TASKS,
        network: input.network,
        certificateArn: input.certificateArn,
      },
    ];
  });
}

/** How the environment's regions share its domain: the first routing an entry sets (they must agree), else failover. */
export function environmentRouting(env: EnvironmentInput): RegionalRecords["routing"] {
  const set = recoveryEntries(env, []).find((e) => e.input.routing !== undefined)?.input.routing;
  return routingKind(set) ?? "failover";
}

const routingKind = (r: RecoveryRegionInput["routing"]): RegionalRecords["routing"] | undefined =>
  r === undefined ? undefined : typeof r === "string" ? r : "geolocation";

/** The places an entry's geolocation routing names: continents, then countries. */
function placesOf(input: RecoveryRegionInput): GeoLocation[] {
  const r = input.routing;
  if (r === undefined || typeof r === "string") return [];
  return [...(r.geolocation.continents ?? []).map((continent) => ({ continent })), ...(r.geolocation.countries ?? []).map((country) => ({ country }))];
}

/**
 * The recovery region's network: the environment's settings, as many zones (the region's own, by count),
 * berth's subnet plan (explicit subnets belong to the primary's CIDR), then `recovery.network`.
 */
export function recoveryNetwork(merged: NetworkInput, site: RecoverySite): NetworkInput {
  const azs = Array.isArray(merged.azs) ? merged.azs.length : merged.azs;
  // Explicit subnets belong to the primary's CIDR, and an existing VPC to the primary's region.
  const { subnets: _subnets, vpc: _vpc, ...rest } = merged;
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
    // HTTP APIs are regional: each region serves its own API (and custom domain, on its own certificate).
    functions: standbyFunctions(env.functions, r),
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
      global: db.global ? { ...db.global, secondary: true } : null,
      backupReplication: null,
    })),
    monitoring: env.monitoring.dashboard ? { ...env.monitoring, dashboard: { name: suffixed(env.monitoring.dashboard.name, r, 255) } } : env.monitoring,
  };
}

/**
 * The recovery region's Lambda functions, without their schedules (two regions would run them twice against
 * one database; a function that only runs on a schedule is left out), with the account-wide role names
 * suffixed. Queue consumers read the region's own queues; the region's HTTP APIs invoke its own functions.
 */
export function standbyFunctions(functions: readonly LambdaFunction[], region: string): LambdaFunction[] {
  return functions.flatMap((f) => {
    const events = f.events.filter((e) => e.schedule === null);
    if (f.events.length > 0 && events.length === 0 && !f.queueTrigger && !f.http) return [];
    return [
      {
        ...f,
        events,
        roleName: suffixed(f.roleName, region),
        blueGreen: f.blueGreen ? { ...f.blueGreen, roleName: suffixed(f.blueGreen.roleName, region) } : null,
      },
    ];
  });
}

/**
 * The environment with its HTTPS load balancers' records, and its HTTP APIs' custom-domain records, as its
 * region's side of the Route 53 routing (an API is checked at its `healthCheck.path`; `checkRecovery`
 * refuses an API with a host and none).
 */
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
    httpApis: env.httpApis.map((api) =>
      api.domainName ? { ...api, regional: { routing, locations, role, setIdentifier: env.region, healthCheckPath: api.healthCheckPath ?? "/" } } : api,
    ),
  };
}

/** The primary's geolocation records: the default one, for every place the recovery regions do not answer. */
export const DEFAULT_LOCATION: readonly GeoLocation[] = [{ country: "*" }];

type RegionEnv = Omit<Environment, "stacks" | "cost" | "suppressions">;

/**
 * Rules of a primary with recovery regions, each at the path of the entry it is about:
 * 1. each region differs from the primary's and from the other recovery regions, and their account-wide
 *    name suffixes differ (`ap-south-1` and `ap-southeast-1` would both be `aps1`);
 * 2. the regions route alike; failover has exactly one secondary; geolocation regions name places of their
 *    own (Route 53 answers a place from one record);
 * 3. every database can follow (Aurora with `global`; an RDS instance cannot run in two regions), and a
 *    global database has at most ten secondaries;
 * 4. regions that share a global database have CIDRs that overlap neither the primary's nor each other's;
 * 5. an HTTP API with a host names a path for the Route 53 health check of its regional records.
 */
export function checkRecovery(env: RegionEnv, recovery: readonly Environment[], input: EnvironmentInput, issues: Issues): void {
  const envAt = ["environments", env.name];
  const entries = recoveryEntries(input, envAt);
  checkRegions(env, entries, issues);
  checkRouting(entries, input, issues);
  checkDatabases(env, recovery, entries, issues);
  checkCidrs(env, recovery, entries, issues);
  checkHttpApis(env, issues);
}

function checkHttpApis(env: RegionEnv, issues: Issues): void {
  for (const api of env.httpApis) {
    if (!api.domainName || api.healthCheckPath !== null) continue;
    const get = api.routes.find((r) => /^(GET|ANY) \/[^{]*$/.test(r.key));
    issues.add(
      ["environments", env.name, "httpApis", api.key, "healthCheck"],
      `is needed: ${api.domainName} answers from every region of the environment, and Route 53 needs a path the API answers to check each region`,
      `healthCheck: { path: "${get ? get.key.slice(get.key.indexOf(" ") + 1) : "/health"}" } (a GET route that answers without credentials)`,
    );
  }
}

type Entry = ReturnType<typeof recoveryEntries>[number];

/** `recovery` or `recovery[1]`: how a message names an entry. */
const entryName = (e: Entry): string => {
  const last = e.at[e.at.length - 1];
  return typeof last === "number" ? `recovery[${last}]` : "recovery";
};

function checkRegions(env: RegionEnv, entries: readonly Entry[], issues: Issues): void {
  const bySuffix = new Map<string, Entry>();
  const byRegion = new Map<string, Entry>();
  for (const e of entries) {
    const region = e.input.region;
    if (region === env.region) {
      issues.add(
        [...e.at, "region"],
        `the recovery region is the environment's own region ${env.region}`,
        'name another region, e.g. recovery: { region: "us-west-2" }',
      );
      continue;
    }
    const twice = byRegion.get(region);
    if (twice) {
      issues.add([...e.at, "region"], `${region} is already a recovery region (${entryName(twice)})`, "list each recovery region once");
      continue;
    }
    byRegion.set(region, e);
    const suffix = regionSuffix(region);
    const clash = bySuffix.get(suffix);
    if (clash)
      issues.add(
        [...e.at, "region"],
        `${region} and ${clash.input.region} (${entryName(clash)}) would both suffix account-wide names (IAM roles, dashboards) with "${suffix}", so their names would collide`,
        "keep one of the two regions as a recovery region of this environment",
      );
    else bySuffix.set(suffix, e);
  }
}

function checkRouting(entries: readonly Entry[], input: EnvironmentInput, issues: Issues): void {
  const routing = environmentRouting(input);
  const setter = entries.find((e) => e.input.routing !== undefined);
  for (const e of entries) {
    const kind = routingKind(e.input.routing);
    if (kind !== undefined && kind !== routing)
      issues.add(
        [...e.at, "routing"],
        `routes by ${kind}, but ${entryName(setter!)} routes by ${routing}; the regions of an environment share one routing policy`,
        `give every recovery region the same routing, e.g. routing: "${routing === "geolocation" ? "latency" : routing}"`,
      );
  }
  const regions = [...new Set(entries.map((e) => e.input.region))];
  if (routing === "failover" && regions.length > 1)
    issues.add(
      [...(entries[0]!.at.slice(0, -1) as ConfigPath)],
      `failover routing answers from one secondary region, and ${regions.length} are listed (${regions.join(", ")})`,
      'route by latency (routing: "latency" on the recovery regions), or by place (routing: { geolocation: { continents: ["EU"] } } on each), or keep one recovery region',
    );
  if (routing !== "geolocation") return;
  const claimed = new Map<string, Entry>();
  for (const e of entries) {
    const r = e.input.routing;
    const geo = typeof r === "object" ? r.geolocation : undefined;
    const where = [...e.at, "routing", ...(geo ? ["geolocation"] : [])];
    if ((geo?.continents ?? []).length + (geo?.countries ?? []).length === 0) {
      issues.add(
        where,
        "names no place for the recovery region to answer",
        'add continents or countries, e.g. routing: { geolocation: { continents: ["EU"] } }, or use routing: "latency"',
      );
      continue;
    }
    for (const [field, codes] of [
      ["continents", geo?.continents ?? []],
      ["countries", geo?.countries ?? []],
    ] as [string, readonly string[]][]) {
      const twice = codes.filter((c, i) => codes.indexOf(c) !== i);
      if (twice.length > 0) issues.add([...where, field], `lists ${[...new Set(twice)].join(", ")} twice`, "list each place once");
      for (const code of new Set(codes)) {
        const owner = claimed.get(`${field}:${code}`);
        if (owner && owner.input.region !== e.input.region)
          issues.add(
            [...where, field],
            `lists ${code}, which ${owner.input.region} (${entryName(owner)}) already answers; Route 53 answers a place from one region`,
            `list ${code} in one recovery region only`,
          );
        else claimed.set(`${field}:${code}`, e);
      }
    }
  }
}

function checkDatabases(env: RegionEnv, recovery: readonly Environment[], entries: readonly Entry[], issues: Issues): void {
  const regions = recovery.map((r) => r.region);
  if (regions.length === 0) return;
  const where = regions.length === 1 ? `its recovery region ${regions[0]}` : `its recovery regions ${regions.join(", ")}`;
  for (const db of env.databases) {
    if (db.kind === "instance") {
      issues.add(
        ["environments", env.name, "databases", db.key],
        `${db.key} is an RDS instance, which cannot follow the environment to ${where}`,
        `use Aurora with global: true (engine "aurora-${db.family === "mysql" ? "mysql" : "postgresql"}"), or drop recovery and replicate backups: backup: { replicateTo: "${regions[0]}" }`,
      );
    } else if (!db.global) {
      issues.add(
        ["environments", env.name, "databases", db.key, "global"],
        `${db.key} is not global, so ${regions.length === 1 ? `the recovery region ${regions[0]} would` : `the recovery regions ${regions.join(", ")} would`} have no copy of its data`,
        `databases: { ${db.key}: { global: "${env.prefix}-global" } }`,
      );
    }
  }
  if (env.databases.some((db) => db.global) && regions.length > MAX_GLOBAL_SECONDARIES)
    issues.add(
      entries[0]!.at.slice(0, -1) as ConfigPath,
      `an Aurora global database has at most ${MAX_GLOBAL_SECONDARIES} secondary regions, and ${regions.length} are listed`,
      `keep ${MAX_GLOBAL_SECONDARIES} recovery regions or fewer`,
    );
}

function checkCidrs(env: RegionEnv, recovery: readonly Environment[], entries: readonly Entry[], issues: Issues): void {
  if (!env.databases.some((db) => db.global)) return;
  const primary = parseCidr(env.network.cidr);
  if (!primary) return;
  const used: { cidr: Cidr; text: string; who: string }[] = [{ cidr: primary, text: env.network.cidr, who: "the primary's" }];
  const all = [primary, ...recovery.flatMap((r) => parseCidr(r.network.cidr) ?? [])];
  for (const r of recovery) {
    const e = entries.find((x) => x.input.region === r.region)!;
    const cidr = parseCidr(r.network.cidr);
    if (!cidr) continue;
    const clash = used.find((u) => overlaps(u.cidr, cidr));
    used.push({ cidr, text: r.network.cidr, who: `${r.region}'s` });
    if (!clash) continue;
    const given = e.input.network?.cidr !== undefined;
    const fix = suggestCidr(env.network.cidr, all);
    issues.add(
      [...e.at, ...(given ? ["network", "cidr"] : [])],
      given
        ? `${r.network.cidr} overlaps ${clash.who} ${clash.text}; regions that share a global database need distinct CIDRs (to be peered or routed later)`
        : `the recovery region needs a CIDR of its own: it would reuse the primary's ${env.network.cidr}, and the regions share a global database`,
      typeof e.at[e.at.length - 1] === "number"
        ? `{ region: "${r.region}", network: { cidr: "${fix}" } }`
        : `recovery: { region: "${r.region}", network: { cidr: "${fix}" } }`,
    );
  }
}

/** The first /16 after the primary's that overlaps none of the regions' CIDRs, as an example in hints. */
function suggestCidr(cidr: string, taken: readonly Cidr[]): string {
  const [a, b] = cidr.split(".");
  for (let i = 1; i < 256; i++) {
    const candidate = `${a}.${(Number(b) + i) % 256}.0.0/16`;
    const parsed = parseCidr(candidate);
    if (parsed && !taken.some((t) => overlaps(t, parsed))) return candidate;
  }
  return `${a}.${(Number(b) + 1) % 256}.0.0/16`;
}

/** ECR replication of the primary's repositories (this environment's, by name prefix) into each recovery region. */
export function registryReplication(env: Pick<Environment, "recovery" | "repositories" | "prefix">): { regions: string[]; prefix: string } | null {
  if (env.recovery.length === 0 || env.repositories.length === 0) return null;
  return { regions: env.recovery.map((r) => r.region), prefix: `${env.prefix}-` };
}
