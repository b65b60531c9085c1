/**
 * `security.tf`: who may reach the service and where it may send. Rules are separate
 * `aws_vpc_security_group_*_rule` resources, never inline, so this stack can add rules to the
 * platform's security groups (load balancers, instances) without a dependency cycle.
 */
import { attr, attrs, type BodyItem, comment, obj, raw, resource } from "../../hcl/index.js";
import { banner, ident } from "../common/files.js";
import * as wires from "../../model/wires.js";
import type { DeclaredEgress } from "../../model/types.js";
import { database, type ServiceContext, targetPort } from "./context.js";

export function securityFile(ctx: ServiceContext): BodyItem[] {
  return [...(ctx.awsvpc ? [...taskSecurityGroup(ctx), ...callRules(ctx)] : []), ...databaseRules(ctx)];
}

/**
 * Each database the service uses admits its tasks on the engine port, and only that port. Bridge-mode tasks
 * have no group of their own: the data stack admits the instances' group once for all of them (two service
 * stacks would write the same rule, which EC2 refuses), as the platform stack does for their other rules.
 */
function databaseRules(ctx: ServiceContext): BodyItem[] {
  if (ctx.service.databases.length === 0 || !ctx.awsvpc) return [];
  return [
    banner("Databases this service uses"),
    ...ctx.service.databases.flatMap((u) => {
      const databaseSg = ctx.read(wires.data.databaseSecurityGroup(ctx.env, database(ctx, u.database)));
      return [
        resource("aws_vpc_security_group_ingress_rule", `database_${ident(u.database)}_from_tasks`, [
          attrs({
            security_group_id: databaseSg,
            description: `${u.port} from ${ctx.service.name}`,
            referenced_security_group_id: raw("aws_security_group.this.id"),
            ...tcp(u.port),
          }),
        ]),
        ...(ctx.service.declaredEgress
          ? [
              resource("aws_vpc_security_group_egress_rule", `to_database_${ident(u.database)}`, [
                attrs({
                  security_group_id: raw("aws_security_group.this.id"),
                  description: `${u.port} to database ${u.database}`,
                  referenced_security_group_id: databaseSg,
                  ...tcp(u.port),
                }),
              ]),
            ]
          : []),
      ];
    }),
  ];
}

