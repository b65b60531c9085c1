/** Resolves the ECS cluster and its capacity: Fargate with an optional Spot share, or an EC2 Auto Scaling group. */
import type { ComputeInput } from "../config/schema/compute.js";
import type { ConfigPath } from "../errors.js";
import { architectureOf, INSTANCE_TYPES, registeredMemory } from "./aws-limits.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import type { CapacityProviderShare, Cluster, SubnetTier } from "./types.js";
import { parseGb } from "./units.js";

/** The public SSM parameter of the current ECS-optimized Amazon Linux 2023 AMI. */
export function amiParameter(arch: "x86_64" | "arm64"): string {
  return `/aws/service/ecs/optimized-ami/amazon-linux-2023/${arch === "arm64" ? "arm64/" : ""}recommended/image_id`;
}

export function resolveCluster(input: ComputeInput, ctx: { prefix: string; serviceTiers: readonly SubnetTier[]; at: ConfigPath; issues: Issues }): Cluster {
  const name = `${ctx.prefix}-cluster`;
  const containerInsights = input.containerInsights ?? true;
  const ec2 = input.ec2;
  if (ec2) {
    if (input.fargate || input.fargateSpot) {
      ctx.issues.add(
        ctx.at,
        "compute.ec2 cannot be combined with fargate or fargateSpot; a berth cluster runs on one kind of capacity",
        "remove fargate/fargateSpot, or remove ec2 to run on Fargate",
      );
    }
    const arch = ec2.architecture ?? architectureOf(ec2.instanceType);
    const known = INSTANCE_TYPES[ec2.instanceType];
    if (known && known.arch !== arch) {
      ctx.issues.add(
        [...ctx.at, "ec2", "architecture"],
        `${ec2.instanceType} is ${known.arch}, not ${arch}`,
        `remove architecture, or choose a ${arch} instance type`,
      );
    }
    const min = ec2.min ?? 1;
    const max = ec2.max ?? min + 1;
    const desired = ec2.desired ?? min;
    if (min > max) ctx.issues.add([...ctx.at, "ec2", "min"], `min (${min}) is larger than max (${max})`);
    if (desired < min || desired > max) ctx.issues.add([...ctx.at, "ec2", "desired"], `desired (${desired}) must lie between min (${min}) and max (${max})`);
    const subnetTiers = [...new Set(ec2.subnets ?? (ctx.serviceTiers.length > 0 ? ctx.serviceTiers : ["private"]))].sort() as SubnetTier[];
    const capacityProviderName = awsName([ctx.prefix, "ec2"], 255);
    return {
      name,
      containerInsights,
      capacity: {
        kind: "ec2",
        instanceType: ec2.instanceType,
        architecture: arch,
        amiParameter: amiParameter(arch),
        instanceCpu: (known?.vcpu ?? 2) * 1024,
        instanceMemory: registeredMemory(known?.memory ?? 2048),
        min,
        max,
        desired,
        subnetTiers,
        rootVolumeGb: ec2.rootVolume ? parseGb(ec2.rootVolume) : 30,
        targetCapacity: ec2.targetCapacity ?? 100,
        asgName: awsName([ctx.prefix, "ecs-asg"], LIMITS.autoscalingGroup),
        launchTemplateName: `${ctx.prefix}-ecs`,
        capacityProviderName,
        instanceRoleName: awsName([ctx.prefix, "ecs-instance"], LIMITS.iamRole),
        securityGroupName: awsName([ctx.prefix, "ecs-instances"], LIMITS.securityGroup),
      },
      strategy: [{ provider: capacityProviderName, base: 0, weight: 1 }],
    };
  }
  const strategy: CapacityProviderShare[] = [];
  if (input.fargate || !input.fargateSpot) strategy.push({ provider: "FARGATE", base: input.fargate?.base ?? 0, weight: input.fargate?.weight ?? 1 });
  if (input.fargateSpot) strategy.push({ provider: "FARGATE_SPOT", base: input.fargateSpot.base ?? 0, weight: input.fargateSpot.weight ?? 1 });
  if (strategy.filter((s) => s.base > 0).length > 1) {
    ctx.issues.add(ctx.at, "only one capacity provider may have a base; ECS rejects a strategy with two", "keep base on fargate and set fargateSpot.base to 0");
  }
  if (strategy.every((s) => s.weight === 0)) ctx.issues.add(ctx.at, "at least one capacity provider needs a weight above 0");
  return { name, containerInsights, capacity: { kind: "fargate" }, strategy };
}
