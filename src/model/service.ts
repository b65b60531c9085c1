/** Resolves one service: size, placement, egress, health checks, deployment, scaling, env, secrets and IAM. */
import { resolveBlueGreen } from "./blue-green.js";
import { resolveNlbListeners } from "./network-load-balancer.js";
import { posix } from "node:path";
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import { own } from "../config/own.js";
import { resolveServiceAlarms } from "./alarms.js";
import { describeFargateSizes, FARGATE_SIZES, logRetention } from "./aws-limits.js";
import { resolveDatabaseUses, useVariables } from "./database-use.js";
import { resolveQueueUses, resolveTopicUses } from "./messaging.js";
import { jobFailedAlarm, resolveWorkload } from "./workload.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import { pathPrefix } from "./routing.js";
import type { TierDefaults } from "./tiers.js";
import { resolveSecretRefs } from "./secrets.js";
import { resolveContainerHealthCheck, resolveSidecars } from "./sidecar.js";
import { resolveVolumes } from "./volume.js";
import { resolveFirelens } from "./firelens.js";
import { resolveScalingSchedules } from "./scaling-schedule.js";
import { resolveEgress } from "./egress.js";
import type { Autoscaling, Cluster, Database, DeclaredParameter, DeclaredSecret, EnvVar, Queue, Routing, Service, Topic } from "./types.js";
import { parseCpu, parseDays, parseDuration, parseMemory } from "./units.js";
import { compareText } from "./text-order.js";

export interface ServiceContext {
  readonly prefix: string;
  readonly defaults: TierDefaults;
  readonly cluster: Cluster;
  readonly nat: Routing;
  readonly services: Readonly<Record<string, ServiceInput>>;
  readonly loadBalancers: readonly string[];
  /** Keys of the environment's `networkLoadBalancers`. */
  readonly networkLoadBalancers?: readonly string[];
  readonly at: ConfigPath;
  readonly issues: Issues;
  /** Databases, secrets and parameters of the environment that services may use. */
  readonly databases?: readonly Database[];
  readonly declaredSecrets?: readonly DeclaredSecret[];
  readonly declaredParameters?: readonly DeclaredParameter[];
  /** Whether the environment has its own logs key (`kms.logs`), which log groups use unless the service names another. */
  readonly logsKey?: boolean;
  /** Queues and topics of the environment that services may use. */
  readonly queues?: readonly Queue[];
  readonly topics?: readonly Topic[];
  /** Availability zones: each subnet tier has one subnet in each (EFS mount targets go in each of the service's tier). */
  readonly azCount?: number;
}

const asList = (v: string | readonly string[] | undefined): string[] => (v === undefined ? [] : typeof v === "string" ? [v] : [...v]);

