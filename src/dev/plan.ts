/**
 * The local runtime plan: the model of one environment rendered for `berth dev` — one gateway per load
 * balancer (same rules, default action and timeouts), one process spec per service (command, directory,
 * replicas, health check, the same environment and secret names as on AWS), one local database per model
 * database that a local service uses (with the variable names each service declares). Pure: no ports, no I/O.
 */
import { resolve } from "node:path";
import { own } from "../config/own.js";
import type { DatabaseUse, DefaultAction, Environment, HealthCheck, ListenerRule } from "../model/types.js";
import type { DatabaseSetting, LocalDatabase } from "./database.js";

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

export interface LocalServicePlan {
  readonly name: string;
  readonly command: string;
  /** Absolute working directory. */
  readonly cwd: string;
  readonly replicas: number;
  readonly healthCheck: HealthCheck;
  /** ECS health-check grace period: failed checks right after start do not count. */
  readonly healthCheckGraceSeconds: number;
  readonly deregistrationDelayMs: number;
  /** Keys of the load balancers the service sits behind. */
  readonly loadBalancers: readonly string[];
  readonly environment: readonly { readonly name: string; readonly value: LocalEnvValue }[];
  /** Secret names it gets on AWS; locally their values come from berth's own environment. */
  readonly secrets: readonly string[];
}

export interface LocalPlan {
  readonly env: string;
  readonly gateways: readonly LocalGatewayPlan[];
  readonly services: readonly LocalServicePlan[];
  /** Services without `local.command`: they get no process, their target groups stay empty (→ 503). */
  readonly notRun: readonly string[];
  /** Workers, scheduled jobs and Lambda functions: berth dev runs no queues, schedules or functions yet, so they get no process. */
  readonly notLocal: readonly { readonly service: string; readonly why: string }[];
  /** Databases used by the services that run locally; the others are not started. */
  readonly databases: readonly LocalDatabase[];
}

export function planLocal(env: Environment, configDir: string): LocalPlan {
  const gateways = env.loadBalancers.map(
    (lb): LocalGatewayPlan => ({ key: lb.key, internal: lb.internal, rules: lb.rules, defaultAction: lb.defaultAction, idleTimeoutMs: lb.idleTimeout * 1000 }),
  );
  const services: LocalServicePlan[] = [];
  const notRun: string[] = [];
  const notLocal: { service: string; why: string }[] = [];
  for (const s of env.services) {
    if (s.kind !== "web") {
      notLocal.push({ service: s.name, why: s.kind === "job" ? "schedules are not run locally yet" : "queues are not run locally yet" });
      continue;
    }
    if (!s.local) {
      notRun.push(s.name);
      continue;
    }
    services.push({
      name: s.name,
      command: s.local.command,
      cwd: resolve(configDir, s.local.cwd ?? "."),
      replicas: s.local.replicas,
      healthCheck: s.healthCheck,
      healthCheckGraceSeconds: s.healthCheckGraceSeconds,
      deregistrationDelayMs: s.deregistrationDelaySeconds * 1000,
      loadBalancers: s.targets.map((t) => t.loadBalancer),
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
    });
  }
  for (const f of env.functions) notLocal.push({ service: `function ${f.key}`, why: "functions are not run locally yet" });
  return { env: env.name, gateways, services, notRun, notLocal, databases: planDatabases(env, services) };
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

/** The process environment of one replica: the plan's values with gateway URLs filled in. */
export function replicaEnvironment(
  service: LocalServicePlan,
  ctx: { port: number; gatewayUrl: (key: string) => string; secrets: Readonly<Record<string, string | undefined>> },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of service.environment) {
    out[name] = value.kind === "literal" ? value.value : value.kind === "port" ? String(ctx.port) : `${ctx.gatewayUrl(value.loadBalancer)}${value.path}`;
  }
  for (const name of service.secrets) {
    const v = own(ctx.secrets, name);
    if (v !== undefined) out[name] = v;
  }
  out.PORT = String(ctx.port);
  return out;
}
