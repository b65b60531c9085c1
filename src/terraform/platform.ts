/**
 * The `platform` stack: what every service of an environment shares — the ECS cluster (and its EC2 capacity),
 * the load balancers with their listeners (and WAF web ACLs), the access-log bucket and the ECR repositories.
 * Service stacks attach to it through its outputs; it reads the VPC and subnets from the network stack.
 */
import type { HclFile } from "../hcl/index.js";
import { stackPlan } from "../model/stacks.js";
import { STACK } from "../model/stack-ids.js";
import type { Environment } from "../model/types.js";
import { type VariableSpec } from "./common/files.js";
import { StackInputs } from "./common/inputs.js";
import { accessLogsFile, logBuckets } from "./platform/access-logs.js";
import { alarmTopicFile } from "./platform/alarm-topic.js";
import { capacityFile } from "./platform/capacity.js";
import { clusterFile } from "./platform/cluster.js";
import { edgeFile, hasEdge } from "./platform/edge.js";
import { cloudfrontPrefixListVar, loadBalancersFile } from "./platform/load-balancers.js";
import { networkLoadBalancersFile } from "./platform/network-load-balancers.js";
import { platformOutputs } from "./platform/outputs.js";
import { registriesFile } from "./platform/registries.js";
import { hasWaf, wafFile } from "./platform/waf.js";
import { assembleStack, type Stack, type StackExternal } from "./stack.js";

export function renderPlatformStack(env: Environment): Stack {
  const inputs = new StackInputs(STACK.platform);
  const { capacity } = env.cluster;
  const files: HclFile[] = [
    { name: "cluster.tf", body: clusterFile(env) },
    ...(capacity.kind === "ec2" ? [{ name: "capacity.tf", body: capacityFile(env, capacity, inputs) }] : []),
    ...(env.loadBalancers.length > 0 ? [{ name: "load-balancers.tf", body: loadBalancersFile(env, inputs) }] : []),
    ...(env.networkLoadBalancers.length > 0 ? [{ name: "network-load-balancers.tf", body: networkLoadBalancersFile(env, inputs) }] : []),
    ...(logBuckets(env).length > 0 ? [{ name: "access-logs.tf", body: accessLogsFile(env) }] : []),
    ...(hasWaf(env) ? [{ name: "waf.tf", body: wafFile(env) }] : []),
    ...(env.repositories.length > 0 ? [{ name: "registries.tf", body: registriesFile(env) }] : []),
    ...(hasEdge(env) ? [{ name: "edge.tf", body: edgeFile(env, inputs) }] : []),
    ...(env.monitoring.topic ? [{ name: "alarms.tf", body: alarmTopicFile(env) }] : []),
  ];
  return assembleStack(stackPlan(env, STACK.platform), {
    files,
    inputs,
    outputs: platformOutputs(env),
    parameters: cloudfrontParameters(env),
    externals: cloudfrontExternals(env),
  });
}

/** The CloudFront origin-facing prefix list of each load balancer behind CloudFront. */
function cloudfrontParameters(env: Environment): VariableSpec[] {
  return env.loadBalancers.flatMap((lb) =>
    lb.cloudfront
      ? [
          {
            name: cloudfrontPrefixListVar(lb),
            type: "string",
            description: `ID of the AWS-managed prefix list com.amazonaws.global.cloudfront.origin-facing in ${env.region}: the only addresses the ${lb.key} load balancer accepts.`,
            default: lb.cloudfront.prefixListId,
          },
        ]
      : [],
  );
}

/** A prefix list id the config does not give is passed at apply time; offline plans use a mock. */
function cloudfrontExternals(env: Environment): StackExternal[] {
  return env.loadBalancers.flatMap((lb) =>
    lb.cloudfront && lb.cloudfront.prefixListId === undefined
      ? [{ variable: cloudfrontPrefixListVar(lb), description: `CloudFront origin-facing prefix list in ${env.region}`, mock: "pl-0a1b2c3d" }]
      : [],
  );
}
