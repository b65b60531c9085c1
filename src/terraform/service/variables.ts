/**
 * The variables of a service stack: only the upstream outputs it uses (wired from the network and
 * platform stacks by the runner), plus `image_tag`, which `berth deploy` sets.
 */
import type { VariableSpec, WiredVariable } from "../common/files.js";
import { DATA, data, NETWORK, net, PLATFORM, plat } from "../wiring.js";
import { needsSecretsKey, publicTarget, requestsTarget, type ServiceContext, urlBase } from "./context.js";

export function serviceVariables(ctx: ServiceContext): (VariableSpec | WiredVariable)[] {
  const { service } = ctx;
  const vars = new Map<string, VariableSpec | WiredVariable>();
  const wire = (stack: string, name: string, type: string, description: string) => {
    if (!vars.has(name)) vars.set(name, { name, type, description, from: { stack, output: name } });
  };
  const vpcOnly = ctx.awsvpc && service.egress === "vpc";

  if (ctx.awsvpc || ctx.targets.length > 0) wire(NETWORK, net.vpcId, "string", "ID of the VPC.");
  if (vpcOnly) wire(NETWORK, net.vpcCidr, "string", "CIDR block of the VPC: where this service's VPC-only egress may go.");
  wire(
    NETWORK,
    net.subnetIds(service.subnetTier),
    "list(string)",
    ctx.awsvpc ? `IDs of the ${service.subnetTier} subnets the tasks run in.` : `IDs of the ${service.subnetTier} subnets; tasks are placed on instances in them.`,
  );
  if (service.logKmsKey?.kind === "environment") wire(NETWORK, net.logsKeyArn, "string", "ARN of the environment's KMS key for CloudWatch log groups.");
  if (vpcOnly) wire(NETWORK, net.s3PrefixList, "string", "Prefix list of the S3 gateway endpoint, which serves ECR image layers.");

  wire(PLATFORM, plat.clusterArn, "string", "ARN of the ECS cluster.");
  if (service.autoscaling) wire(PLATFORM, plat.clusterName, "string", "Name of the ECS cluster, part of the autoscaling resource id.");
  if (service.alarms.some((a) => a.subject.kind === "service")) wire(PLATFORM, plat.clusterName, "string", "Name of the ECS cluster, a dimension of the service's CPU and memory metrics.");
  if (service.alarms.length > 0) wire(PLATFORM, plat.alarmTopicArn, "string", "ARN of the SNS topic the service's alarms notify.");

  const url = publicTarget(ctx);
  const requests = requestsTarget(ctx);
  for (const t of ctx.targets) {
    const k = t.lb.key;
    wire(PLATFORM, plat.alb(k, "listener_arn"), "string", `ARN of the HTTP listener of the ${k} load balancer.`);
    if (ctx.awsvpc) wire(PLATFORM, plat.alb(k, "security_group_id"), "string", `ID of the security group of the ${k} load balancer.`);
    if (t === requests) wire(PLATFORM, plat.alb(k, "arn_suffix"), "string", `ARN suffix of the ${k} load balancer, for the request-count scaling metric.`);
    if (service.alarms.some((a) => a.subject.kind === "target" && a.subject.loadBalancer === k)) {
      wire(PLATFORM, plat.alb(k, "arn_suffix"), "string", `ARN suffix of the ${k} load balancer, a dimension of its target group metrics.`);
    }
    const base = urlBase(t.lb);
    if (t === url && base.variable) wire(PLATFORM, base.variable, "string", base.description ?? "");
  }
  for (const lb of ctx.calls) {
    const base = urlBase(lb);
    if (base.variable) wire(PLATFORM, base.variable, "string", base.description ?? "");
    if (ctx.awsvpc) wire(PLATFORM, plat.alb(lb.key, "security_group_id"), "string", `ID of the security group of the ${lb.key} load balancer.`);
  }
  for (const u of service.databases) {
    wire(DATA, data.databaseAddress(u.database), "string", `Host name of the ${u.database} database.`);
    wire(DATA, data.databaseSecretArn(u.database), "string", `ARN of the managed secret of the ${u.database} database (JSON keys username, password).`);
    // Bridge-mode tasks are admitted in the data stack, through the instances' group.
    if (ctx.awsvpc) wire(DATA, data.databaseSecurityGroup(u.database), "string", `ID of the security group of the ${u.database} database, which admits this service.`);
  }
  if (needsSecretsKey(ctx)) wire(DATA, data.secretsKeyArn, "string", "ARN of the KMS key that encrypts the secrets this service reads.");
  if (ctx.repository) wire(PLATFORM, plat.repository(service.name, "url"), "string", `URL of the ECR repository of ${service.name}.`);

  const tag: VariableSpec = {
    name: "image_tag",
    type: "string",
    description: ctx.repository
      ? "Tag of the image to run from the repository; `berth deploy` sets it to the tag it pushed."
      : `Unused: the service runs ${service.image}; declared so \`berth deploy\` may set it on every stack.`,
    default: service.imageTag,
  };
  return [...vars.values(), tag];
}
