/** Parts every container definition of a service's task shares: health check, start order, logs and secret references. */
import { raw, tpl, type Expr, type Value } from "../../hcl/index.js";
import type { ContainerDependency, ContainerHealthCheck, SecretRef } from "../../model/types.js";
import { lit, type ServiceContext } from "./context.js";

/** ECS's `healthCheck` of a container definition. */
export const containerHealthCheck = (check: ContainerHealthCheck): Value => ({
  command: [...check.command],
  interval: check.intervalSeconds,
  timeout: check.timeoutSeconds,
  retries: check.retries,
  startPeriod: check.startPeriodSeconds,
});

/** ECS's `dependsOn` of a container definition. */
export const containerDependsOn = (deps: readonly ContainerDependency[]): Value => deps.map((d) => ({ containerName: d.container, condition: d.condition }));

/**
 * A container's logs: to the service's log group under its own stream prefix, or, with FireLens, through
 * the log router to its destination (secret options by reference, like secrets).
 */
export function logConfiguration(ctx: ServiceContext, streamPrefix: string): Value {
  const f = ctx.service.firelens;
  if (f)
    return {
      logDriver: "awsfirelens",
      options: Object.fromEntries(f.options.map((o) => [o.name, o.value])),
      secretOptions: f.secretOptions.length > 0 ? f.secretOptions.map((s) => ({ name: s.name, valueFrom: secretValueFrom(ctx, s) })) : undefined,
    };
  return cloudWatchLogs(ctx, streamPrefix);
}

/** The service's log group, under a stream prefix: every container's, or with FireLens the log router's own. */
export const cloudWatchLogs = (ctx: ServiceContext, streamPrefix: string): Value => ({
  logDriver: "awslogs",
  options: { "awslogs-group": raw("aws_cloudwatch_log_group.this.name"), "awslogs-region": ctx.env.region, "awslogs-stream-prefix": streamPrefix },
});

/**
 * `valueFrom` as ECS reads it. An SSM parameter in the task's region goes by name. A Secrets Manager
 * secret goes by ARN, as the agent parses it (`…:secret:<name>:<key>::` selects a JSON key); without
 * the random suffix it is a partial ARN, which Secrets Manager resolves by name.
 */
export function secretValueFrom(ctx: ServiceContext, s: SecretRef): Expr | string {
  if (s.source === "ssm") return s.ref;
  const account = ctx.env.account ?? "${local.account_id}";
  return tpl(`arn:aws:secretsmanager:${ctx.env.region}:${account}:secret:${lit(s.ref)}${s.key === undefined ? "" : `:${lit(s.key)}::`}`);
}
