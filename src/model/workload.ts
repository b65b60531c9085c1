/**
 * What kind of workload a service is — a web service, a queue worker or a scheduled job — and the rules
 * that keep each kind sensible: a worker has no routes and consumes a known queue, a job has no routes
 * and no autoscaling and a schedule EventBridge accepts, a service with routes has a port, backlog
 * scaling needs a queue, and Fargate Spot (all tasks, or those above `spotAbove`) needs Fargate.
 */
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import { checkSchedule } from "./schedule-expression.js";
import type { Alarm, CapacityProviderShare, Cluster, Schedule, Service, Worker } from "./types.js";
import { parseDuration } from "./units.js";

/** EventBridge Scheduler schedule names: 64 characters; Step Functions state machine names: 80. */
export const WORKLOAD_LIMITS = { scheduleName: 64, stateMachineName: 80 } as const;

export interface Workload {
  readonly kind: Service["kind"];
  readonly worker: Worker | null;
  readonly schedule: Schedule | null;
  readonly strategy: readonly CapacityProviderShare[];
}

export function resolveWorkload(name: string, input: ServiceInput, ctx: { prefix: string; cluster: Cluster; at: ConfigPath; issues: Issues }): Workload {
  const { at, issues } = ctx;
  const routes = input.routes ?? [];
  if (input.worker && input.schedule) {
    issues.add([...at, "schedule"], "and worker exclude each other: a service is a queue worker or a scheduled job", "keep one of them");
  }
  if (input.worker && routes.length > 0) {
    issues.add(
      [...at, "routes"],
      "a worker is not behind a load balancer; it takes its work from its queue",
      `remove routes, or remove worker to make ${name} a web service that sends to the queue (queues: { ${input.worker.queue}: "send" })`,
    );
  }
  if (input.schedule && routes.length > 0) {
    issues.add(
      [...at, "routes"],
      "a scheduled job is not behind a load balancer; its task runs and exits",
      "remove routes, or move the job into a service of its own",
    );
  }
  if (routes.length > 0 && input.port === undefined) {
    issues.add(
      [...at, "port"],
      "is required: the service has routes, and the load balancer forwards to this port",
      "add port: 8080 (the port the container listens on)",
    );
  }
  if (input.schedule && input.autoscaling) {
    issues.add([...at, "autoscaling"], "does not apply to a scheduled job, which runs one task per schedule", "remove autoscaling");
  }
  if (input.autoscaling?.backlog && !input.worker) {
    issues.add(
      [...at, "autoscaling", "backlog"],
      "scales on a queue's backlog, but the service consumes no queue",
      'make it a worker: worker: { queue: "<key in queues>" }',
    );
  }
  if (input.autoscaling?.backlog && input.worker) {
    if (input.autoscaling.min < 1)
      issues.add(
        [...at, "autoscaling", "min"],
        "must be at least 1 with backlog scaling: the backlog per task is undefined without a running task",
        "set autoscaling.min to 1",
      );
    if (!ctx.cluster.containerInsights)
      issues.add(
        [...at, "autoscaling", "backlog"],
        "needs the running task count from Container Insights, which the cluster has off",
        "remove compute.containerInsights: false",
      );
  }
  const spot = input.worker?.spot ?? input.schedule?.spot ?? false;
  if (spot && ctx.cluster.capacity.kind === "ec2") {
    issues.add([...at, input.worker ? "worker" : "schedule", "spot"], "needs Fargate, but the cluster runs on EC2 instances (compute.ec2)", "remove spot");
  }
  if (input.spotAbove !== undefined) {
    if (spot)
      issues.add(
        [...at, "spotAbove"],
        `and ${input.worker ? "worker" : "schedule"}.spot both place the tasks on Spot`,
        `keep one: spotAbove: 0 is the same as ${input.worker ? "worker" : "schedule"}.spot: true`,
      );
    else if (ctx.cluster.capacity.kind === "ec2")
      issues.add([...at, "spotAbove"], "needs Fargate, but the cluster runs on EC2 instances (compute.ec2)", "remove spotAbove");
    else if (input.schedule) issues.add([...at, "spotAbove"], "does not apply to a scheduled job, which runs one task per schedule", "use schedule.spot");
  }
  // spotAbove: the first N tasks on Fargate (base N, weight 0), every task above them on Spot.
  const strategy: readonly CapacityProviderShare[] = spot
    ? [{ provider: "FARGATE_SPOT", base: 0, weight: 1 }]
    : input.spotAbove !== undefined && ctx.cluster.capacity.kind !== "ec2" && !input.schedule
      ? [
          { provider: "FARGATE", base: input.spotAbove, weight: 0 },
          { provider: "FARGATE_SPOT", base: 0, weight: 1 },
        ]
      : ctx.cluster.strategy;
  const worker = input.worker ? { queue: input.worker.queue } : null;
  const schedule = input.schedule && !input.worker ? resolveSchedule(name, input.schedule, ctx) : null;
  return { kind: worker ? "worker" : schedule ? "job" : "web", worker, schedule, strategy };
}

function resolveSchedule(name: string, input: NonNullable<ServiceInput["schedule"]>, ctx: { prefix: string; at: ConfigPath; issues: Issues }): Schedule {
  const at = [...ctx.at, "schedule"];
  const timezone = input.timezone ?? "UTC";
  checkSchedule(input.expression.trim(), timezone, at, ctx.issues);
  const timeoutSeconds = parseDuration(input.timeout ?? "1 hour");
  if (timeoutSeconds < 60) ctx.issues.add([...at, "timeout"], `must be at least 1 minute (a task takes that long to start); got ${timeoutSeconds} seconds`);
  return {
    expression: input.expression.trim(),
    timezone,
    retries: input.retries ?? 0,
    timeoutSeconds,
    enabled: input.enabled ?? true,
    scheduleName: awsName([ctx.prefix, name], WORKLOAD_LIMITS.scheduleName),
    stateMachineName: awsName([ctx.prefix, name], WORKLOAD_LIMITS.stateMachineName),
    roleNames: { scheduler: awsName([ctx.prefix, name, "scheduler"], LIMITS.iamRole), stateMachine: awsName([ctx.prefix, name, "sfn"], LIMITS.iamRole) },
  };
}

/** A job's run failed (after its retries) or timed out: one alarm on its state machine's failed executions. */
export function jobFailedAlarm(fullName: string): Alarm {
  return {
    id: "failed",
    name: `${fullName}-failed`,
    description: `A run of ${fullName} failed or timed out after its retries.`,
    namespace: "AWS/States",
    metric: "ExecutionsFailed",
    subject: { kind: "job" },
    statistic: "Sum",
    threshold: 0,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "notBreaching",
  };
}
