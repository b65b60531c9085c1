/**
 * `capacity.tf` (EC2 clusters only): the container instances — IAM role and profile, security group, launch
 * template, Auto Scaling group — and the ECS capacity provider that scales the group to fit the tasks.
 */
import { attr, attrs, block, type BodyItem, call, comment, data, type Expr, list, obj, raw, resource, tpl } from "../../hcl/index.js";
import type { Ec2Capacity, Environment, LoadBalancer } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import { assumeRolePolicy } from "../common/iam.js";
import * as wires from "../../model/wires.js";
import type { StackInputs } from "../common/inputs.js";
import { partitionOf } from "./elb-accounts.js";

/** The host ports ECS picks from for bridge-mode containers with `hostPort = 0`. */
export const DYNAMIC_PORTS = { from: 32768, to: 65535 } as const;

export function capacityFile(env: Environment, capacity: Ec2Capacity, inputs: StackInputs): BodyItem[] {
  return [
    ...instanceIdentity(env, capacity),
    ...instanceNetwork(env, inputs),
    ...bridgeTraffic(env),
    ...launchTemplate(env, capacity),
    ...autoScaling(env, capacity, inputs),
  ];
}

function instanceIdentity(env: Environment, capacity: Ec2Capacity): BodyItem[] {
  const partition = partitionOf(env.region);
  const policies = [
    `arn:${partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role`,
    `arn:${partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`,
  ];
  return [
    banner("Container instance role", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html"),
    resource("aws_iam_role", "this", [attr("name", capacity.instanceRoleName), attr("assume_role_policy", assumeRolePolicy("ec2.amazonaws.com"))]),
    comment("The ECS agent's permissions, and SSM Session Manager in place of SSH."),
    resource("aws_iam_role_policy_attachment", "this", [
      attr("for_each", call("toset", list(policies))),
      attrs({ role: raw("aws_iam_role.this.name"), policy_arn: raw("each.value") }),
    ]),
    resource("aws_iam_instance_profile", "this", [attrs({ name: capacity.instanceRoleName, role: raw("aws_iam_role.this.name") })]),
  ];
}

function instanceNetwork(env: Environment, inputs: StackInputs): BodyItem[] {
  const name = (env.cluster.capacity as Ec2Capacity).securityGroupName;
  return [
    banner("Container instance security group"),
    comment("No SSH: SSM Session Manager instead. Ingress only from load balancers with bridge-mode targets (below)."),
    resource("aws_security_group", "instances", [
      attrs({ name, description: "ECS container instances", vpc_id: inputs.read(wires.network.vpcId()) }),
      attr("tags", obj({ Name: name })),
    ]),
    comment("The ECS agent, image pulls, logs and SSM, plus the traffic of bridge-mode tasks."),
    resource("aws_vpc_security_group_egress_rule", "this", [
      attrs({ security_group_id: raw("aws_security_group.instances.id"), description: "All outbound traffic", cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" }),
    ]),
  ];
}

/**
 * Bridge-mode tasks share the instances' address and security group, so the rules that admit them are
 * rules of the instances' group, one per load balancer whatever the number of bridge services behind
 * it: written here once rather than in each service stack, where two services would declare the same
 * rule twice (which EC2 refuses as a duplicate).
 */
function bridgeTraffic(env: Environment): BodyItem[] {
  const bridge = env.services.filter((s) => s.networkMode === "bridge");
  const targeted = env.loadBalancers.filter((lb) => bridge.some((s) => s.targets.some((t) => t.loadBalancer === lb.key)));
  const called = env.loadBalancers.filter((lb) => bridge.some((s) => s.calls.includes(lb.key)));
  if (targeted.length === 0 && called.length === 0) return [];
  const instances = raw("aws_security_group.instances.id");
  const albSg = (lb: LoadBalancer) => raw(`aws_security_group.${ident(lb.key)}.id`);
  const dynamic = { ip_protocol: "tcp", from_port: DYNAMIC_PORTS.from, to_port: DYNAMIC_PORTS.to };
  return [
    banner("Bridge-mode traffic", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/networking-networkmode-bridge.html"),
    ...targeted.flatMap((lb) => [
      comment(
        `Targets of ${lb.key}: ${bridge
          .filter((s) => s.targets.some((t) => t.loadBalancer === lb.key))
          .map((s) => s.name)
          .join(", ")}, on host ports ECS picks from the dynamic range.`,
      ),
      resource("aws_vpc_security_group_ingress_rule", `instances_from_alb_${ident(lb.key)}`, [
        attrs({
          security_group_id: instances,
          description: `Dynamic ports from the ${lb.key} load balancer`,
          referenced_security_group_id: albSg(lb),
          ...dynamic,
        }),
      ]),
      resource("aws_vpc_security_group_egress_rule", `alb_${ident(lb.key)}_to_instances`, [
        attrs({ security_group_id: albSg(lb), description: "To container instances on dynamic ports", referenced_security_group_id: instances, ...dynamic }),
      ]),
    ]),
    ...called.flatMap((lb) => [
      comment(
        `Bridge-mode callers of ${lb.key}: ${bridge
          .filter((s) => s.calls.includes(lb.key))
          .map((s) => s.name)
          .join(", ")}.`,
      ),
      resource("aws_vpc_security_group_ingress_rule", `alb_${ident(lb.key)}_from_instances`, [
        attrs({
          security_group_id: albSg(lb),
          description: "HTTP from bridge-mode tasks on the container instances",
          referenced_security_group_id: instances,
          ip_protocol: "tcp",
          from_port: lb.port,
          to_port: lb.port,
        }),
      ]),
    ]),
  ];
}

function launchTemplate(env: Environment, capacity: Ec2Capacity): BodyItem[] {
  const ecsConfig = "/etc/ecs/ecs.config";
  const userData = call(
    "base64encode",
    call(
      "join",
      "\n",
      list(["#!/bin/bash", tpl(`echo ECS_CLUSTER=\${aws_ecs_cluster.this.name} >> ${ecsConfig}`), `echo ECS_ENABLE_CONTAINER_METADATA=true >> ${ecsConfig}`]),
    ),
  );
  const tagged = (resourceType: string): BodyItem =>
    block(
      "tag_specifications",
      [],
      [attr("resource_type", resourceType), attr("tags", call("merge", raw("data.aws_default_tags.this.tags"), obj({ Name: `${env.prefix}-ecs` })))],
    );
  return [
    banner("Launch template", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/launch_container_instance.html"),
    comment("Provider default_tags do not reach the instances and volumes a launch template creates, so they are copied in."),
    data("aws_default_tags", "this", []),
    resource("aws_launch_template", "this", [
      attr("name", capacity.launchTemplateName),
      comment("EC2 resolves the SSM parameter at every launch: no data source, so plans work offline and new\ninstances get the latest ECS-optimized AMI."),
      attrs({
        image_id: `resolve:ssm:${capacity.amiParameter}`,
        instance_type: capacity.instanceType,
        vpc_security_group_ids: raw("[aws_security_group.instances.id]"),
        user_data: userData,
      }),
      block("iam_instance_profile", [], [attr("arn", raw("aws_iam_instance_profile.this.arn"))]),
      block(
        "metadata_options",
        [],
        [
          attrs({ http_endpoint: "enabled", http_tokens: "required" }),
          comment("Containers are one network hop further from the instance metadata service than the instance."),
          attr("http_put_response_hop_limit", 2),
        ],
      ),
      block(
        "block_device_mappings",
        [],
        [
          attr("device_name", "/dev/xvda"),
          block("ebs", [], [attrs({ volume_size: capacity.rootVolumeGb, volume_type: "gp3", encrypted: true, delete_on_termination: true })]),
        ],
      ),
      block("monitoring", [], [attr("enabled", true)]),
      tagged("instance"),
      tagged("volume"),
    ]),
  ];
}

function autoScaling(env: Environment, capacity: Ec2Capacity, inputs: StackInputs): BodyItem[] {
  const subnets = capacity.subnetTiers.map((tier) => inputs.ref(wires.network.subnetIds(env, tier)));
  const zones: Expr = raw(subnets.length === 1 ? (subnets[0] as string) : `concat(${subnets.join(", ")})`);
  return [
    banner("Auto Scaling group and capacity provider", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html"),
    resource("aws_autoscaling_group", "this", [
      attrs({ name: capacity.asgName, min_size: capacity.min, max_size: capacity.max, desired_capacity: capacity.desired, vpc_zone_identifier: zones }),
      comment("ECS decides which instances may go (managed termination protection)."),
      attr("protect_from_scale_in", true),
      comment("Protected instances never finish terminating on destroy; the services are gone by then."),
      attr("force_delete", true),
      block("launch_template", [], [attrs({ id: raw("aws_launch_template.this.id"), version: "$Latest" })]),
      comment("Required by ECS managed scaling; Terraform would remove it otherwise."),
      block("tag", [], [attrs({ key: "AmazonECSManaged", value: "true", propagate_at_launch: true })]),
      comment("Provider default_tags do not reach Auto Scaling groups; instances get theirs from the launch template."),
      block(
        "dynamic",
        ["tag"],
        [
          attr("for_each", raw("data.aws_default_tags.this.tags")),
          block("content", [], [attrs({ key: raw("tag.key"), value: raw("tag.value"), propagate_at_launch: false })]),
        ],
      ),
      comment("Always ignored: ECS managed scaling owns the desired capacity."),
      block("lifecycle", [], [attr("ignore_changes", raw("[desired_capacity]"))]),
    ]),
    resource("aws_ecs_capacity_provider", "this", [
      attr("name", capacity.capacityProviderName),
      block(
        "auto_scaling_group_provider",
        [],
        [
          attrs({ auto_scaling_group_arn: raw("aws_autoscaling_group.this.arn"), managed_termination_protection: "ENABLED" }),
          block("managed_scaling", [], [attrs({ status: "ENABLED", target_capacity: capacity.targetCapacity })]),
        ],
      ),
    ]),
  ];
}
