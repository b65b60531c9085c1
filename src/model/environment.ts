/** Resolves one environment: merges its overrides, then network → cluster → services → load balancers → registries. */
import { planStacks } from "./stacks.js";
import type { BerthConfig, EnvironmentInput } from "../config/schema/app.js";
import type { ServiceInput } from "../config/schema/service.js";
import { resolveAccount } from "./account.js";
import { resolveCi } from "./ci.js";
import { resolveCluster } from "./cluster.js";
import { resolveCostAssumptions } from "./cost-assumptions.js";
import { resolveSuppressions } from "./suppressions.js";
import { resolveDomain, resolveEdge } from "./edge.js";
import { resolveCertificateArn } from "./certificate.js";
import { resolveFunctions } from "./function.js";
import { resolveDataTier } from "./data.js";
import type { Issues } from "./issues.js";
import { checkTestListeners } from "./blue-green.js";
import { resolveLoadBalancer } from "./load-balancer.js";
import { resolveNetworkLoadBalancer } from "./network-load-balancer.js";
import { deepMerge } from "./merge.js";
import {
  existingNamePaths,
  checkExistingServices,
  withExistingCluster,
  withExistingDatabases,
  withExistingLoadBalancers,
  withExistingRepositories,
  withExistingService,
} from "./existing.js";
import { resolveQueues, resolveTopics } from "./messaging.js";
import { resolveMonitoring } from "./monitoring.js";
import { resolveNetwork, resolveNetworkBase } from "./network.js";
import { applyExistingVpc, type NetworkLevel } from "./existing-vpc.js";
import { own } from "../config/own.js";
import { checkRegion } from "./regions.js";
import {
  asRecovery,
  checkRecovery,
  DEFAULT_LOCATION,
  environmentRouting,
  recoveryNetwork,
  recoveryRegions,
  recoverySites,
  type RecoverySite,
  standbyServices,
  withRegionalRecords,
} from "./recovery.js";
import { checkSiteHosts, checkSiteNames, resolveSites } from "./site.js";
import { resolveState } from "./state.js";
import { hasRepository, repositoryMutable, repositoryName, resolveService } from "./service.js";
import { TIER_DEFAULTS, type TierDefaults } from "./tiers.js";
import type { Environment, LambdaFunction, Repository } from "./types.js";
import { parseDays } from "./units.js";