export function resolveService(name: string, input: ServiceInput, ctx: ServiceContext): Service {
  const at = [...ctx.at, name];
  const launch = ctx.cluster.capacity.kind === "ec2" ? "ec2" : "fargate";
  const { cpu, memory } = resolveSize(input, launch, ctx, at);
  const subnetTier = input.subnet ?? "private";
  const { reach: egress, declared: declaredEgress } = resolveEgress(input.egress, { subnetTier, nat: ctx.nat, at: [...at, "egress"], issues: ctx.issues });
  const ec2 = ctx.cluster.capacity.kind === "ec2" ? ctx.cluster.capacity : undefined;
  const architecture = input.architecture ?? ec2?.architecture ?? "x86_64";
  if (ec2 && architecture !== ec2.architecture) {
    ctx.issues.add(
      [...at, "architecture"],
      `is ${architecture} but the cluster's ${ec2.instanceType} instances are ${ec2.architecture}`,
      "build the image for the instances' architecture, or remove architecture",
    );
  }
  if (ec2 && !ec2.subnetTiers.includes(subnetTier)) {
    ctx.issues.add(
      [...at, "subnet"],
      `is "${subnetTier}" but the EC2 instances only run in ${ec2.subnetTiers.join(" and ")} subnets`,
      `add "${subnetTier}" to compute.ec2.subnets`,
    );
  }
  // awsvpc tasks on EC2 never get a public IP; a public service that needs the internet uses the instance's.
  const networkMode = launch === "ec2" && subnetTier === "public" && egress === "internet" ? "bridge" : "awsvpc";
  if (declaredEgress && networkMode === "bridge") {
    ctx.issues.add(
      [...at, "egress"],
      "is declared, but tasks on EC2 instances in public subnets share the instances' security group (bridge mode), which has no per-service rules",
      'run the service in private subnets (subnet: "private"), or use egress: "internet"',
    );
  }
  const workload = resolveWorkload(name, input, { prefix: ctx.prefix, cluster: ctx.cluster, at, issues: ctx.issues });
  const routes = input.routes ?? [];
  const targets = resolveTargets(name, routes, ctx, at);
  const nlbListeners = resolveNlbListeners(input.nlb, {
    prefix: ctx.prefix,
    name,
    kind: workload.kind,
    port: input.port ?? null,
    networkMode,
    loadBalancers: ctx.networkLoadBalancers ?? [],
    at,
    issues: ctx.issues,
  });
  const healthCheck = resolveHealthCheck(input, at, ctx.issues);
  const autoscaling = resolveAutoscaling(input, at, ctx.issues, `${ctx.prefix}-${name}`);
  const desiredCount = workload.kind === "job" ? 0 : (input.desiredCount ?? autoscaling?.min ?? ctx.defaults.desiredCount);
  if (autoscaling && workload.kind !== "job" && (desiredCount < autoscaling.min || desiredCount > autoscaling.max)) {
    ctx.issues.add([...at, "desiredCount"], `${desiredCount} is outside autoscaling's range ${autoscaling.min}–${autoscaling.max}`);
  }
  const environment = resolveEnvironment(name, input, ctx, at);
  const secrets = resolveSecretRefs(input, { secrets: ctx.declaredSecrets ?? [], parameters: ctx.declaredParameters ?? [], at, issues: ctx.issues });
  for (const s of secrets) {
    if (environment.some((e) => e.name === s.name)) ctx.issues.add([...at, "secrets", s.name], `is also set in environment; a variable comes from one place`);
  }
  const databases = resolveDatabaseUses(input, { databases: ctx.databases ?? [], at, issues: ctx.issues });
  const queues = resolveQueueUses(input, { queues: ctx.queues ?? [], at, issues: ctx.issues });
  const topics = resolveTopicUses(input, { topics: ctx.topics ?? [], at, issues: ctx.issues });
  const taken = new Map<string, string>([...environment.map((e) => [e.name, "environment"] as const), ...secrets.map((s) => [s.name, "secrets"] as const)]);
  const messaging: [string, string, string][] = [
    ...queues.map((q) => [q.urlVar, "queues", q.queue] as [string, string, string]),
    ...topics.map((t) => [t.arnVar, "topics", t.topic] as [string, string, string]),
  ];
  for (const [v, section, key] of messaging) {
    const other = taken.get(v);
    if (other)
      ctx.issues.add([...at, section, key], `would set ${v}, which ${other} already sets; a variable comes from one place`, `remove ${v} from ${other}`);
    taken.set(v, `${section}.${key}`);
  }
  for (const u of databases) {
    for (const v of useVariables(u)) {
      const other = taken.get(v);
      if (other) {
        ctx.issues.add(
          [...at, "databases", u.database],
          `would set ${v}, which ${other} already sets; a variable comes from one place`,
          `give the database's variables another prefix, e.g. { ${u.database}: { prefix: "${u.database.toUpperCase().replace(/-/g, "_")}_DB" } }`,
        );
      }
      taken.set(v, `databases.${u.database}`);
    }
  }
  const calls = [...new Set(environment.flatMap((e) => (e.value.kind === "url" ? [e.value.loadBalancer] : [])))].sort();
  if (workload.kind === "job" && input.alarms)
    ctx.issues.add(
      [...at, "alarms"],
      "do not apply to a scheduled job, which has no ECS service; its failed and timed-out runs alarm by themselves",
      "remove alarms",
    );
  const alarms =
    workload.kind === "job"
      ? [jobFailedAlarm(`${ctx.prefix}-${name}`)]
      : resolveServiceAlarms(input.alarms, { fullName: `${ctx.prefix}-${name}`, targets, nlbListeners, at: [...at, "alarms"], issues: ctx.issues });
  const blueGreen = resolveBlueGreen(input, {
    name,
    fullName: `${ctx.prefix}-${name}`,
    prefix: ctx.prefix,
    kind: workload.kind,
    targets,
    nlbListeners,
    alarms,
    at,
    issues: ctx.issues,
  });
  const readonlyRootFilesystem = input.readonlyRootFilesystem ?? ctx.defaults.readonlyRootFilesystem;
  const containers = resolveSidecars(input, {
    service: name,
    port: input.port ?? null,
    cpu,
    memory,
    networkMode,
    readonlyRootFilesystem,
    declaredSecrets: ctx.declaredSecrets ?? [],
    declaredParameters: ctx.declaredParameters ?? [],
    at,
    issues: ctx.issues,
  });
  const storage = resolveVolumes(input, {
    fullName: `${ctx.prefix}-${name}`,
    launch,
    networkMode,
    readonlyRootFilesystem,
    subnetCount: ctx.azCount ?? 0,
    at,
    issues: ctx.issues,
  });
  const firelens = resolveFirelens(input, {
    declaredSecrets: ctx.declaredSecrets ?? [],
    declaredParameters: ctx.declaredParameters ?? [],
    at,
    issues: ctx.issues,
  });
  const repo = input.repository;
  if (repo === false && !input.image)
    ctx.issues.add([...at, "repository"], "is false but no image is given; the service would have nothing to run", 'set image: "<registry>/<name>:<tag>"');
  if (input.imageTag === "latest" && hasRepository(input) && !repositoryMutable(input, ctx.defaults))
    ctx.issues.add(
      [...at, "imageTag"],
      'is "latest", a tag that moves, but the service\'s repository has immutable tags (the default in a prod tier): a second push of "latest" is refused',
      "remove imageTag and deploy by commit (`berth build --push` tags the git sha, `berth deploy <service> --image <sha>`), or set repository.mutable: true",
    );
  return {
    name,
    kind: workload.kind,
    fullName: `${ctx.prefix}-${name}`,
    serviceName: `${ctx.prefix}-${name}`,
    family: `${ctx.prefix}-${name}`,
    port: input.port ?? null,
    cpu,
    memory,
    architecture,
    launch,
    networkMode,
    image: input.image,
    imageTag: input.imageTag ?? "latest",
    command: input.command,
    subnetTier,
    assignPublicIp: launch === "fargate" && subnetTier === "public" && egress === "internet",
    egress,
    declaredEgress,
    desiredCount,
    strategy: workload.strategy,
    minHealthyPercent: input.deployment?.minHealthyPercent ?? 100,
    maxPercent: input.deployment?.maxPercent ?? 200,
    circuitBreaker: blueGreen ? false : (input.deployment?.circuitBreaker ?? true),
    blueGreen,
    healthCheckGraceSeconds: parseDuration(input.healthCheck?.gracePeriod ?? "60 seconds"),
    healthCheck,
    deregistrationDelaySeconds: parseDuration(input.deregistrationDelay ?? "30 seconds"),
    targets,
    nlbListeners,
    environment,
    secrets,
    databases,
    queues,
    topics,
    worker: workload.worker,
    schedule: workload.schedule,
    permissions: (input.permissions ?? []).map((p) => ({ actions: [...p.actions], resources: [...p.resources] })),
    autoscaling,
    logGroup: `/ecs/${ctx.prefix}/${name}`,
    roleNames: { execution: awsName([ctx.prefix, name, "exec"], LIMITS.iamRole), task: awsName([ctx.prefix, name, "task"], LIMITS.iamRole) },
    logRetentionDays: logRetention(input.logRetention ? parseDays(input.logRetention) : ctx.defaults.logRetentionDays),
    logKmsKey: input.logKmsKey ? { kind: "arn", arn: input.logKmsKey } : ctx.logsKey ? { kind: "environment" } : null,
    alarms,
    containerHealthCheck: resolveContainerHealthCheck(input.containerHealthCheck),
    ...containers,
    firelens,
    ...storage,
    readonlyRootFilesystem,
    enableExecuteCommand: input.execCommand ?? false,
    calls,
    local: input.local ? { command: input.local.command, cwd: input.local.cwd, replicas: input.local.replicas ?? 1 } : undefined,
    build: resolveBuild(name, input, architecture, ctx.prefix),
  };
}

