/**
 * `service.tf`: the ECS service that keeps the tasks running, registered in its target groups, and
 * rolled out with the circuit breaker. Capacity comes from the cluster's provider strategy.
 */
import { attr, attrs, block, type BodyItem, comment, list, raw, resource } from "../../hcl/index.js";
import { banner } from "../common/files.js";
import * as wires from "../../model/wires.js";
import { nlbId } from "./nlb.js";
import { mountTargetRefs } from "./storage.js";
import { type ServiceContext, targetContainer, targetPort } from "./context.js";

export function serviceFile(ctx: ServiceContext): BodyItem[] {
  const { service } = ctx;
  const rules = [
    ...ctx.targets.flatMap((t) => t.rules.map((r) => raw(`aws_lb_listener_rule.${r.name}`))),
    ...service.nlbListeners.map((l) => raw(`aws_lb_listener.${nlbId(l)}`)),
  ];
  const balanced = ctx.targets.length + service.nlbListeners.length > 0;
  return [
    banner("ECS service", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_services.html"),
    resource("aws_ecs_service", "this", [
      attrs({
        name: service.serviceName,
        cluster: ctx.read(wires.platform.clusterArn(ctx.env)),
        task_definition: raw("aws_ecs_task_definition.this.arn"),
        desired_count: service.desiredCount,
        deployment_minimum_healthy_percent: service.minHealthyPercent,
        deployment_maximum_percent: service.maxPercent,
        health_check_grace_period_seconds: balanced ? service.healthCheckGraceSeconds : undefined,
        enable_execute_command: service.enableExecuteCommand,
        propagate_tags: "SERVICE",
        enable_ecs_managed_tags: true,
      }),
      service.strategy.map((s) => block("capacity_provider_strategy", [], [attrs({ capacity_provider: s.provider, base: s.base, weight: s.weight })])),
      service.blueGreen
        ? block("deployment_controller", [], [attr("type", "CODE_DEPLOY")])
        : block("deployment_circuit_breaker", [], [attrs({ enable: service.circuitBreaker, rollback: service.circuitBreaker })]),
      ctx.targets.map((t) =>
        block(
          "load_balancer",
          [],
          [attrs({ target_group_arn: raw(`aws_lb_target_group.${t.id}.arn`), container_name: targetContainer(ctx), container_port: targetPort(ctx) })],
        ),
      ),
      service.nlbListeners.map((l) =>
        block(
          "load_balancer",
          [],
          [attrs({ target_group_arn: raw(`aws_lb_target_group.${nlbId(l)}.arn`), container_name: service.name, container_port: l.targetPort })],
        ),
      ),
      ctx.awsvpc &&
        block(
          "network_configuration",
          [],
          [
            attrs({
              subnets: ctx.read(wires.network.subnetIds(ctx.env, service.subnetTier)),
              security_groups: list([raw("aws_security_group.this.id")]),
              assign_public_ip: service.assignPublicIp,
            }),
          ],
        ),
      rules.length + mountTargetRefs(ctx).length > 0 && attr("depends_on", list([...rules, ...mountTargetRefs(ctx)])),
      service.blueGreen
        ? block(
            "lifecycle",
            [],
            [
              comment(
                `CodeDeploy owns the task definition and the target group in use after the first deployment${service.autoscaling ? "; autoscaling owns the task count" : ""}.`,
              ),
              attr("ignore_changes", list([raw("task_definition"), raw("load_balancer"), ...(service.autoscaling ? [raw("desired_count")] : [])])),
            ],
          )
        : service.autoscaling && block("lifecycle", [], [comment("Autoscaling owns the task count."), attr("ignore_changes", list([raw("desired_count")]))]),
    ]),
  ];
}
