/** `outputs.tf`: what service stacks read from the platform, each with a mock of the real shape for offline plans. */
import { raw } from "../../hcl/index.js";
import type { Environment, LoadBalancer, Repository } from "../../model/types.js";
import { ident, mock, type OutputSpec } from "../common/files.js";
import { plat } from "../wiring.js";

const ACCOUNT = "123456789012";

export function platformOutputs(env: Environment): OutputSpec[] {
  const { region } = env;
  return [
    { name: plat.clusterName, description: "Name of the ECS cluster.", value: raw("aws_ecs_cluster.this.name"), mock: env.cluster.name },
    { name: plat.clusterArn, description: "ARN of the ECS cluster.", value: raw("aws_ecs_cluster.this.arn"), mock: mock.arn("ecs", `cluster/${env.cluster.name}`, region) },
    ...env.loadBalancers.flatMap((lb, i) => loadBalancerOutputs(env, lb, i)),
    ...env.repositories.flatMap((r) => repositoryOutputs(env, r)),
    ...(env.monitoring.topic
      ? [
          {
            name: plat.alarmTopicArn,
            description: "ARN of the SNS topic alarms notify.",
            value: raw("aws_sns_topic.alarms.arn"),
            mock: mock.arn("sns", env.monitoring.topic.name, region),
          },
        ]
      : []),
    ...(env.cluster.capacity.kind === "ec2"
      ? [
          {
            name: plat.instanceSecurityGroup,
            description: "ID of the security group of the ECS container instances.",
            value: raw("aws_security_group.instances.id"),
            mock: mock.id("sg", 0),
          },
        ]
      : []),
  ];
}

function loadBalancerOutputs(env: Environment, lb: LoadBalancer, index: number): OutputSpec[] {
  const id = ident(lb.key);
  const n = index + 1;
  const hex = (n: number) => `0a1b2c3d4e5f${n.toString(16).padStart(4, "0")}`;
  const suffix = `app/${lb.name}/${hex(n)}`;
  const out = (what: Parameters<typeof plat.alb>[1], description: string, value: string, m: string): OutputSpec => ({
    name: plat.alb(lb.key, what),
    description: `${description} of the ${lb.key} load balancer.`,
    value: raw(value),
    mock: m,
  });
  return [
    out("arn", "ARN", `aws_lb.${id}.arn`, mock.arn("elasticloadbalancing", `loadbalancer/${suffix}`, env.region) as string),
    out("arn_suffix", "ARN suffix (for CloudWatch metrics)", `aws_lb.${id}.arn_suffix`, suffix),
    out("dns_name", "DNS name", `aws_lb.${id}.dns_name`, `${lb.internal ? "internal-" : ""}${lb.name}-1234567890.${env.region}.elb.amazonaws.com`),
    out("zone_id", "Route 53 hosted zone ID", `aws_lb.${id}.zone_id`, "Z0A1B2C3D4E5F6"),
    out("listener_arn", `ARN of the ${lb.https ? "HTTPS" : "HTTP"} listener`, `aws_lb_listener.${id}.arn`, mock.arn("elasticloadbalancing", `listener/${suffix}/${hex(16 + n)}`, env.region) as string),
    out("security_group_id", "ID of the security group", `aws_security_group.${id}.id`, mock.id("sg", n) as string),
    ...(lb.cloudfront ? [out("cloudfront_domain_name", "Domain name of the CloudFront distribution in front", `aws_cloudfront_distribution.${id}.domain_name`, `d${hex(n)}abcd.cloudfront.net`)] : []),
  ];
}

function repositoryOutputs(env: Environment, r: Repository): OutputSpec[] {
  const id = ident(r.service);
  return [
    {
      name: plat.repository(r.service, "url"),
      description: `URL of the ECR repository of ${r.service}.`,
      value: raw(`aws_ecr_repository.${id}.repository_url`),
      mock: `${ACCOUNT}.dkr.ecr.${env.region}.amazonaws.com/${r.name}`,
    },
    {
      name: plat.repository(r.service, "arn"),
      description: `ARN of the ECR repository of ${r.service}.`,
      value: raw(`aws_ecr_repository.${id}.arn`),
      mock: mock.arn("ecr", `repository/${r.name}`, env.region),
    },
  ];
}
