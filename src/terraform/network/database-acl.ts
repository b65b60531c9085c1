/**
 * `acl.tf`: the network ACL of the database subnets. Stateless, so each allowed request has its return
 * rule: the engine ports in from the subnets of the services that use a database, ephemeral ports back
 * to them, nothing else in or out (the security groups still decide which service reaches which database).
 */
import { attr, attrs, block, type BodyItem, obj, raw, resource } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import { banner } from "../common/files.js";

/** Ports clients use for the answer (Linux uses 32768–60999; NAT gateways and ELB use 1024–65535). */
const EPHEMERAL = { from: 1024, to: 65535 } as const;

export function databaseAclFile(env: Environment): BodyItem[] {
  const acl = env.network.databaseAcl;
  if (!acl) return [];
  const sources = env.network.subnets.filter((s) => acl.from.includes(s.tier));
  const ingress = sources.flatMap((s) => acl.ports.map((port) => ({ cidr: s.cidr, from: port, to: port })));
  const egress = sources.map((s) => ({ cidr: s.cidr, from: EPHEMERAL.from, to: EPHEMERAL.to }));
  const rule = (r: { cidr: string; from: number; to: number }, i: number) =>
    attrs({ rule_no: 100 + i * 10, action: "allow", protocol: "tcp", cidr_block: r.cidr, from_port: r.from, to_port: r.to });
  return [
    banner("Network ACL of the database subnets", "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"),
    resource("aws_network_acl", "database", [
      attrs({ vpc_id: raw("aws_vpc.this.id"), subnet_ids: raw("values(aws_subnet.database)[*].id") }),
      ...ingress.map((r, i) => block("ingress", [], rule(r, i))),
      ...egress.map((r, i) => block("egress", [], rule(r, i))),
      attr("tags", obj({ Name: env.network.names.databaseAcl })),
    ]),
  ];
}
