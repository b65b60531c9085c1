/** The values of the platform's outputs (the wires `model/stacks.ts` lists for it), by output name. */
import { type Expr, raw } from "../../hcl/index.js";
import * as wires from "../../model/wires.js";
import type { Environment } from "../../model/types.js";
import { ident } from "../common/files.js";

export function platformOutputs(env: Environment): Record<string, Expr> {
  const values: [string, string][] = [
    [wires.platform.clusterName(env).name, "aws_ecs_cluster.this.name"],
    [wires.platform.clusterArn(env).name, "aws_ecs_cluster.this.arn"],
    ...env.loadBalancers.flatMap((lb): [string, string][] => {
      const id = ident(lb.key);
      const w = (what: wires.LoadBalancerValue) => wires.platform.loadBalancer(env, lb, what).name;
      return [
        [w("arn"), `aws_lb.${id}.arn`],
        [w("arn_suffix"), `aws_lb.${id}.arn_suffix`],
        [w("dns_name"), `aws_lb.${id}.dns_name`],
        [w("zone_id"), `aws_lb.${id}.zone_id`],
        [w("listener_arn"), `aws_lb_listener.${id}.arn`],
        [w("security_group_id"), `aws_security_group.${id}.id`],
        ...(lb.cloudfront ? [[w("cloudfront_domain_name"), `aws_cloudfront_distribution.${id}.domain_name`] as [string, string]] : []),
      ];
    }),
    ...env.networkLoadBalancers.flatMap((nlb): [string, string][] => {
      const id = `nlb_${ident(nlb.key)}`;
      const w = (what: wires.NetworkLoadBalancerValue) => wires.platform.networkLoadBalancer(env, nlb, what).name;
      return [
        [w("arn"), `aws_lb.${id}.arn`],
        [w("arn_suffix"), `aws_lb.${id}.arn_suffix`],
        [w("dns_name"), `aws_lb.${id}.dns_name`],
        [w("security_group_id"), `aws_security_group.${id}.id`],
      ];
    }),
    ...env.repositories.flatMap((r): [string, string][] => [
      [wires.platform.repositoryUrl(env, r).name, `aws_ecr_repository.${ident(r.service)}.repository_url`],
      [wires.platform.repositoryArn(env, r).name, `aws_ecr_repository.${ident(r.service)}.arn`],
    ]),
    ...(env.monitoring.topic ? [[wires.platform.alarmTopicArn(env).name, "aws_sns_topic.alarms.arn"] as [string, string]] : []),
    ...(env.cluster.capacity.kind === "ec2" ? [[wires.platform.instanceSecurityGroup().name, "aws_security_group.instances.id"] as [string, string]] : []),
  ];
  return Object.fromEntries(values.map(([name, value]) => [name, raw(value)]));
}
