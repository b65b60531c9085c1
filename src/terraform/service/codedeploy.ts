/**
 * `codedeploy.tf`: blue/green deployments of the service through CodeDeploy — its role, application and
 * deployment configuration, the deployment group that swaps the blue and green target groups behind the
 * production listener (and the test listener, which admits the VPC only), rolls back on failure and on the
 * service's alarms, and keeps the old tasks for a while after the shift. `berth deploy` starts deployments.
 */
import { attr, attrs, block, type BodyItem, comment, type Expr, list, raw, resource } from "../../hcl/index.js";
import type { BlueGreen, NlbListener } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import { alarmResourceName } from "../common/alarms.js";
import { codedeployBase, deploymentConfigName } from "../common/codedeploy.js";
import { banner, ident } from "../common/files.js";
import type { ServiceContext } from "./context.js";
import { nlbId } from "./nlb.js";

/** Terraform names of the blue and green target groups of the service's one routed pair. */
export function targetGroupPair(ctx: ServiceContext, bg: BlueGreen): { blue: string; green: string } {
  const blue = bg.route.kind === "alb" ? ident(bg.route.loadBalancer) : nlbId(nlbListener(ctx, bg));
  return { blue, green: `${blue}_green` };
}

function nlbListener(ctx: ServiceContext, bg: BlueGreen): NlbListener {
  const route = bg.route;
  const l = route.kind === "nlb" ? ctx.service.nlbListeners.find((x) => x.loadBalancer === route.loadBalancer && x.port === route.port) : undefined;
  if (!l) throw new Error(`bug: service ${ctx.service.name} deploys blue/green through a listener it does not have`);
  return l;
}

export function codedeployFile(ctx: ServiceContext, bg: BlueGreen): BodyItem[] {
  const { service, env } = ctx;
  const pair = targetGroupPair(ctx, bg);
  const alarms = service.alarms.filter((a) => bg.rollbackAlarms.includes(a.name));
  const prod = productionListener(ctx, bg);
  return [
    banner("Blue/green deployments (CodeDeploy)", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html"),
    comment("CodeDeploy's role: AWS's managed policy for ECS, the documented minimum; trusted by CodeDeploy of this account only."),
    ...codedeployBase({ platform: "ECS", application: bg.application, roleName: bg.roleName, config: bg.config, account: env.account }),
    ...(bg.testListenerPort !== null ? testListener(ctx, bg, pair.green) : []),
    resource("aws_codedeploy_deployment_group", "this", [
      attrs({
        app_name: raw("aws_codedeploy_app.this.name"),
        deployment_group_name: bg.deploymentGroup,
        service_role_arn: raw("aws_iam_role.codedeploy.arn"),
        deployment_config_name: deploymentConfigName(bg.config),
      }),
      block(
        "auto_rollback_configuration",
        [],
        [attrs({ enabled: true, events: alarms.length > 0 ? ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] : ["DEPLOYMENT_FAILURE"] })],
      ),
      alarms.length > 0 &&
        block(
          "alarm_configuration",
          [],
          [attrs({ enabled: true, alarms: list(alarms.map((a) => raw(`aws_cloudwatch_metric_alarm.${alarmResourceName(a)}.alarm_name`))) })],
        ),
      block(
        "blue_green_deployment_config",
        [],
        [
          block("deployment_ready_option", [], [attr("action_on_timeout", "CONTINUE_DEPLOYMENT")]),
          block(
            "terminate_blue_instances_on_deployment_success",
            [],
            [attrs({ action: "TERMINATE", termination_wait_time_in_minutes: bg.terminateBlueMinutes })],
          ),
        ],
      ),
      block("deployment_style", [], [attrs({ deployment_option: "WITH_TRAFFIC_CONTROL", deployment_type: "BLUE_GREEN" })]),
      block("ecs_service", [], [attrs({ cluster_name: ctx.read(wires.platform.clusterName(env)), service_name: raw("aws_ecs_service.this.name") })]),
      block(
        "load_balancer_info",
        [],
        [
          block(
            "target_group_pair_info",
            [],
            [
              block("prod_traffic_route", [], [attr("listener_arns", list([prod]))]),
              bg.testListenerPort !== null && block("test_traffic_route", [], [attr("listener_arns", list([raw("aws_lb_listener.test.arn")]))]),
              block("target_group", [], [attr("name", raw(`aws_lb_target_group.${pair.blue}.name`))]),
              block("target_group", [], [attr("name", raw(`aws_lb_target_group.${pair.green}.name`))]),
            ],
          ),
        ],
      ),
    ]),
  ];
}