/** Whether the service gets an ECR repository of its own: unless it says `repository: false`, or names an `image` and no repository. */
export const hasRepository = (input: ServiceInput): boolean => !(input.repository === false || (input.image && input.repository === undefined));

/** Whether the service's repository lets a tag be overwritten: `repository.mutable`, else the tier's default (immutable in prod). */
export const repositoryMutable = (input: ServiceInput, defaults: Pick<TierDefaults, "immutableTags">): boolean =>
  (input.repository === false ? undefined : input.repository?.mutable) ?? !defaults.immutableTags;

/** The ECR repository name of a service (`<prefix>-<name>`). */
export const repositoryName = (prefix: string, name: string): string => awsName([prefix, name], LIMITS.ecrRepository);

/** Where `berth build` finds the image's sources, and for which platform; null without a repository to push to. */
function resolveBuild(name: string, input: ServiceInput, architecture: "x86_64" | "arm64", prefix: string): Service["build"] {
  if (!hasRepository(input)) return null;
  const context = posix.normalize((input.build?.context ?? input.local?.cwd ?? ".").replace(/\\/g, "/")).replace(/\/$/, "") || ".";
  return {
    context,
    dockerfile: input.build?.dockerfile ?? "Dockerfile",
    platform: architecture === "arm64" ? "linux/arm64" : "linux/amd64",
    repository: repositoryName(prefix, name),
  };
}

