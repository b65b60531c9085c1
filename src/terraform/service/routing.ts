/**
 * `routing.tf`: one target group per load balancer the service sits behind, and its listener rules on
 * that load balancer's listener (which the platform stack owns).
 */
import { attr, attrs, block, body, type BodyItem, comment, list, raw, resource } from "../../hcl/index.js";
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
      targetGroup(ctx, t.id, t.target.targetGroupName),
      green(ctx, t) !== undefined && [
        comment("The second target group of the blue/green pair: CodeDeploy starts each new version behind whichever one is idle."),
        targetGroup(ctx, `${t.id}_green`, green(ctx, t)!),
      ],
      t.rules.map((r) => listenerRule(ctx, t, r)),
    ]),
  );
}

/** The green target group's name when the service deploys blue/green behind this load balancer. */
const green = (ctx: ServiceContext, t: RoutedTarget): string | undefined => {
  const bg = ctx.service.blueGreen;
  return bg?.route.kind === "alb" && bg.route.loadBalancer === t.lb.key ? bg.greenTargetGroupName : undefined;
};

function targetGroup(ctx: ServiceContext, id: string, name: string): BodyItem {
  const { service } = ctx;
  const hc = service.healthCheck;
  return resource("aws_lb_target_group", id, [
    attrs({
      name,
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
    attr("tags", { Name: name }),
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
      green(ctx, t) === undefined
        ? block("action", [], [attrs({ type: "forward", target_group_arn: raw(`aws_lb_target_group.${t.id}.arn`) })])
        : [
            comment("Both halves of the blue/green pair, so the idle one is attached to the load balancer, as CodeDeploy requires."),
            block(
              "action",
              [],
              [
                attr("type", "forward"),
                block(
                  "forward",
                  [],
                  [
                    block("target_group", [], [attrs({ arn: raw(`aws_lb_target_group.${t.id}.arn`), weight: 100 })]),
                    block("target_group", [], [attrs({ arn: raw(`aws_lb_target_group.${t.id}_green.arn`), weight: 0 })]),
                  ],
                ),
              ],
            ),
          ],
      rule.paths.length > 0 && block("condition", [], [block("path_pattern", [], [attr("values", [...rule.paths])])]),
      rule.hosts.length > 0 && block("condition", [], [block("host_header", [], [attr("values", [...rule.hosts])])]),
      green(ctx, t) !== undefined &&
        block(
          "lifecycle",
          [],
          [
            comment("CodeDeploy owns the forward action (blue or green, and their weights) after the first deployment."),
            attr("ignore_changes", list([raw("action")])),
          ],
        ),
    ]),
  ]);
}
