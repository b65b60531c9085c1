/**
 * The local runtime plan: the model of one environment rendered for `berth dev` — one gateway per load
 * balancer (same rules, default action and timeouts), one process spec per web service and worker (command,
 * directory, replicas, health check, the same environment, secret, queue and topic names as on AWS), one job
 * spec per scheduled job (its schedule, timeout and retries), one server per static site, the queues and topics of the local SQS/SNS
 * endpoint, and one local database per model database that a local service or job uses (with the variable
 * names each declares). Pure: no ports, no I/O.
 */
import { resolve } from "node:path";
import { own } from "../config/own.js";
import type {
  DatabaseUse,
  DefaultAction,
  Environment,
  FunctionDatabaseUse,
  FunctionSecret,
  HealthCheck,
  LambdaFunction,
  ListenerRule,
  QueueUse,
  Service,
  Sidecar,
  Tier,
  TopicUse,
} from "../model/types.js";
import type { DatabaseSetting, LocalDatabase } from "./database.js";
import type { LocalHttpApiPlan } from "./http-api-gateway.js";
import type { LocalQueueTriggerPlan } from "./queue-trigger.js";
import type { LocalSitePlan } from "./site-server.js";
import { type LocalMessagingPlan, planMessaging } from "./messaging-plan.js";

export interface LocalGatewayPlan {
  readonly key: string;
  readonly internal: boolean;
  readonly rules: readonly ListenerRule[];
  readonly defaultAction: DefaultAction;
  /** ALB idle timeout: how long the gateway waits for a target (→ 504), in ms. */
  readonly idleTimeoutMs: number;
}

/** An environment variable of a local process, as on AWS but pointing at local addresses. */
export type LocalEnvValue =
  | { readonly kind: "literal"; readonly value: string }
  /** `http://127.0.0.1:<gateway port><path>`, known once the gateway listens. */
  | { readonly kind: "gateway"; readonly loadBalancer: string; readonly path: string }
  /** The replica's own port. */
  | { readonly kind: "port" };

/** What every local process of a service or job gets: its command, directory and environment as on AWS. */
export interface LocalProcessPlan {
  readonly name: string;
  readonly command: string;
  /** Absolute working directory. */
  readonly cwd: string;
  readonly environment: readonly { readonly name: string; readonly value: LocalEnvValue }[];
  /** Secret names it gets on AWS; locally their values come from berth's own environment. */
  readonly secrets: readonly string[];
  /** Queues and topics it uses: their URLs and ARNs on the local endpoint, under the same variable names. */
  readonly queues: readonly QueueUse[];
  readonly topics: readonly TopicUse[];
}

export interface LocalServicePlan extends LocalProcessPlan {
  /** `web` behind gateways or none; `worker` consumes its queue (no route; a health check only on a port). */
  readonly kind: "web" | "worker";
  /** Whether it listens (the model gives it a port): it gets `PORT`. */
  readonly listens: boolean;
  readonly replicas: number;
  readonly healthCheck: HealthCheck;
  /** ECS health-check grace period: failed checks right after start do not count. */
  readonly healthCheckGraceSeconds: number;
  readonly deregistrationDelayMs: number;
  /** Keys of the load balancers the service sits behind. */
  readonly loadBalancers: readonly string[];
  /** For a sidecar (named `<service>/<sidecar>`): the service it runs beside, one process shared by its replicas. */
  readonly sidecarOf?: string;
}

/** A scheduled job: a one-off process on its schedule (or when fired by hand), with its timeout and retries. */
export interface LocalJobPlan extends LocalProcessPlan {
  /** `rate(…)` or `cron(…)`, as EventBridge reads it, in `timezone`. */
  readonly expression: string;
  readonly timezone: string;
  /** Runs again after a failure, up to this many times (the state machine's Retry). */
  readonly retries: number;
  /** A run still going after this long is stopped and counts as failed. */
  readonly timeoutMs: number;
  /** False: it never fires on its own, only by hand (the schedule is DISABLED on AWS). */
  readonly enabled: boolean;
}

/** A function: its handler loaded from its folder by berth's harness, with the environment it has on AWS. */
export interface LocalFunctionPlan {
  /** The function's key in the config. */
  readonly key: string;
  /** Its Lambda name. */
  readonly functionName: string;
  /** Absolute folder the handler is loaded from (`dir`), or the one `command` runs in. */
  readonly dir: string;
  readonly handler: string;
  /** `functions.<key>.local.command`: a Lambda Runtime API client run instead of berth's Node harness; null for the harness. */
  readonly command: string | null;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  /** Warm processes at most: the reserved concurrency when set, else 4. */
  readonly concurrency: number;
  readonly region: string;
  /** Literal environment values. */
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  /** `<NAME>_SECRET_ID` / `<NAME>_PARAMETER`: locally an id on berth's secrets endpoint, the value from berth's `<NAME>`. */
  readonly secrets: readonly FunctionSecret[];
  readonly databases: readonly FunctionDatabaseUse[];
  readonly queues: readonly QueueUse[];
  readonly topics: readonly TopicUse[];
  /** Its EventBridge schedules: fired by the scheduler, by hand from the console or `berth dev run <name>`. */
  readonly schedules: readonly LocalFunctionSchedule[];
  readonly queueTrigger: LocalQueueTriggerPlan | null;
}

