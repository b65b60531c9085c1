/**
 * The local runtime plan: the model of one environment rendered for `berth dev` — one gateway per load
 * balancer (same rules, default action and timeouts), one process spec per web service and worker (command,
 * directory, replicas, health check, the same environment, secret, queue and topic names as on AWS), one job
 * spec per scheduled job (its schedule, timeout and retries), the queues and topics of the local SQS/SNS
 * endpoint, and one local database per model database that a local service or job uses (with the variable
 * names each declares). Pure: no ports, no I/O.
 */
import { resolve } from "node:path";
import { own } from "../config/own.js";
import type { DatabaseUse, DefaultAction, Environment, HealthCheck, ListenerRule, QueueUse, Service, Tier, TopicUse } from "../model/types.js";
import type { DatabaseSetting, LocalDatabase } from "./database.js";
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

export interface LocalPlan {
  readonly env: string;
  readonly gateways: readonly LocalGatewayPlan[];
  readonly services: readonly LocalServicePlan[];
  readonly jobs: readonly LocalJobPlan[];
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
  for (const l of env.services.flatMap((s) => (s.local ? s.nlbListeners : []))) {
    notLocal.push({
      service: `${l.service} (${l.protocol} ${l.port} on ${l.loadBalancer})`,
      why: `no local network load balancer: connect to the service's own port ${l.targetPort}`,
    });
  }
  for (const f of env.functions) notLocal.push({ service: `function ${f.key}`, why: "functions are not run locally yet" });
  return { env: env.name, gateways, services, jobs, notRun, notLocal, messaging: planMessaging(env), databases: planDatabases(env, [...services, ...jobs]) };
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
export function planDatabases(env: Environment, local: readonly { readonly name: string }[]): LocalDatabase[] {
  const running = new Set(local.map((s) => s.name));
  return env.databases.flatMap((db): LocalDatabase[] => {
    const uses = env.services
      .filter((s) => running.has(s.name))
      .flatMap((s) => s.databases.filter((u) => u.database === db.key).map((u) => ({ service: s.name, env: useEnvironment(u, db.family) })));
    return uses.length === 0 ? [] : [{ engine: db.family, name: db.key, database: db.databaseName, uses }];
  });
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