/** awsvpc: the tasks' own security group, open only to their load balancers. */
function taskSecurityGroup(ctx: ServiceContext): BodyItem[] {
  const { service } = ctx;
  const self = raw("aws_security_group.this.id");
  const items: BodyItem[] = [
    banner("Security group of the tasks", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking-awsvpc.html"),
    resource("aws_security_group", "this", [
      attrs({ name: service.fullName, description: `Tasks of service ${service.name}`, vpc_id: ctx.read(wires.network.vpcId()) }),
      attr("tags", obj({ Name: service.fullName })),
    ]),
  ];
  for (const t of ctx.targets) {
    const albSg = ctx.read(wires.platform.loadBalancer(ctx.env, t.lb, "security_group_id"));
    items.push(
      resource("aws_vpc_security_group_ingress_rule", `from_alb_${t.id}`, [
        attrs({
          security_group_id: self,
          description: `HTTP from the ${t.lb.key} load balancer`,
          referenced_security_group_id: albSg,
          ...tcp(targetPort(ctx)),
        }),
      ]),
      resource("aws_vpc_security_group_egress_rule", `alb_${t.id}_to_tasks`, [
        attrs({ security_group_id: albSg, description: `To the tasks of ${service.name}`, referenced_security_group_id: self, ...tcp(targetPort(ctx)) }),
      ]),
    );
  }
  if (service.declaredEgress) {
    items.push(...declaredEgressRules(ctx, service.declaredEgress));
  } else if (service.egress === "internet") {
    items.push(
      resource("aws_vpc_security_group_egress_rule", "internet", [
        attrs({ security_group_id: self, description: "Anywhere", cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" }),
      ]),
    );
  } else {
    items.push(
      comment("VPC-only egress: other services, load balancers and interface endpoints inside the VPC."),
      resource("aws_vpc_security_group_egress_rule", "vpc", [
        attrs({ security_group_id: self, description: "TCP inside the VPC", cidr_ipv4: ctx.read(wires.network.vpcCidr(ctx.env)), ...tcp(0, 65535) }),
      ]),
      comment("ECR serves image layers from S3, reached through the S3 gateway endpoint's prefix list."),
      resource("aws_vpc_security_group_egress_rule", "s3", [
        attrs({ security_group_id: self, description: "HTTPS to S3", prefix_list_id: ctx.read(wires.network.s3PrefixList(ctx.env)), ...tcp(443) }),
      ]),
    );
  }
  return items;
}

/** Each load balancer the service calls accepts it: this is how an internal ALB admits only its callers. */
function callRules(ctx: ServiceContext): BodyItem[] {
  if (ctx.calls.length === 0) return [];
  const from = raw("aws_security_group.this.id");
  return [
    banner("Load balancers this service calls"),
    ...ctx.calls.flatMap((lb) => {
      const lbSg = ctx.read(wires.platform.loadBalancer(ctx.env, lb, "security_group_id"));
      return [
        resource("aws_vpc_security_group_ingress_rule", `alb_${ident(lb.key)}_from_tasks`, [
          attrs({ security_group_id: lbSg, description: `HTTP from ${ctx.service.name}`, referenced_security_group_id: from, ...tcp(lb.port) }),
        ]),
        ...(ctx.service.declaredEgress
          ? [
              resource("aws_vpc_security_group_egress_rule", `to_alb_${ident(lb.key)}`, [
                attrs({ security_group_id: from, description: `HTTP to the ${lb.key} load balancer`, referenced_security_group_id: lbSg, ...tcp(lb.port) }),
              ]),
            ]
          : []),
      ];
    }),
  ];
}

/**
 * Declared egress: HTTPS out (or, with no way out, HTTPS to the VPC's endpoints and to S3 through its gateway
 * endpoint), then each destination the config names. The databases' and called load balancers' rules sit
 * beside their ingress rules.
 */
function declaredEgressRules(ctx: ServiceContext, declared: DeclaredEgress): BodyItem[] {
  const self = raw("aws_security_group.this.id");
  const items: BodyItem[] = [comment("Declared egress: only what this service uses (databases and load balancers it calls: below).")];
  if (declared.https) {
    items.push(
      resource("aws_vpc_security_group_egress_rule", "https", [
        attrs({ security_group_id: self, description: "HTTPS anywhere (AWS APIs, registries)", cidr_ipv4: "0.0.0.0/0", ...tcp(443) }),
      ]),
    );
  } else {
    items.push(
      resource("aws_vpc_security_group_egress_rule", "endpoints", [
        attrs({ security_group_id: self, description: "HTTPS to the VPC endpoints", cidr_ipv4: ctx.read(wires.network.vpcCidr(ctx.env)), ...tcp(443) }),
      ]),
      comment("ECR serves image layers from S3, reached through the S3 gateway endpoint's prefix list."),
      resource("aws_vpc_security_group_egress_rule", "s3", [
        attrs({ security_group_id: self, description: "HTTPS to S3", prefix_list_id: ctx.read(wires.network.s3PrefixList(ctx.env)), ...tcp(443) }),
      ]),
    );
  }
  declared.to.forEach((d, i) => {
    items.push(
      resource("aws_vpc_security_group_egress_rule", `to_${i + 1}`, [
        attrs({
          security_group_id: self,
          description: d.description,
          cidr_ipv4: d.cidr,
          prefix_list_id: d.prefixList,
          ip_protocol: d.protocol,
          from_port: d.fromPort,
          to_port: d.toPort,
        }),
      ]),
    );
  });
  return items;
}

const tcp = (from: number, to = from) => ({ ip_protocol: "tcp", from_port: from, to_port: to });