export function resolveEnvironment(config: BerthConfig, name: string, input: EnvironmentInput, issues: Issues, site?: RecoverySite): Environment {
  const envAt = ["environments", name];
  const env: EnvironmentInput = site ? { ...input, region: site.region } : input;
  const prefix = `${config.project}-${name}`;
  const defaults = TIER_DEFAULTS[env.tier];
  checkOverrideTargets(config, name, env, issues);
  // Existing names are the primary region's resources; a recovery region creates its own.
  const existing = site ? undefined : env.existing;
  const existingCtx = { at: [...envAt, "existing"], issues };
  checkExistingServices(existing, Object.keys(config.services), existingCtx);

  const merged = deepMerge(config.network ?? {}, env.network);
  const levels: NetworkLevel[] = site
    ? [{ input: site.network, at: [...site.at, "network"] }]
    : [
        { input: config.network, at: ["network"] },
        { input: env.network, at: [...envAt, "network"] },
      ];
  const { input: network, vpcAt } = applyExistingVpc(site ? recoveryNetwork(merged, site) : merged, levels, issues);
  const compute = deepMerge(config.compute ?? {}, env.compute);
  const allServices: Record<string, ServiceInput> = {};
  for (const [key, s] of Object.entries(config.services)) allServices[key] = deepMerge(s, own(env.services, key));
  const services = site ? standbyServices(allServices, site) : allServices;
  const lbInputs = Object.fromEntries(Object.entries(config.loadBalancers ?? {}).map(([k, lb]) => [k, deepMerge(lb, own(env.loadBalancers, k))]));
  const lbKeys = Object.keys(lbInputs).sort();
  const nlbInputs = Object.fromEntries(
    Object.entries(config.networkLoadBalancers ?? {}).map(([k, lb]) => [k, deepMerge(lb, own(env.networkLoadBalancers, k))]),
  );
  const nlbKeys = Object.keys(nlbInputs).sort();
  for (const key of nlbKeys) {
    // Both kinds are named <prefix>-<key> in AWS, and an ALB keyed nlb-<key> would share the NLB's Terraform name.
    const clash = lbKeys.find((k) => k === key || k.replace(/[^A-Za-z0-9_]/g, "_") === `nlb_${key.replace(/[^A-Za-z0-9_]/g, "_")}`);
    if (clash) issues.add(["networkLoadBalancers", key], `shares its name with the application load balancer "${clash}"`, "give one of them another key");
  }

  checkRegion(env.region, [...envAt, "region"], issues);
  const account = resolveAccount(config.project, name, env.account, [...envAt, "account"], issues);
  const azsAt =
    site?.network?.azs !== undefined ? [...site.at, "network", "azs"] : env.network?.azs !== undefined ? [...envAt, "network", "azs"] : ["network", "azs"];
  const netBase = resolveNetworkBase(network, { env: name, region: env.region, defaults, azsAt, vpcAt, issues });
  const serviceTiers = [...new Set(Object.values(services).map((s) => s.subnet ?? "private"))];
  const resolvedData = resolveDataTier(config, name, env, {
    prefix,
    azCount: netBase.azs.length,
    services,
    region: site?.primaryRegion ?? env.region,
    recoveryRegions: site ? site.regions : recoveryRegions(env),
    recoveryServes: environmentRouting(env) !== "failover",
    issues,
  });
  const data = { ...resolvedData, databases: withExistingDatabases(resolvedData.databases, existing, existingCtx) };
  const queueInputs = Object.fromEntries(Object.entries(config.queues ?? {}).map(([k, q]) => [k, deepMerge(q, env.queues?.[k])]));
  const queues = resolveQueues(queueInputs, config.topics ?? {}, {
    prefix,
    queueAt: (key, field) =>
      field !== undefined && (env.queues?.[key] as Record<string, unknown> | undefined)?.[field] !== undefined
        ? [...envAt, "queues", key, field]
        : ["queues", key, ...(field === undefined ? [] : [field])],
    issues,
  });
  const topics = resolveTopics(config.topics ?? {}, queueInputs, { prefix, issues });
  const cluster = withExistingCluster(
    resolveCluster(compute, { prefix, serviceTiers, at: env.compute ? [...envAt, "compute"] : ["compute"], issues }),
    existing,
  );
  const resolvedServices = Object.keys(services)
    .sort()
    .map((key) =>
      resolveService(key, own(services, key) as ServiceInput, {
        prefix,
        defaults,
        cluster,
        nat: netBase.routing,
        services,
        loadBalancers: lbKeys,
        networkLoadBalancers: nlbKeys,
        at: ["services"],
        issues,
        databases: data.databases,
        declaredSecrets: data.secrets,
        declaredParameters: data.parameters,
        logsKey: data.kms.logs !== null,
        queues,
        topics,
        azCount: netBase.azs.length,
      }),
    )
    .map((s) => withExistingService(s, existing, existingCtx));
  const resolvedDomain = resolveDomain(env.domain, envAt, issues, prefix);
  const certificateArn = resolveCertificateArn(env.domain, { region: env.region, envAt, site, issues });
  const domain = resolvedDomain && { ...resolvedDomain, certificateArn };
  const overridden = (section: "functions" | "httpApis", key: string, field?: string): boolean =>
    field !== undefined && (own<object>(env[section] as Record<string, object> | undefined, key) as Record<string, unknown> | undefined)?.[field] !== undefined;
  const { functions, httpApis } = resolveFunctions(
    Object.fromEntries(Object.entries(config.functions ?? {}).map(([k, f]) => [k, deepMerge(f, own(env.functions, k))])),
    Object.fromEntries(Object.entries(config.httpApis ?? {}).map(([k, a]) => [k, deepMerge(a, own(env.httpApis, k))])),
    {
      prefix,
      defaults,
      nat: netBase.routing,
      domain,
      databases: data.databases,
      declaredSecrets: data.secrets,
      declaredParameters: data.parameters,
      queues,
      topics,
      logsKey: data.kms.logs !== null,
      at: (section, key, field) =>
        overridden(section, key, field) ? [...envAt, section, key, field as string] : [section, key, ...(field === undefined ? [] : [field])],
      issues,
    },
  );
  const loadBalancers = resolveEdge(
    withExistingLoadBalancers(
      lbKeys.map((key) =>
        resolveLoadBalancer(key, own(lbInputs, key) ?? {}, {
          prefix,
          region: env.region,
          defaults,
          serviceInputs: services,
          services: resolvedServices,
          at: ["loadBalancers"],
          issues,
        }),
      ),
      existing,
      existingCtx,
    ),
    {
      env: name,
      prefix,
      domain,
      inputs: lbInputs,
      services,
      at: (key) => (own(env.loadBalancers, key) ? [...envAt, "loadBalancers", key] : ["loadBalancers", key]),
      domainAt: envAt,
      issues,
    },
  );
  const networkLoadBalancers = nlbKeys.map((key) =>
    resolveNetworkLoadBalancer(key, own(nlbInputs, key) ?? {}, {
      prefix,
      defaults,
      domain,
      records: !site,
      listeners: resolvedServices.flatMap((s) => s.nlbListeners),
      at: own(env.networkLoadBalancers, key) ? [...envAt, "networkLoadBalancers"] : ["networkLoadBalancers"],
      issues,
    }),
  );
  for (const nlb of networkLoadBalancers) {
    const taken = nlb.recordName
      ? (loadBalancers.find((l) => l.https?.records.includes(nlb.recordName!))?.key ?? httpApis.find((a) => a.domainName === nlb.recordName)?.key)
      : undefined;
    if (taken)
      issues.add(
        ["networkLoadBalancers", nlb.key, "hostName"],
        `makes ${nlb.recordName} the network load balancer's, but "${taken}" already answers on that name (its alias record in the zone)`,
        "give the network load balancer another hostName",
      );
  }
  checkTestListeners({ services: resolvedServices, loadBalancers, networkLoadBalancers }, issues);
  // One name, one record: an HTTP API's host must not be a name a load balancer's alias record already takes.
  for (const api of httpApis) {
    const lb = api.domainName ? loadBalancers.find((l) => l.https?.records.includes(api.domainName!)) : undefined;
    if (!lb) continue;
    issues.add(
      overridden("httpApis", api.key, "host") ? [...envAt, "httpApis", api.key, "host"] : ["httpApis", api.key, "host"],
      `makes ${api.domainName} the HTTP API's, but load balancer ${lb.key} already answers on that name (its alias record in the zone)`,
      "give the API another host, or drop that host from the load balancer's routes",
    );
  }
  const siteAt = (key: string, field?: string): (string | number)[] =>
    field !== undefined && (own<object>(env.sites as Record<string, object> | undefined, key) as Record<string, unknown> | undefined)?.[field] !== undefined
      ? [...envAt, "sites", key, field]
      : ["sites", key, ...(field === undefined ? [] : [field])];
  // CloudFront and its us-east-1 certificate are global: a recovery region serves no site of its own.
  const sites = site
    ? []
    : resolveSites(Object.fromEntries(Object.entries(config.sites ?? {}).map(([k, s]) => [k, deepMerge(s, own(env.sites, k))])), {
        prefix,
        account: account.id,
        tier: env.tier,
        domain,
        at: siteAt,
        issues,
      });
  checkSiteHosts(sites, { loadBalancers, networkLoadBalancers, httpApis }, siteAt, issues);
  checkSiteNames(
    sites.map((s) => s.key),
    { services: Object.keys(config.services), functions: Object.keys(config.functions ?? {}) },
    issues,
  );
  const monitoring = resolveMonitoring(deepMerge(config.monitoring ?? {}, env.monitoring), {
    prefix,
    services: resolvedServices,
    databases: data.databases,
    queues,
    functions,
    at: env.monitoring ? [...envAt, "monitoring"] : ["monitoring"],
    issues,
  });
  const net = resolveNetwork(netBase, {
    prefix,
    region: env.region,
    services: resolvedServices,
    cluster,
    databases: data.databases,
    functions,
    at: site?.network ? [...site.at, "network"] : env.network ? [...envAt, "network"] : ["network"],
    issues,
  });
  if (net.existing && !account.id && (data.kms.logs || net.flowLogs))
    issues.add(
      [...envAt, "account"],
      `is needed with the existing VPC (${(vpcAt ?? []).join(".")}): the ${data.kms.logs ? "logs KMS key's policy" : "flow logs role's trust"} names the account, which berth otherwise reads from the VPC it creates`,
      'set account: "<12-digit id>" for this environment',
    );
  checkUniqueNames(
    resolvedServices.flatMap((s) => [
      ...s.targets.map((t) => t.targetGroupName),
      ...s.nlbListeners.map((l) => l.targetGroupName),
      ...(s.blueGreen ? [s.blueGreen.greenTargetGroupName] : []),
    ]),
    issues,
    "target group",
  );

  const base = {
    name,
    tier: env.tier,
    region: env.region,
    account: account.id,
    role: account.role,
    tags: { Project: config.project, Environment: name, ManagedBy: "berth", ...config.tags, ...env.tags },
    prefix,
    state: resolveState(config, { name, region: env.region, account, state: env.state }, issues),
    network: net,
    cluster,
    loadBalancers,
    networkLoadBalancers,
    repositories: [...withExistingRepositories(resolveRepositories(prefix, services, defaults), existing), ...functionRepositories(functions)],
    services: resolvedServices,
    domain,
    monitoring,
    ...data,
    // The messaging key lives in the messaging stack, which exists only with queues or topics.
    kms: queues.length + topics.length > 0 ? data.kms : { ...data.kms, messaging: null },
    ci: resolveCi(config, name, prefix, issues),
    ...(existingNamePaths(existing, existingCtx.at).length > 0 ? { existingNames: existingNamePaths(existing, existingCtx.at) } : {}),
    queues,
    topics,
    functions,
    httpApis,
    sites,
    primaryRegion: site?.primaryRegion ?? env.region,
    recovery: [] as Environment[],
  };
  const primaryRouting = environmentRouting(env);
  const regional = site
    ? withRegionalRecords(asRecovery(base, site), "SECONDARY", site.routing, site.locations)
    : env.recovery
      ? withRegionalRecords(base, "PRIMARY", primaryRouting, primaryRouting === "geolocation" ? DEFAULT_LOCATION : [])
      : base;
  const recovery = site ? [] : recoverySites(input, envAt).map((s) => resolveEnvironment(config, name, input, issues, s));
  const resolved = { ...regional, recovery };
  if (!site && env.recovery) checkRecovery(resolved, recovery, input, issues);
  const cost = resolveCostAssumptions(deepMerge(config.cost ?? {}, env.cost), {
    services: resolvedServices,
    databases: data.databases,
    cluster,
    functions,
    httpApis,
    queues,
    topics,
    checkNames: !site,
    at: env.cost ? [...envAt, "cost"] : ["cost"],
    issues,
  });
  return {
    ...resolved,
    stacks: [...planStacks(resolved), ...recovery.flatMap((r) => r.stacks)],
    cost,
    suppressions: resolveSuppressions(config.checks, env.checks, name),
  };
}