/** One schedule rule of a function, under the name `berth dev run` takes. */
export interface LocalFunctionSchedule {
  /** The function's key (its key and the rule's number when it has several schedules). */
  readonly name: string;
  readonly function: string;
  /** The EventBridge rule's name. */
  readonly rule: string;
  readonly expression: string;
  readonly timezone: string;
  readonly enabled: boolean;
  /** The rule's constant input (sent instead of the scheduled event); null for the event. */
  readonly input: Readonly<Record<string, unknown>> | null;
}

export interface LocalPlan {
  readonly env: string;
  readonly gateways: readonly LocalGatewayPlan[];
  readonly services: readonly LocalServicePlan[];
  readonly jobs: readonly LocalJobPlan[];
  /** Functions berth dev runs (zip functions of a Node.js runtime). */
  readonly functions: readonly LocalFunctionPlan[];
  /** One local gateway per HTTP API. */
  readonly httpApis: readonly LocalHttpApiPlan[];
  /** One local server per static site, over its folder. */
  readonly sites: readonly LocalSitePlan[];
  /** Services and jobs without `local.command`: they get no process, their target groups stay empty (→ 503). */
  readonly notRun: readonly string[];
  /** What the model has and berth dev does not run, with the reason (a warning each). */
  readonly notLocal: readonly { readonly service: string; readonly why: string }[];
  /** The local SQS/SNS endpoint's queues and topics; null when the environment has none. */
  readonly messaging: LocalMessagingPlan | null;
  /** Databases used by the services and jobs that run locally; the others are not started. */
  readonly databases: readonly LocalDatabase[];
}

const TIER_ORDER: readonly Tier[] = ["dev", "staging", "prod"];

/**
 * The environment `berth dev` runs without `--env`: the least production-like (dev, then staging, then prod
 * tier; the model's order among equals), so one command starts the app.
 */
export function localEnvironment(environments: readonly Environment[]): Environment {
  return [...environments].sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier))[0]!;
}

export function planLocal(env: Environment, configDir: string): LocalPlan {
  const gateways = env.loadBalancers.map(
    (lb): LocalGatewayPlan => ({ key: lb.key, internal: lb.internal, rules: lb.rules, defaultAction: lb.defaultAction, idleTimeoutMs: lb.idleTimeout * 1000 }),
  );
  const services: LocalServicePlan[] = [];
  const jobs: LocalJobPlan[] = [];
  const notRun: string[] = [];
  const notLocal: { service: string; why: string }[] = [];
  for (const s of env.services) {
    if (!s.local) {
      notRun.push(s.name);
      continue;
    }
    const proc = processPlan(s, s.local.command, resolve(configDir, s.local.cwd ?? "."));
    if (s.kind === "job") {
      const schedule = s.schedule!;
      jobs.push({
        ...proc,
        expression: schedule.expression,
        timezone: schedule.timezone,
        retries: schedule.retries,
        timeoutMs: schedule.timeoutSeconds * 1000,
        enabled: schedule.enabled,
      });
      continue;
    }
    services.push({
      ...proc,
      kind: s.kind,
      listens: s.port !== null,
      replicas: s.local.replicas,
      healthCheck: s.healthCheck,
      healthCheckGraceSeconds: s.healthCheckGraceSeconds,
      deregistrationDelayMs: s.deregistrationDelaySeconds * 1000,
      loadBalancers: s.targets.map((t) => t.loadBalancer),
    });
  }
  for (const s of env.services.filter((x) => x.local)) {
    if (s.routeTo)
      notLocal.push({
        service: `routeTo ${s.routeTo.container} of ${s.name}`,
        why: "the local gateway forwards to the service's own replicas (on their PORT), not through the sidecar",
      });
    for (const v of s.volumes)
      notLocal.push({
        service: `volume ${v.name} of ${s.name}`,
        why: `no local EFS: ${v.path} is this machine's own path (create it, or point the service at a local folder)`,
      });
  }
  for (const s of env.services.filter((x) => x.local && x.kind !== "job")) {
    for (const car of s.sidecars) {
      if (car.local) services.push(sidecarPlan(s, car, resolve(configDir, car.local.cwd ?? ".")));
      else
        notLocal.push({
          service: `sidecar ${car.name} of ${s.name}`,
          why: `it has no local.command (services.${s.name}.sidecars.${car.name}.local.command), so ${s.name} runs without it`,
        });
    }
  }
  for (const l of env.services.flatMap((s) => (s.local ? s.nlbListeners : []))) {
    notLocal.push({
      service: `${l.service} (${l.protocol} ${l.port} on ${l.loadBalancer})`,
      why: `no local network load balancer: connect to the service's own port ${l.targetPort}`,
    });
  }
  const functions: LocalFunctionPlan[] = [];
  for (const f of env.functions) {
    const why = notLocalFunction(f);
    if (why) notLocal.push({ service: `function ${f.key}`, why });
    else functions.push(functionPlan(env, f, configDir, new Set(jobs.map((j) => j.name))));
    const patterns = f.events.filter((e) => e.pattern !== null).length;
    if (!why && patterns > 0)
      notLocal.push({
        service: `function ${f.key}`,
        why: `its ${patterns === 1 ? "event-pattern rule does" : `${patterns} event-pattern rules do`} not fire locally (no local EventBridge bus; run it by hand with an event)`,
      });
  }
  const running = new Set(functions.map((f) => f.key));
  const httpApis = env.httpApis.map(
    (a): LocalHttpApiPlan => ({ key: a.key, name: a.name, routes: a.routes.filter((r) => running.has(r.function)), cors: a.cors }),
  );
  return {
    env: env.name,
    gateways,
    services,
    jobs,
    functions,
    httpApis,
    sites: env.sites.map((s): LocalSitePlan => ({ key: s.key, dir: resolve(configDir, s.dir), spa: s.spa, immutable: s.immutable })),
    notRun,
    notLocal,
    messaging: planMessaging(env),
    databases: planDatabases(env, [...services, ...jobs], functions),
  };
}

