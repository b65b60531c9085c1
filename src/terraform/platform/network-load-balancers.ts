/**
 * `network-load-balancers.tf`: one Network Load Balancer per `networkLoadBalancers` entry, created with its
 * own security group (AWS attaches groups to an NLB only at creation) that admits each listener's port, and
 * its alias record in the environment's zone. Listeners and target groups belong to the service stacks;
 * each of those also lets this group reach its tasks (egress here, ingress on the tasks' group).
 */
import { attr, attrs, block, type BodyItem, comment, obj, raw, resource } from "../../hcl/index.js";
import type { Environment, NetworkLoadBalancer, NlbListener } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import * as wires from "../../model/wires.js";
import type { StackInputs } from "../common/inputs.js";

export function networkLoadBalancersFile(env: Environment, inputs: StackInputs): BodyItem[] {
  return env.networkLoadBalancers.flatMap((nlb, i) => [
    banner(`Network load balancer: ${nlb.key}`, i === 0 ? "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/introduction.html" : undefined),
    ...securityGroup(env, nlb, inputs),
    resource("aws_lb", `nlb_${ident(nlb.key)}`, [
      attrs({
        name: nlb.name,
        internal: nlb.internal,
        load_balancer_type: "network",
        security_groups: raw(`[aws_security_group.nlb_${ident(nlb.key)}.id]`),
        subnets: inputs.read(wires.network.subnetIds(env, nlb.subnetTier)),
        enable_cross_zone_load_balancing: nlb.crossZone,
        enable_deletion_protection: nlb.deletionProtection,
      }),
    ]),
    ...(nlb.recordName ? aliasRecord(env, nlb, inputs) : []),
  ]);
}

/** The IP protocols of a listener, as security group rules name them. */
export const ipProtocols = (l: Pick<NlbListener, "protocol">): ("tcp" | "udp")[] =>
  l.protocol === "UDP" ? ["udp"] : l.protocol === "TCP_UDP" ? ["tcp", "udp"] : ["tcp"];

function securityGroup(env: Environment, nlb: NetworkLoadBalancer, inputs: StackInputs): BodyItem[] {
  const id = `nlb_${ident(nlb.key)}`;
  const from = nlb.internal ? "the VPC" : "the internet";
  const source = nlb.internal ? { cidr_ipv4: inputs.read(wires.network.vpcCidr(env)) } : { cidr_ipv4: "0.0.0.0/0" };
  return [
    comment(
      [
        "No egress here: the stack of each service behind it adds egress from this group to its tasks (health checks too:",
        "they are subject to this group's outbound rules, not to its inbound ones).",
        nlb.listeners.length === 0 ? "No listener yet: a service's stack adds one with services.<name>.nlb, and its port here." : "",
      ]
        .filter(Boolean)
        .join("\n"),
    ),
    resource("aws_security_group", id, [
      attrs({
        name: nlb.securityGroupName,
        description: `Network load balancer ${nlb.name}: its listeners from ${from}`,
        vpc_id: inputs.read(wires.network.vpcId()),
      }),
      attr("tags", obj({ Name: nlb.securityGroupName })),
    ]),
    ...nlb.listeners.flatMap((l) =>
      ipProtocols(l).map((p) =>
        resource("aws_vpc_security_group_ingress_rule", `${id}_${p}_${l.port}`, [
          attrs({
            security_group_id: raw(`aws_security_group.${id}.id`),
            description: `${l.protocol} ${l.port} (${l.service}) from ${from}`,
            ...source,
            ip_protocol: p,
            from_port: l.port,
            to_port: l.port,
          }),
        ]),
      ),
    ),
  ];
}

function aliasRecord(env: Environment, nlb: NetworkLoadBalancer, inputs: StackInputs): BodyItem[] {
  const id = `nlb_${ident(nlb.key)}`;
  return [
    resource("aws_route53_record", id, [
      attrs({ zone_id: inputs.read(wires.dns.zoneId(env)), name: nlb.recordName, type: "A" }),
      block("alias", [], [attrs({ name: raw(`aws_lb.${id}.dns_name`), zone_id: raw(`aws_lb.${id}.zone_id`), evaluate_target_health: true })]),
    ]),
  ];
}