function resolveSize(input: ServiceInput, launch: "fargate" | "ec2", ctx: ServiceContext, at: ConfigPath): { cpu: number; memory: number } {
  const cpu = parseCpu(input.cpu ?? 256);
  const memory = parseMemory(input.memory ?? 512);
  if (launch === "fargate") {
    const allowed = FARGATE_SIZES.get(cpu);
    if (!allowed) {
      ctx.issues.add(
        [...at, "cpu"],
        `${cpu} CPU units is not a Fargate size; use one of ${[...FARGATE_SIZES.keys()].join(", ")}`,
        `valid pairs: ${describeFargateSizes()}`,
      );
    } else if (!allowed.includes(memory)) {
      ctx.issues.add(
        [...at, "memory"],
        `${memory} MiB does not pair with ${cpu} CPU units on Fargate; use one of ${allowed.join(", ")} MiB`,
        `valid pairs: ${describeFargateSizes()}`,
      );
    }
  } else if (ctx.cluster.capacity.kind === "ec2") {
    const { instanceCpu, instanceMemory, instanceType } = ctx.cluster.capacity;
    if (cpu > instanceCpu)
      ctx.issues.add([...at, "cpu"], `${cpu} CPU units does not fit on a ${instanceType} (${instanceCpu} units)`, "lower cpu or choose a larger instance type");
    if (memory > instanceMemory)
      ctx.issues.add(
        [...at, "memory"],
        `${memory} MiB does not fit on a ${instanceType}, which offers ${instanceMemory} MiB to tasks after the ECS agent's reserve`,
        "lower memory or choose a larger instance type",
      );
  }
  return { cpu, memory };
}

function resolveTargets(name: string, routes: NonNullable<ServiceInput["routes"]>, ctx: ServiceContext, at: ConfigPath) {
  const lbs = [...new Set(routes.map((r) => r.loadBalancer))];
  routes.forEach((r, i) => {
    if (!ctx.loadBalancers.includes(r.loadBalancer))
      ctx.issues.unknown([...at, "routes", i, "loadBalancer"], "load balancer", r.loadBalancer, ctx.loadBalancers);
  });
  return lbs
    .filter((lb) => ctx.loadBalancers.includes(lb))
    .sort()
    .map((lb) => ({ loadBalancer: lb, targetGroupName: awsName([ctx.prefix, name, lbs.length > 1 ? lb : ""], LIMITS.targetGroup) }));
}

function resolveHealthCheck(input: ServiceInput, at: ConfigPath, issues: Issues) {
  const h = input.healthCheck ?? {};
  const check = {
    path: h.path ?? "/",
    intervalSeconds: parseDuration(h.interval ?? "30 seconds"),
    timeoutSeconds: parseDuration(h.timeout ?? "5 seconds"),
    healthyThreshold: h.healthyThreshold ?? 3,
    unhealthyThreshold: h.unhealthyThreshold ?? 3,
    matcher: h.matcher ?? "200",
  };
  if (check.intervalSeconds < 5 || check.intervalSeconds > 300)
    issues.add([...at, "healthCheck", "interval"], `must be between 5 and 300 seconds; got ${check.intervalSeconds}`);
  if (check.timeoutSeconds < 2 || check.timeoutSeconds > 120)
    issues.add([...at, "healthCheck", "timeout"], `must be between 2 and 120 seconds; got ${check.timeoutSeconds}`);
  else if (check.timeoutSeconds >= check.intervalSeconds)
    issues.add([...at, "healthCheck", "timeout"], `(${check.timeoutSeconds} s) must be shorter than the interval (${check.intervalSeconds} s)`);
  return check;
}

