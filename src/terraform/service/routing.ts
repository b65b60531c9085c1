/**
 * `routing.tf`: one target group per load balancer the service sits behind, and its listener rules on
 * that load balancer's listener (which the platform stack owns).
 */
import { attr, attrs, block, body, type BodyItem, comment, raw, resource } from "../../hcl/index.js";
import { banner } from "../common/files.js";
import * as wires from "../../model/wires.js";
import { type NamedRule, type RoutedTarget, type ServiceContext, targetPort } from "./context.js";

export function routingFile(ctx: ServiceContext): BodyItem[] {
  return body(
    ctx.targets.map((t) => [
      banner(
        `Target group and listener rules on the ${t.lb.key} load balancer`,
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html",
      ),
      targetGroup(ctx, t),
      t.rules.map((r) => listenerRule(ctx, t, r)),
    ]),
  );
}

function targetGroup(ctx: ServiceContext, t: RoutedTarget): BodyItem {
  const { service } = ctx;
  const hc = service.healthCheck;
  return resource("aws_lb_target_group", t.id, [
    attrs({
      name: t.target.targetGroupName,
      port: targetPort(ctx),
      protocol: "HTTP",
      vpc_id: ctx.read(wires.network.vpcId()),
      target_type: ctx.awsvpc ? "ip" : "instance",
      deregistration_delay: service.deregistrationDelaySeconds,
    }),
    block(
      "health_check",
      [],
      [
        attrs({
          enabled: true,
          path: hc.path,
          protocol: "HTTP",
          port: "traffic-port",
          interval: hc.intervalSeconds,
          timeout: hc.timeoutSeconds,
          healthy_threshold: hc.healthyThreshold,
          unhealthy_threshold: hc.unhealthyThreshold,
          matcher: hc.matcher,
        }),
      ],
    ),
    attr("tags", { Name: t.target.targetGroupName }),
  ]);
}

function listenerRule(ctx: ServiceContext, t: RoutedTarget, { name, rule }: NamedRule): BodyItem[] {
  return body([
    rule.catchAll &&
      comment(
        [
          `${rule.service} is the default service of the ${t.lb.key} load balancer. The listener (platform stack) cannot forward`,
          "to a target group that does not exist yet, so its own default answers until this stack is applied; this",
          "catch-all, at the last possible priority, then sends every request no other rule matches here.",
        ].join("\n"),
      ),
    resource("aws_lb_listener_rule", name, [
      attrs({ listener_arn: ctx.read(wires.platform.loadBalancer(ctx.env, t.lb, "listener_arn")), priority: rule.priority }),
      block("action", [], [attrs({ type: "forward", target_group_arn: raw(`aws_lb_target_group.${t.id}.arn`) })]),
      rule.paths.length > 0 && block("condition", [], [block("path_pattern", [], [attr("values", [...rule.paths])])]),
      rule.hosts.length > 0 && block("condition", [], [block("host_header", [], [attr("values", [...rule.hosts])])]),
    ]),
  ]);
}
