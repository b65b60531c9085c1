/**
 * `autoscaling.tf`: Application Auto Scaling of the desired count between min and max, with one
 * target-tracking policy per metric the config names (CPU, memory, requests per target, a worker's backlog)
 * and the scheduled actions that move the range on a clock.
 */
import { attr, attrs, block, type BodyItem, comment, list, raw, resource, tpl } from "../../hcl/index.js";
import type { Autoscaling, ScalingSchedule } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import * as wires from "../../model/wires.js";
import { requestsTarget, type ServiceContext } from "./context.js";
import { queueOf } from "./messaging.js";

export function autoscalingFile(ctx: ServiceContext, scaling: Autoscaling): BodyItem[] {
  const { service } = ctx;
  const requests = requestsTarget(ctx);
  const policies: { name: string; metric: string; target: number; label?: string }[] = [];
  if (scaling.cpu !== undefined) policies.push({ name: "cpu", metric: "ECSServiceAverageCPUUtilization", target: scaling.cpu });
  if (scaling.memory !== undefined) policies.push({ name: "memory", metric: "ECSServiceAverageMemoryUtilization", target: scaling.memory });
  if (scaling.requestsPerTarget !== undefined && requests) {
    policies.push({
      name: "requests",
      metric: "ALBRequestCountPerTarget",
      target: scaling.requestsPerTarget,
      label: `\${${ctx.ref(wires.platform.loadBalancer(ctx.env, requests.lb, "arn_suffix"))}}/\${aws_lb_target_group.${requests.id}.arn_suffix}`,
    });
  }
  const policyNames = [...(scaling.backlogPerTask !== undefined ? ["backlog"] : []), ...policies.map((p) => p.name)];
  return [
    banner("Autoscaling", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-autoscaling-targettracking.html"),
    resource("aws_appautoscaling_target", "this", [
      attrs({
        service_namespace: "ecs",
        resource_id: tpl(`service/\${${ctx.ref(wires.platform.clusterName(ctx.env))}}/\${aws_ecs_service.this.name}`),
        scalable_dimension: "ecs:service:DesiredCount",
        min_capacity: scaling.min,
        max_capacity: scaling.max,
      }),
      scaling.schedules.length > 0 &&
        block(
          "lifecycle",
          [],
          [
            comment("The scheduled actions move min and max on their clock; each carries its own range, so an apply must not reset it."),
            attr("ignore_changes", list([raw("min_capacity"), raw("max_capacity")])),
          ],
        ),
    ]),
    ...(scaling.backlogPerTask !== undefined ? backlogPolicy(ctx, scaling.backlogPerTask, scaling) : []),
    ...policies.map((p) =>
      resource("aws_appautoscaling_policy", p.name, [
        attrs({
          name: `${service.fullName}-${p.name}`,
          policy_type: "TargetTrackingScaling",
          service_namespace: raw("aws_appautoscaling_target.this.service_namespace"),
          resource_id: raw("aws_appautoscaling_target.this.resource_id"),
          scalable_dimension: raw("aws_appautoscaling_target.this.scalable_dimension"),
        }),
        block(
          "target_tracking_scaling_policy_configuration",
          [],
          [
            attrs({ target_value: p.target, scale_in_cooldown: scaling.scaleInCooldown, scale_out_cooldown: scaling.scaleOutCooldown }),
            block("predefined_metric_specification", [], [attrs({ predefined_metric_type: p.metric, resource_label: p.label ? tpl(p.label) : undefined })]),
          ],
        ),
      ]),
    ),
    ...scheduledActions(scaling.schedules, policyNames),
  ];
}

/**
 * Scheduled actions, one after the other: Application Auto Scaling refuses concurrent changes to one scalable
 * target (ConcurrentUpdateException), so each waits for the policies and the action before it.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
 */
function scheduledActions(schedules: readonly ScalingSchedule[], policyNames: readonly string[]): BodyItem[] {
  if (schedules.length === 0) return [];
  let after = policyNames.map((p) => raw(`aws_appautoscaling_policy.${p}`));
  return [
    banner("Scheduled scaling", "https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html"),
    ...schedules.map((s) => {
      const label = ident(s.key);
      const item = resource("aws_appautoscaling_scheduled_action", label, [
        attrs({
          name: s.name,
          service_namespace: raw("aws_appautoscaling_target.this.service_namespace"),
          resource_id: raw("aws_appautoscaling_target.this.resource_id"),
          scalable_dimension: raw("aws_appautoscaling_target.this.scalable_dimension"),
          schedule: s.expression,
          timezone: s.timezone,
        }),
        block("scalable_target_action", [], [attrs({ min_capacity: s.min, max_capacity: s.max })]),
        after.length > 0 && attr("depends_on", list(after)),
      ]);
      after = [raw(`aws_appautoscaling_scheduled_action.${label}`)];
      return item;
    }),
  ];
}

/**
 * Workers: target tracking on the backlog per task — visible messages of the queue ÷ running tasks (Container
 * Insights) — held at the messages one task clears within the acceptable latency.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
 */
function backlogPolicy(ctx: ServiceContext, target: number, scaling: Autoscaling): BodyItem[] {
  const { service } = ctx;
  if (!service.worker) throw new Error(`bug: service ${service.name} scales on a backlog but consumes no queue`);
  const queue = queueOf(ctx, service.worker.queue);
  const dimension = (name: string, value: unknown) => block("dimensions", [], [attrs({ name, value: value as string })]);
  const metric = (id: string, namespace: string, metricName: string, stat: string, dimensions: BodyItem[]) =>
    block(
      "metrics",
      [],
      [
        attrs({ id, return_data: false }),
        block("metric_stat", [], [attr("stat", stat), block("metric", [], [attrs({ namespace, metric_name: metricName }), ...dimensions])]),
      ],
    );
  return [
    comment(`Backlog per task = visible messages ÷ running tasks, kept at ${target} (acceptable latency ÷ time per message).`),
    resource("aws_appautoscaling_policy", "backlog", [
      attrs({
        name: `${service.fullName}-backlog`,
        policy_type: "TargetTrackingScaling",
        service_namespace: raw("aws_appautoscaling_target.this.service_namespace"),
        resource_id: raw("aws_appautoscaling_target.this.resource_id"),
        scalable_dimension: raw("aws_appautoscaling_target.this.scalable_dimension"),
      }),
      block(
        "target_tracking_scaling_policy_configuration",
        [],
        [
          attrs({ target_value: target, scale_in_cooldown: scaling.scaleInCooldown, scale_out_cooldown: scaling.scaleOutCooldown }),
          block(
            "customized_metric_specification",
            [],
            [
              metric("visible", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "Sum", [dimension("QueueName", queue.name)]),
              metric("tasks", "ECS/ContainerInsights", "RunningTaskCount", "Average", [
                dimension("ClusterName", ctx.read(wires.platform.clusterName(ctx.env))),
                dimension("ServiceName", raw("aws_ecs_service.this.name")),
              ]),
              block(
                "metrics",
                [],
                [attrs({ id: "backlog_per_task", label: "Visible messages per running task", expression: "visible / tasks", return_data: true })],
              ),
            ],
          ),
        ],
      ),
    ]),
  ];
}
