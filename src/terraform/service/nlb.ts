/**
 * `nlb.tf`: the service's listeners on Network Load Balancers (the platform stack owns the load balancers),
 * each forwarding to its own target group of type `ip`, and the rules that let the load balancer's security
 * group reach the tasks on the target port and the health check port (health checks obey the load
 * balancer's outbound rules and the tasks' inbound ones).
 */
import { attr, attrs, block, body, type BodyItem, comment, type Expr, list, raw, resource } from "../../hcl/index.js";
import type { NetworkLoadBalancer, NlbListener } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import { banner, ident } from "../common/files.js";
import { ipProtocols } from "../platform/network-load-balancers.js";
import type { ServiceContext } from "./context.js";

/** Terraform name of a listener and its target group: `nlb_<load balancer>_<port>`. */
export const nlbId = (l: NlbListener): string => `nlb_${ident(l.loadBalancer)}_${l.port}`;

export function nlbFile(ctx: ServiceContext): BodyItem[] {
  return body(
    ctx.service.nlbListeners.map((l, i) => {
      const nlb = networkLoadBalancer(ctx, l.loadBalancer);
      return [
        banner(
          `${l.protocol} ${l.port} on the ${l.loadBalancer} network load balancer`,
          i === 0 ? "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html" : undefined,
        ),
        targetGroup(ctx, l, nlbId(l), l.targetGroupName),
        green(ctx, l) !== undefined && [
          comment("The second target group of the blue/green pair: CodeDeploy starts each new version behind whichever one is idle."),
          targetGroup(ctx, l, `${nlbId(l)}_green`, green(ctx, l)!),
        ],
        listener(ctx, nlb, l),
        securityRules(ctx, nlb, l),
      ];
    }),
  );
}

function networkLoadBalancer(ctx: ServiceContext, key: string): NetworkLoadBalancer {
  const nlb = ctx.env.networkLoadBalancers.find((n) => n.key === key);
  if (!nlb) throw new Error(`bug: service ${ctx.service.name} listens on network load balancer "${key}", which environment ${ctx.env.name} does not have`);
  return nlb;
}

/** The green target group's name when the service deploys blue/green through this listener. */
const green = (ctx: ServiceContext, l: NlbListener): string | undefined => {
  const bg = ctx.service.blueGreen;
  return bg?.route.kind === "nlb" && bg.route.loadBalancer === l.loadBalancer && bg.route.port === l.port ? bg.greenTargetGroupName : undefined;
};

function targetGroup(ctx: ServiceContext, l: NlbListener, id: string, name: string): BodyItem {
  const hc = l.healthCheck;
  return resource("aws_lb_target_group", id, [
    attrs({
      name,
      port: l.targetPort,
      protocol: l.targetProtocol,
      vpc_id: ctx.read(wires.network.vpcId()),
      target_type: "ip",
      deregistration_delay: ctx.service.deregistrationDelaySeconds,
    }),
    block(
      "health_check",
      [],
      [
        attrs({
          enabled: true,
          protocol: hc.protocol,
          path: hc.path ?? undefined,
          port: String(hc.port),
          interval: hc.intervalSeconds,
          healthy_threshold: hc.healthyThreshold,
          unhealthy_threshold: hc.unhealthyThreshold,
          matcher: hc.protocol === "TCP" ? undefined : "200-399",
        }),
      ],
    ),
    attr("tags", { Name: name }),
  ]);
}

function listener(ctx: ServiceContext, nlb: NetworkLoadBalancer, l: NlbListener): BodyItem {
  const tls = l.protocol === "TLS";
  return resource("aws_lb_listener", nlbId(l), [
    attrs({
      load_balancer_arn: ctx.read(wires.platform.networkLoadBalancer(ctx.env, nlb, "arn")),
      port: l.port,
      protocol: l.protocol,
      ssl_policy: tls ? nlb.sslPolicy : undefined,
      certificate_arn: tls ? ctx.read(wires.dns.certificateArn(ctx.env)) : undefined,
    }),
    block("default_action", [], [attrs({ type: "forward", target_group_arn: raw(`aws_lb_target_group.${nlbId(l)}.arn`) })]),
    green(ctx, l) !== undefined &&
      block("lifecycle", [], [comment("CodeDeploy points it at blue or green after each deployment."), attr("ignore_changes", list([raw("default_action")]))]),
  ]);
}

/** The load balancer's group reaches the tasks on the target port (and the health check port when it differs). */
function securityRules(ctx: ServiceContext, nlb: NetworkLoadBalancer, l: NlbListener): BodyItem[] {
  const nlbSg = ctx.read(wires.platform.networkLoadBalancer(ctx.env, nlb, "security_group_id"));
  const self = raw("aws_security_group.this.id");
  const ports: { name: string; protocol: "tcp" | "udp"; port: number; what: string }[] = ipProtocols(l).map((p) => ({
    name: ipProtocols(l).length > 1 ? p : "",
    protocol: p,
    port: l.targetPort,
    what: `${p.toUpperCase()} ${l.targetPort}`,
  }));
  const checkPort = l.healthCheck.port === "traffic-port" ? l.targetPort : l.healthCheck.port;
  if (!ports.some((p) => p.protocol === "tcp" && p.port === checkPort))
    ports.push({ name: "health", protocol: "tcp", port: checkPort, what: `health checks on TCP ${checkPort}` });
  const id = nlbId(l);
  return ports.flatMap((p) => {
    const suffix = p.name ? `_${p.name}` : "";
    const rule = (sg: Expr, ref: Expr, description: string) =>
      attrs({ security_group_id: sg, description, referenced_security_group_id: ref, ip_protocol: p.protocol, from_port: p.port, to_port: p.port });
    return [
      resource("aws_vpc_security_group_ingress_rule", `from_${id}${suffix}`, [rule(self, nlbSg, `${p.what} from the ${nlb.key} network load balancer`)]),
      resource("aws_vpc_security_group_egress_rule", `${id}_to_tasks${suffix}`, [rule(nlbSg, self, `${p.what} to the tasks of ${ctx.service.name}`)]),
    ];
  });
}