function productionListener(ctx: ServiceContext, bg: BlueGreen): Expr {
  if (bg.route.kind === "nlb") return raw(`aws_lb_listener.${nlbId(nlbListener(ctx, bg))}.arn`);
  const t = ctx.targets.find((x) => x.lb.key === bg.route.loadBalancer);
  if (!t) throw new Error(`bug: service ${ctx.service.name} deploys blue/green through load balancer ${bg.route.loadBalancer}, which it is not behind`);
  return ctx.read(wires.platform.loadBalancer(ctx.env, t.lb, "listener_arn"));
}

/** The test listener forwards to the green target group; the load balancer's group admits it from the VPC only. */
function testListener(ctx: ServiceContext, bg: BlueGreen, green: string): BodyItem[] {
  const port = bg.testListenerPort!;
  const { env } = ctx;
  let lbArn: Expr;
  let sg: Expr;
  let protocol: string;
  let tls: { ssl_policy: string; certificate_arn: Expr } | undefined;
  let ipProtocols: ("tcp" | "udp")[] = ["tcp"];
  if (bg.route.kind === "alb") {
    const t = ctx.targets.find((x) => x.lb.key === bg.route.loadBalancer)!;
    lbArn = ctx.read(wires.platform.loadBalancer(env, t.lb, "arn"));
    sg = ctx.read(wires.platform.loadBalancer(env, t.lb, "security_group_id"));
    protocol = t.lb.https ? "HTTPS" : "HTTP";
    tls = t.lb.https ? { ssl_policy: t.lb.https.sslPolicy, certificate_arn: ctx.read(wires.dns.certificateArn(env)) } : undefined;
  } else {
    const l = nlbListener(ctx, bg);
    const nlb = env.networkLoadBalancers.find((n) => n.key === l.loadBalancer)!;
    lbArn = ctx.read(wires.platform.networkLoadBalancer(env, nlb, "arn"));
    sg = ctx.read(wires.platform.networkLoadBalancer(env, nlb, "security_group_id"));
    protocol = l.protocol;
    tls = l.protocol === "TLS" ? { ssl_policy: nlb.sslPolicy, certificate_arn: ctx.read(wires.dns.certificateArn(env)) } : undefined;
    ipProtocols = l.protocol === "UDP" ? ["udp"] : l.protocol === "TCP_UDP" ? ["tcp", "udp"] : ["tcp"];
  }
  return [
    comment("Test traffic reaches the new (green) tasks here before production traffic moves; CodeDeploy swaps its target group too."),
    resource("aws_lb_listener", "test", [
      attrs({ load_balancer_arn: lbArn, port, protocol, ...(tls ?? {}) }),
      block("default_action", [], [attrs({ type: "forward", target_group_arn: raw(`aws_lb_target_group.${green}.arn`) })]),
      block("lifecycle", [], [comment("CodeDeploy points it at blue or green after each deployment."), attr("ignore_changes", list([raw("default_action")]))]),
    ]),
    ...ipProtocols.map((p) =>
      resource("aws_vpc_security_group_ingress_rule", ipProtocols.length > 1 ? `test_listener_${p}` : "test_listener", [
        attrs({
          security_group_id: sg,
          description: `Test traffic to ${ctx.service.name} from the VPC`,
          cidr_ipv4: ctx.read(wires.network.vpcCidr(env)),
          ip_protocol: p,
          from_port: port,
          to_port: port,
        }),
      ]),
    ),
  ];
}