function resolveAutoscaling(input: ServiceInput, at: ConfigPath, issues: Issues, fullName: string): Autoscaling | null {
  const a = input.autoscaling;
  if (!a) return null;
  if (a.min > a.max) issues.add([...at, "autoscaling", "min"], `(${a.min}) is larger than max (${a.max})`);
  const schedules = resolveScalingSchedules(a.schedules, a, { fullName, at: [...at, "autoscaling", "schedules"], issues });
  const tracks = a.cpu !== undefined || a.memory !== undefined || a.requestsPerTarget !== undefined || a.backlog !== undefined;
  if (!tracks && schedules.length === 0) {
    issues.add(
      [...at, "autoscaling"],
      "names no metric to track and no schedule",
      "add cpu: 70, memory: 80, requestsPerTarget: 1000, (workers) backlog, or schedules",
    );
  }
  let backlogPerTask: number | undefined;
  if (a.backlog) {
    const latency = parseDuration(a.backlog.latency);
    const perMessage = parseDuration(a.backlog.perMessage);
    if (perMessage <= 0) issues.add([...at, "autoscaling", "backlog", "perMessage"], "must be at least 1 second");
    else if (latency < perMessage)
      issues.add(
        [...at, "autoscaling", "backlog", "latency"],
        `(${latency} s) is shorter than the time one message takes (${perMessage} s); no number of tasks can meet it`,
        "raise latency, or make messages faster to process",
      );
    else backlogPerTask = Math.floor(latency / perMessage);
  }
  if (a.requestsPerTarget !== undefined && (input.routes ?? []).length === 0) {
    issues.add([...at, "autoscaling", "requestsPerTarget"], "needs the service to be behind a load balancer (routes)");
  }
  return {
    min: a.min,
    max: a.max,
    cpu: a.cpu,
    memory: a.memory,
    requestsPerTarget: a.requestsPerTarget,
    backlogPerTask,
    scaleInCooldown: parseDuration(a.scaleInCooldown ?? "5 minutes"),
    scaleOutCooldown: parseDuration(a.scaleOutCooldown ?? "1 minute"),
    schedules,
  };
}

function resolveEnvironment(name: string, input: ServiceInput, ctx: ServiceContext, at: ConfigPath): EnvVar[] {
  const vars: EnvVar[] = [];
  if (!input.environment?.PORT && input.port !== undefined) vars.push({ name: "PORT", value: { kind: "literal", value: String(input.port) } });
  for (const [key, v] of Object.entries(input.environment ?? {})) {
    if (typeof v === "string" || "value" in v) {
      vars.push({ name: key, value: { kind: "literal", value: typeof v === "string" ? v : v.value } });
      continue;
    }
    const where = [...at, "environment", key, "url"];
    const target = own(ctx.services, v.url);
    if (!target) {
      ctx.issues.unknown(
        where,
        "service",
        v.url,
        Object.keys(ctx.services).filter((s) => s !== name),
      );
      continue;
    }
    const routes = (target.routes ?? []).filter((r) => !v.loadBalancer || r.loadBalancer === v.loadBalancer);
    const route = routes[0];
    if (!route) {
      ctx.issues.add(
        where,
        `service "${v.url}" has no route${v.loadBalancer ? ` on load balancer "${v.loadBalancer}"` : ""}, so it has no URL`,
        `add routes: [{ loadBalancer: "internal", path: "/${v.url}/*" }] to services.${v.url}`,
      );
      continue;
    }
    vars.push({ name: key, value: { kind: "url", loadBalancer: route.loadBalancer, service: v.url, path: pathPrefix(asList(route.path)[0]) } });
  }
  return vars.sort((a, b) => compareText(a.name, b.name));
}

export { asList };
