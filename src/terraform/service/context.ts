/**
 * What every file of a service stack reads: the service, the load balancers it sits behind (with its
 * listener rules on each) and those it calls, and how variables and resources are referenced.
 */
import { type Expr, quote } from "../../hcl/index.js";
import { httpsHost } from "../../model/edge.js";
import { serviceStackId } from "../../model/stack-ids.js";
import type { Database, Environment, ListenerRule, LoadBalancer, Repository, SecretRef, Service, Target } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import type { Wire } from "../../model/wires.js";
import { ident } from "../common/files.js";
import { StackInputs } from "../common/inputs.js";

export interface NamedRule {
  /** Terraform name of the `aws_lb_listener_rule`. */
  readonly name: string;
  readonly rule: ListenerRule;
}

export interface RoutedTarget {
  readonly target: Target;
  readonly lb: LoadBalancer;
  /** Terraform name of the target group: the load balancer key in snake_case. */
  readonly id: string;
  /** This service's rules on the load balancer's listener, in priority order. */
  readonly rules: readonly NamedRule[];
}

export interface ServiceContext {
  readonly env: Environment;
  readonly service: Service;
  readonly awsvpc: boolean;
  readonly targets: readonly RoutedTarget[];
  /** Load balancers the service calls through `url` environment values. */
  readonly calls: readonly LoadBalancer[];
  /** The ECR repository the image comes from; undefined when the config names a full image. */
  readonly repository: Repository | undefined;
  /** What the stack reads from upstream stacks. */
  readonly inputs: StackInputs;
  /** `var.<name>` of an upstream output, which becomes a variable and a dependency of the stack. */
  read(wire: Wire): Expr;
  /** The same as text, for templates. */
  ref(wire: Wire): string;
}

export function serviceContext(env: Environment, service: Service): ServiceContext {
  const repository = service.image === undefined ? env.repositories.find((r) => r.service === service.name) : undefined;
  if (service.image === undefined && !repository) throw new Error(`bug: service ${service.name} has neither an image nor a repository`);
  const inputs = new StackInputs(serviceStackId(service.name));
  return {
    env,
    service,
    awsvpc: service.networkMode === "awsvpc",
    targets: service.targets.map((target) => routedTarget(env, service, target)),
    calls: service.calls.map((key) => loadBalancer(env, key)),
    repository,
    inputs,
    read: (wire) => inputs.read(wire),
    ref: (wire) => inputs.ref(wire),
  };
}

function routedTarget(env: Environment, service: Service, target: Target): RoutedTarget {
  const lb = loadBalancer(env, target.loadBalancer);
  const id = ident(lb.key);
  const own = lb.rules.filter((r) => r.service === service.name && !r.catchAll);
  const rules: NamedRule[] = own.map((rule, i) => ({ name: i === 0 ? id : `${id}_${i + 1}`, rule }));
  const catchAll = lb.rules.find((r) => r.service === service.name && r.catchAll);
  if (catchAll) rules.push({ name: `${id}_default`, rule: catchAll });
  return { target, lb, id, rules };
}

function loadBalancer(env: Environment, key: string): LoadBalancer {
  const lb = env.loadBalancers.find((l) => l.key === key);
  if (!lb) throw new Error(`bug: the model names load balancer "${key}" but environment ${env.name} has none by that key`);
  return lb;
}

/** The target whose request count drives request-based autoscaling (the first one). */
export const requestsTarget = (ctx: ServiceContext): RoutedTarget | undefined =>
  ctx.service.autoscaling?.requestsPerTarget !== undefined ? ctx.targets[0] : undefined;

/** Literal text for inside a `tpl(…)` template: quotes, backslashes and `${` escaped. */
export const lit = (text: string): string => quote(text).slice(1, -1);

/**
 * Scheme and host of URLs through a load balancer, as template text: its HTTPS host name when it has a
 * domain, CloudFront's domain when CloudFront fronts it, else its own DNS name over HTTP; with the
 * platform output it reads, if any.
 */
export function urlBase(ctx: ServiceContext, lb: LoadBalancer, hosts: readonly string[] = []): string {
  const host = httpsHost(lb, hosts);
  if (host) return `https://${lit(host)}`;
  if (lb.cloudfront) return `https://\${${ctx.ref(wires.platform.loadBalancer(ctx.env, lb, "cloudfront_domain_name"))}}`;
  return `http://\${${ctx.ref(wires.platform.loadBalancer(ctx.env, lb, "dns_name"))}}`;
}

/** A database of the environment by key. */
export function database(ctx: ServiceContext, key: string): Database {
  const db = ctx.env.databases.find((d) => d.key === key);
  if (!db) throw new Error(`bug: service ${ctx.service.name} uses database "${key}", which environment ${ctx.env.name} does not have`);
  return db;
}

/** The hosts of a service's first rule on a load balancer: URLs to it use one of them when they are exact. */
export const ruleHosts = (lb: LoadBalancer, service: string): readonly string[] => lb.rules.find((r) => r.service === service)?.hosts ?? [];
/** The secrets of the service's container, of its sidecars and of its FireLens options: what the execution role reads. */
export const allSecrets = (service: Service): readonly SecretRef[] => [
  ...service.secrets,
  ...service.sidecars.flatMap((s) => s.secrets),
  ...(service.firelens?.secretOptions ?? []),
];

/** Whether the execution role decrypts with the environment's secrets key (declared secrets, SecureString parameters, database secrets). */
export const needsSecretsKey = (ctx: ServiceContext): boolean =>
  ctx.env.kms.secrets !== null &&
  (ctx.service.databases.some((u) => !u.iamUser) ||
    allSecrets(ctx.service).some(
      (s) => s.declared !== undefined && (s.source === "secretsmanager" || ctx.env.parameters.some((p) => p.key === s.declared && p.secure)),
    ));

/** The port load balancers forward to (the `routeTo` sidecar's, else the service's); the model requires one whenever the service has targets. */
export function targetPort(ctx: ServiceContext): number {
  if (ctx.service.routeTo) return ctx.service.routeTo.port;
  if (ctx.service.port === null) throw new Error(`bug: service ${ctx.service.name} has targets but no port`);
  return ctx.service.port;
}

/** The container load balancers forward to: the `routeTo` sidecar, else the service's own. */
export const targetContainer = (ctx: ServiceContext): string => ctx.service.routeTo?.container ?? ctx.service.name;
