/**
 * Names of resources that already run (`environments.<env>.existing`): the model takes them in place of
 * the names it would derive, so the stacks keep those resources (a changed name would replace them) and
 * `berth adopt` can import them. Each step checks what it names exists and can carry that name.
 */
import type { BerthConfig } from "../config/schema/app.js";
import type { ExistingInput } from "../config/schema/existing.js";
import { own } from "../config/own.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import type { Cluster, Database, LoadBalancer, Repository, Service } from "./types.js";

export interface ExistingContext {
  readonly at: ConfigPath;
  readonly issues: Issues;
}

/** The cluster under its existing name. */
export function withExistingCluster(cluster: Cluster, existing: ExistingInput | undefined): Cluster {
  return existing?.cluster ? { ...cluster, name: existing.cluster } : cluster;
}

/** Databases under their existing identifiers; an unknown key is an issue. */
export function withExistingDatabases(databases: readonly Database[], existing: ExistingInput | undefined, ctx: ExistingContext): Database[] {
  const names = existing?.databases ?? {};
  const keys = databases.map((d) => d.key);
  for (const key of Object.keys(names)) if (!keys.includes(key)) ctx.issues.unknown([...ctx.at, "databases", key], "database", key, keys);
  return databases.map((d) => {
    const identifier = own(names, d.key)?.identifier;
    if (!identifier) return d;
    const instances = own(names, d.key)?.instances ?? [];
    const at = [...ctx.at, "databases", d.key, "instances"];
    if (instances.length > 0 && d.kind !== "aurora") ctx.issues.add(at, "names Aurora instances, but the database is an RDS instance", "remove instances");
    else if (instances.length > d.instances.length)
      ctx.issues.add(
        at,
        `names ${instances.length} instances, but the cluster has ${d.instances.length} in the config`,
        `set databases.${d.key}.instances to ${instances.length}, or remove the instances you will delete`,
      );
    if (d.global)
      ctx.issues.add(
        [...ctx.at, "databases", d.key, "identifier"],
        "names a database that is part of a global database; berth adopts single-region databases only",
        "remove it and let berth create the global database",
      );
    return { ...d, identifier, instances: d.instances.map((i, n) => ({ ...i, identifier: instances[n] ?? i.identifier })) };
  });
}

/** Load balancers under their existing names; an unknown key is an issue. */
export function withExistingLoadBalancers(lbs: readonly LoadBalancer[], existing: ExistingInput | undefined, ctx: ExistingContext): LoadBalancer[] {
  const names = existing?.loadBalancers ?? {};
  const keys = lbs.map((l) => l.key);
  for (const key of Object.keys(names)) if (!keys.includes(key)) ctx.issues.unknown([...ctx.at, "loadBalancers", key], "load balancer", key, keys);
  return lbs.map((l) => (own(names, l.key) ? { ...l, name: own(names, l.key)! } : l));
}

/** A service's ECS service, task family, log group, image repository and target groups under their existing names. */
export function withExistingService(service: Service, existing: ExistingInput | undefined, ctx: ExistingContext): Service {
  const names = own(existing?.services, service.name);
  if (!names) return service;
  const at = [...ctx.at, "services", service.name];
  if (service.kind === "job" && names.service)
    ctx.issues.add([...at, "service"], "names an ECS service, but a scheduled job runs tasks without one", "remove service");
  if (names.repository && !service.build)
    ctx.issues.add([...at, "repository"], "names a repository, but the service runs an image from elsewhere and has no repository", "remove repository");
  const lbs = service.targets.map((t) => t.loadBalancer);
  for (const key of Object.keys(names.targetGroups ?? {})) {
    if (!lbs.includes(key)) ctx.issues.unknown([...at, "targetGroups", key], `load balancer the service is routed through`, key, lbs);
  }
  return {
    ...service,
    serviceName: names.service ?? service.serviceName,
    family: names.taskFamily ?? service.family,
    logGroup: names.logGroup ?? service.logGroup,
    targets: service.targets.map((t) => ({ ...t, targetGroupName: own(names.targetGroups, t.loadBalancer) ?? t.targetGroupName })),
    build: service.build && names.repository ? { ...service.build, repository: names.repository } : service.build,
  };
}

/** Repositories of services under their existing names. */
export function withExistingRepositories(repositories: readonly Repository[], existing: ExistingInput | undefined): Repository[] {
  return repositories.map((r) => {
    const name = own(existing?.services, r.service)?.repository;
    return name ? { ...r, name } : r;
  });
}

/** The dot-joined config paths of every name `existing` sets (`environments.<env>.existing.cluster`, …). */
export function existingNamePaths(existing: ExistingInput | undefined, at: ConfigPath): string[] {
  const walk = (value: unknown, path: ConfigPath): string[] =>
    typeof value === "object" && value !== null
      ? Object.entries(value).flatMap(([k, v]) => walk(v, [...path, Array.isArray(value) ? Number(k) : k]))
      : [path.join(".")];
  return existing ? walk(existing, at) : [];
}

/** Service keys named under `existing.services` that the environment does not have. */
export function checkExistingServices(existing: ExistingInput | undefined, services: readonly string[], ctx: ExistingContext): void {
  for (const key of Object.keys(existing?.services ?? {})) {
    if (!services.includes(key)) ctx.issues.unknown([...ctx.at, "services", key], "service", key, services);
  }
}

/**
 * One repository, one owner: Copilot's repositories belong to the application, so two environments (same
 * account and region) may both name one under `existing`, and their stacks would fight over it.
 */
export function checkSharedRepositories(config: BerthConfig, issues: Issues): void {
  const owners = new Map<string, string>();
  for (const env of Object.keys(config.environments).sort()) {
    const input = own(config.environments, env)!;
    const account = typeof input.account === "string" ? input.account : (input.account?.id ?? "");
    for (const [service, names] of Object.entries(input.existing?.services ?? {})) {
      if (!names.repository) continue;
      const key = `${account}/${input.region}/${names.repository}`;
      const first = owners.get(key);
      if (first)
        issues.add(
          ["environments", env, "existing", "services", service, "repository"],
          `names repository "${names.repository}", which environment ${first} already adopts in the same account and region; one stack must own it`,
          `remove it here: this environment's stack then creates its own repository, or let the service use ${first}'s image`,
        );
      else owners.set(key, env);
    }
  }
}
