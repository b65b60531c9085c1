/** The outputs of a service stack, each with a well-formed mock for offline plans. */
import { obj, raw, tpl } from "../../hcl/index.js";
import { pathPrefix } from "../../model/routing.js";
import { mock, type OutputSpec } from "../common/files.js";
import { plat } from "../wiring.js";
import { httpsHost } from "../../model/edge.js";
import { lit, publicTarget, type ServiceContext, urlBase } from "./context.js";

export function serviceOutputs(ctx: ServiceContext): OutputSpec[] {
  const { service, env } = ctx;
  const region = env.region;
  const outputs: OutputSpec[] = [
    { name: "service_name", description: "Name of the ECS service.", value: raw("aws_ecs_service.this.name"), mock: service.fullName },
    {
      name: "task_definition_arn",
      description: "ARN of the task definition revision the service runs.",
      value: raw("aws_ecs_task_definition.this.arn"),
      mock: mock.arn("ecs", `task-definition/${service.fullName}:1`, region),
    },
    { name: "log_group_name", description: "CloudWatch log group of the containers.", value: raw("aws_cloudwatch_log_group.this.name"), mock: service.logGroup },
  ];
  if (ctx.targets.length > 0) {
    outputs.push({
      name: "target_group_arns",
      description: "ARNs of the service's target groups, by load balancer key.",
      value: obj(Object.fromEntries(ctx.targets.map((t) => [t.lb.key, raw(`aws_lb_target_group.${t.id}.arn`)]))),
      mock: Object.fromEntries(ctx.targets.map((t) => [t.lb.key, mock.arn("elasticloadbalancing", `targetgroup/${t.target.targetGroupName}/0a1b2c3d4e5f6a7b`, region)])),
    });
  }
  if (ctx.awsvpc) {
    outputs.push({ name: "security_group_id", description: "ID of the tasks' security group.", value: raw("aws_security_group.this.id"), mock: mock.id("sg") });
  }
  const pub = publicTarget(ctx);
  const first = pub?.rules[0]?.rule;
  if (pub && first) {
    const path = pathPrefix(first.paths[0]);
    const host = httpsHost(pub.lb, first.hosts);
    outputs.push({
      name: "url",
      description: `URL of the service through the ${pub.lb.key} load balancer${pub.lb.cloudfront ? " and CloudFront" : ""}.`,
      value: tpl(`${urlBase(pub.lb, first.hosts).text}${lit(path)}`),
      mock: host ? `https://${host}${path}` : pub.lb.cloudfront ? `https://d0a1b2c3d4e5f6.cloudfront.net${path}` : `http://${pub.lb.name}-1234567890.${region}.elb.amazonaws.com${path}`,
    });
  }
  return outputs;
}