/** Why berth dev cannot run a function; undefined when it can. */
function notLocalFunction(f: LambdaFunction): string | undefined {
  if (f.local) return undefined;
  const how = `or give functions.${f.key}.local.command: a Lambda runtime client berth dev serves the Runtime API to`;
  if (f.dir === null)
    return `it runs a container image; a zip function from a folder runs locally, ${how} (e.g. the image with docker run --network host -e AWS_LAMBDA_RUNTIME_API)`;
  if (!f.runtime.startsWith("nodejs")) return `its runtime ${f.runtime} is not Node.js, which berth dev loads itself; ${how}`;
  return undefined;
}

function functionPlan(env: Environment, f: LambdaFunction, configDir: string, jobNames: ReadonlySet<string>): LocalFunctionPlan {
  const schedules = f.events.flatMap((e, i) => (e.schedule === null ? [] : [{ rule: f.events[i]!.name, expression: e.schedule, input: e.input }]));
  const base = jobNames.has(f.key) ? `fn:${f.key}` : f.key;
  const queue = f.queueTrigger ? env.queues.find((q) => q.key === f.queueTrigger!.queue) : undefined;
  return {
    key: f.key,
    functionName: f.name,
    dir: resolve(configDir, f.local?.cwd ?? f.dir ?? "."),
    handler: f.handler,
    command: f.local?.command ?? null,
    timeoutMs: f.timeoutSeconds * 1000,
    memoryMb: f.memory,
    concurrency: f.reservedConcurrency > 0 ? Math.min(f.reservedConcurrency, 4) : 4,
    region: env.region,
    environment: f.environment.flatMap((v) => (v.value.kind === "literal" ? [{ name: v.name, value: v.value.value }] : [])),
    secrets: f.secrets,
    databases: f.databases,
    queues: f.queues,
    topics: f.topics,
    schedules: schedules.map((s, i) => ({
      name: schedules.length === 1 ? base : `${base}-${i + 1}`,
      function: f.key,
      rule: s.rule,
      expression: s.expression,
      timezone: "UTC",
      enabled: true,
      input: s.input,
    })),
    queueTrigger:
      f.queueTrigger && queue
        ? {
            function: f.key,
            queue: queue.key,
            queueName: queue.name,
            batchSize: f.queueTrigger.batchSize,
            batchWindowMs: f.queueTrigger.batchWindowSeconds * 1000,
            reportFailures: f.queueTrigger.reportFailures,
          }
        : null,
  };
}

