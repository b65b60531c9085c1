/**
 * The `platform` stack: what every service of an environment shares — the ECS cluster (and its EC2 capacity),
 * the load balancers with their listeners, the access-log bucket and the ECR repositories.
 * Service stacks attach to it through its outputs; it reads the VPC and subnets from the network stack.
 */
import type { HclFile } from "../hcl/index.js";
import type { Environment, SubnetTier } from "../model/types.js";
import { backendFile, inputsOf, outputsFile, outputsOf, providersFile, type VariableSpec, variablesFile, versionsFile, type WiredVariable } from "./common/files.js";
import { accessLogsFile, logBuckets } from "./platform/access-logs.js";
import { alarmTopicFile } from "./platform/alarm-topic.js";
import { capacityFile } from "./platform/capacity.js";
import { clusterFile } from "./platform/cluster.js";
import { edgeFile, hasEdge } from "./platform/edge.js";
import { cloudfrontPrefixListVar, loadBalancersFile } from "./platform/load-balancers.js";
import { platformOutputs } from "./platform/outputs.js";
import { registriesFile } from "./platform/registries.js";
import { type Stack, type StackExternal, stackOf } from "./stack.js";
import { DNS, dns, NETWORK, net, PLATFORM } from "./wiring.js";

export function renderPlatformStack(env: Environment): Stack {
  const variables = [...platformVariables(env), ...edgeVariables(env)];
  const outputs = platformOutputs(env);
  const { capacity } = env.cluster;
  const files: HclFile[] = [
    versionsFile(),
    backendFile(env, PLATFORM),
    providersFile(env),
    variablesFile(variables),
    { name: "cluster.tf", body: clusterFile(env) },
    ...(capacity.kind === "ec2" ? [{ name: "capacity.tf", body: capacityFile(env, capacity) }] : []),
    ...(env.loadBalancers.length > 0 ? [{ name: "load-balancers.tf", body: loadBalancersFile(env) }] : []),
    ...(logBuckets(env).length > 0 ? [{ name: "access-logs.tf", body: accessLogsFile(env) }] : []),
    ...(env.repositories.length > 0 ? [{ name: "registries.tf", body: registriesFile(env) }] : []),
    ...(hasEdge(env) ? [{ name: "edge.tf", body: edgeFile(env) }] : []),
    ...(env.monitoring.topic ? [{ name: "alarms.tf", body: alarmTopicFile(env) }] : []),
    outputsFile(outputs),
  ];
  return stackOf(env, PLATFORM, {
    files,
    dependsOn: [...(usesDns(env) ? [DNS] : []), NETWORK],
    inputs: inputsOf(variables),
    outputs: outputsOf(outputs),
    externals: cloudfrontExternals(env),
  });
}

const usesDns = (env: Environment): boolean => env.loadBalancers.some((lb) => lb.https);

/** The zone and certificate from the `dns` stack, and the CloudFront prefix list of each load balancer behind CloudFront. */
function edgeVariables(env: Environment): (VariableSpec | WiredVariable)[] {
  const wired = (name: string, description: string): WiredVariable => ({ name, type: "string", description, from: { stack: DNS, output: name } });
  return [
    ...(usesDns(env)
      ? [wired(dns.certificateArn, "ARN of the validated ACM certificate of the HTTPS listeners."), wired(dns.zoneId, "ID of the hosted zone the load balancers' alias records go in.")]
      : []),
    ...env.loadBalancers.flatMap((lb) =>
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
    ),
  ];
}

/** A prefix list id the config does not give is passed at apply time; offline plans use a mock. */
function cloudfrontExternals(env: Environment): StackExternal[] {
  return env.loadBalancers.flatMap((lb) =>
    lb.cloudfront && lb.cloudfront.prefixListId === undefined
      ? [{ variable: cloudfrontPrefixListVar(lb), description: `CloudFront origin-facing prefix list in ${env.region}`, mock: "pl-0a1b2c3d" }]
      : [],
  );
}

/** The network outputs this stack reads: the VPC, and the subnet tiers its load balancers and instances use. */
function platformVariables(env: Environment): WiredVariable[] {
  const wired = (name: string, type: string, description: string): WiredVariable => ({ name, type, description, from: { stack: NETWORK, output: name } });
  const { capacity } = env.cluster;
  const used = new Set<SubnetTier>([...env.loadBalancers.map((lb) => lb.subnetTier), ...(capacity.kind === "ec2" ? capacity.subnetTiers : [])]);
  const tiers = env.network.tiers.filter((t) => used.has(t));
  const needsVpc = env.loadBalancers.length > 0 || capacity.kind === "ec2";
  return [
    ...(needsVpc ? [wired(net.vpcId, "string", "ID of the VPC the security groups belong to.")] : []),
    ...tiers.map((tier) => wired(net.subnetIds(tier), "list(string)", `IDs of the ${tier} subnets, in AZ order.`)),
  ];
}
