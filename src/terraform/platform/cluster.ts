/** `cluster.tf`: the ECS cluster and its default capacity provider strategy. */
import { attr, attrs, block, type BodyItem, type Expr, raw, resource } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import { banner } from "../common/files.js";

export function clusterFile(env: Environment): BodyItem[] {
  const { cluster } = env;
  // Workers and jobs on Fargate Spot use FARGATE_SPOT even when the default strategy does not.
  const providers = [...new Set([...cluster.strategy, ...env.services.flatMap((s) => s.strategy)].map((s) => s.provider))];
  return [
    banner("ECS cluster", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/clusters.html"),
    resource("aws_ecs_cluster", "this", [
      attr("name", cluster.name),
      block("setting", [], [attrs({ name: "containerInsights", value: cluster.containerInsights ? "enabled" : "disabled" })]),
    ]),
    resource("aws_ecs_cluster_capacity_providers", "this", [
      attr("cluster_name", raw("aws_ecs_cluster.this.name")),
      attr(
        "capacity_providers",
        providers.map((p) => providerRef(env, p)),
      ),
      ...cluster.strategy.map((s) =>
        block("default_capacity_provider_strategy", [], [attrs({ capacity_provider: providerRef(env, s.provider), base: s.base, weight: s.weight })]),
      ),
    ]),
  ];
}

/** The EC2 capacity provider is referenced, so Terraform creates it before the cluster uses it. */
function providerRef(env: Environment, provider: string): Expr | string {
  const { capacity } = env.cluster;
  return capacity.kind === "ec2" && provider === capacity.capacityProviderName ? raw("aws_ecs_capacity_provider.this.name") : provider;
}