/** A sidecar as one local process beside its service's replicas: its literal environment and secret names, no port of berth's (it listens where it says). */
function sidecarPlan(s: Service, car: Sidecar, cwd: string): LocalServicePlan {
  return {
    name: `${s.name}/${car.name}`,
    command: car.local!.command,
    cwd,
    environment: car.environment.map((v) => ({ name: v.name, value: { kind: "literal", value: v.value } })),
    secrets: car.secrets.map((x) => x.name),
    queues: [],
    topics: [],
    kind: "worker",
    listens: false,
    replicas: 1,
    healthCheck: s.healthCheck,
    healthCheckGraceSeconds: s.healthCheckGraceSeconds,
    deregistrationDelayMs: 0,
    loadBalancers: [],
    sidecarOf: s.name,
  };
}

function processPlan(s: Service, command: string, cwd: string): LocalProcessPlan {
  return {
    name: s.name,
    command,
    cwd,
    environment: s.environment.map((v) => ({
      name: v.name,
      value:
        v.name === "PORT"
          ? { kind: "port" }
          : v.value.kind === "literal"
            ? v.value
            : { kind: "gateway", loadBalancer: v.value.loadBalancer, path: v.value.path },
    })),
    secrets: s.secrets.map((x) => x.name),
    queues: s.queues,
    topics: s.topics,
  };
}

/**
 * The model's databases as local ones: engine family, database name, and per service that runs locally the
 * variables it declares (host, port, name, user, password; on AWS the last two are ECS secrets). PostgreSQL
 * users also get `PGSSLMODE=disable` and MySQL users `<prefix>_SSL_MODE=DISABLED`: the local servers have no
 * TLS, AWS requires it.
 */
export function planDatabases(
  env: Environment,
  local: readonly { readonly name: string }[],
  functions: readonly Pick<LocalFunctionPlan, "key" | "databases">[] = [],
): LocalDatabase[] {
  const running = new Set(local.map((s) => s.name));
  return env.databases.flatMap((db): LocalDatabase[] => {
    const uses = env.services
      .filter((s) => running.has(s.name))
      .flatMap((s) => s.databases.filter((u) => u.database === db.key).map((u) => ({ service: s.name, env: useEnvironment(u, db.family) })))
      .concat(
        functions.flatMap((f) =>
          f.databases.filter((u) => u.database === db.key).map((u) => ({ service: functionProcessName(f.key), env: functionUseEnvironment(u, db.family) })),
        ),
      );
    return uses.length === 0 ? [] : [{ engine: db.family, name: db.key, database: db.databaseName, uses }];
  });
}

/** The name a function's processes go by in logs and in the databases' uses: `fn:<key>`. */
export const functionProcessName = (key: string): string => `fn:${key}`;

/**
 * A function's database variables: host, port and name as on AWS, and the TLS setting the local server
 * needs (`<prefix>_SSL_MODE=DISABLED`, `PGSSLMODE=disable`); the credentials come through `<prefix>_SECRET_ID`.
 */
function functionUseEnvironment(u: FunctionDatabaseUse, family: "postgres" | "mysql"): { name: string; setting: DatabaseSetting }[] {
  return [
    { name: u.hostVar, setting: "host" },
    { name: u.portVar, setting: "port" },
    { name: u.nameVar, setting: "database" },
    { name: family === "postgres" ? "PGSSLMODE" : u.secretIdVar.replace(/_SECRET_ID$/, "_SSL_MODE"), setting: "sslMode" },
  ];
}

function useEnvironment(u: DatabaseUse, family: "postgres" | "mysql"): { name: string; setting: DatabaseSetting }[] {
  const vars: { name: string; setting: DatabaseSetting }[] = [
    { name: u.hostVar, setting: "host" },
    { name: u.portVar, setting: "port" },
    { name: u.nameVar, setting: "database" },
    { name: u.usernameVar, setting: "user" },
    { name: u.passwordVar, setting: "password" },
  ];
  return [...vars, { name: family === "postgres" ? "PGSSLMODE" : u.sslModeVar, setting: "sslMode" }];
}

/**
 * The process environment of one replica or job run: the plan's values with gateway URLs filled in, and
 * `PORT` when it listens (`port` given).
 */
export function replicaEnvironment(
  service: LocalProcessPlan,
  ctx: { port?: number; gatewayUrl: (key: string) => string; secrets: Readonly<Record<string, string | undefined>> },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of service.environment) {
    if (value.kind === "port" && ctx.port === undefined) continue;
    out[name] = value.kind === "literal" ? value.value : value.kind === "port" ? String(ctx.port) : `${ctx.gatewayUrl(value.loadBalancer)}${value.path}`;
  }
  for (const name of service.secrets) {
    const v = own(ctx.secrets, name);
    if (v !== undefined) out[name] = v;
  }
  if (ctx.port !== undefined) out.PORT = String(ctx.port);
  return out;
}