/** A repository for each function that runs its own image, with the services' defaults; keyed `function-<key>`. */
function functionRepositories(functions: readonly LambdaFunction[]): Repository[] {
  return functions.flatMap((f) =>
    f.image?.kind === "repository"
      ? [{ service: `function-${f.key}`, name: f.image.repository, mutable: true, scanOnPush: true, keepTagged: 10, tagPrefixes: [], expireUntaggedDays: 7 }]
      : [],
  );
}

function resolveRepositories(prefix: string, services: Readonly<Record<string, ServiceInput>>, defaults: TierDefaults): Repository[] {
  return Object.keys(services)
    .sort()
    .flatMap((name) => {
      const s = own(services, name) as ServiceInput;
      if (!hasRepository(s)) return [];
      const r = s.repository === false ? {} : (s.repository ?? {});
      return [
        {
          service: name,
          name: repositoryName(prefix, name),
          mutable: repositoryMutable(s, defaults),
          scanOnPush: r.scanOnPush ?? true,
          keepTagged: r.keep ?? 10,
          tagPrefixes: r.tagPrefixes ?? [],
          expireUntaggedDays: parseDays(r.expireUntagged ?? "7 days"),
        },
      ];
    });
}

function checkOverrideTargets(config: BerthConfig, name: string, env: EnvironmentInput, issues: Issues): void {
  const services = Object.keys(config.services);
  for (const key of Object.keys(env.services ?? {})) {
    if (!services.includes(key)) issues.unknown(["environments", name, "services", key], "service", key, services);
  }
  const queues = Object.keys(config.queues ?? {});
  for (const key of Object.keys(env.queues ?? {})) {
    if (!queues.includes(key)) issues.unknown(["environments", name, "queues", key], "queue", key, queues);
  }
  const sites = Object.keys(config.sites ?? {});
  for (const key of Object.keys(env.sites ?? {})) {
    if (!sites.includes(key)) issues.unknown(["environments", name, "sites", key], "site", key, sites);
  }
  for (const section of ["functions", "httpApis"] as const) {
    const known = Object.keys(config[section] ?? {});
    for (const key of Object.keys(env[section] ?? {})) {
      if (!known.includes(key)) issues.unknown(["environments", name, section, key], section === "functions" ? "function" : "HTTP API", key, known);
    }
  }
  const lbs = Object.keys(config.loadBalancers ?? {});
  for (const key of Object.keys(env.loadBalancers ?? {})) {
    if (!lbs.includes(key)) issues.unknown(["environments", name, "loadBalancers", key], "load balancer", key, lbs);
  }
  const nlbs = Object.keys(config.networkLoadBalancers ?? {});
  for (const key of Object.keys(env.networkLoadBalancers ?? {})) {
    if (!nlbs.includes(key)) issues.unknown(["environments", name, "networkLoadBalancers", key], "network load balancer", key, nlbs);
  }
}

function checkUniqueNames(names: readonly string[], issues: Issues, what: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) issues.add(["services"], `two ${what}s would both be named "${n}"; rename one of the services`);
    seen.add(n);
  }
}
