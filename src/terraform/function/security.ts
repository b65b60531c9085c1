/**
 * `security.tf` (functions in the VPC): the function's security group — no ingress (Lambda is invoked
 * through its API, never over the network), egress anywhere through the NAT — and each database it uses
 * admitting that group on the engine port, as a service's tasks are admitted.
 */
import { attr, attrs, type BodyItem, obj, raw, resource } from "../../hcl/index.js";
import * as wires from "../../model/wires.js";
import { banner, ident } from "../common/files.js";
import { databaseOf, type FunctionContext } from "./context.js";

export function securityFile(ctx: FunctionContext): BodyItem[] {
  const { fn } = ctx;
  const self = raw("aws_security_group.this.id");
  return [
    banner("Security group of the function", "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"),
    resource("aws_security_group", "this", [
      attrs({ name: fn.name, description: `Lambda function ${fn.key}`, vpc_id: ctx.read(wires.network.vpcId()) }),
      attr("tags", obj({ Name: fn.name })),
    ]),
    resource("aws_vpc_security_group_egress_rule", "internet", [
      attrs({ security_group_id: self, description: "Anywhere (AWS APIs through the NAT)", cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1" }),
    ]),
    ...(fn.databases.length > 0 ? [banner("Databases this function uses")] : []),
    ...fn.databases.map((u) =>
      resource("aws_vpc_security_group_ingress_rule", `database_${ident(u.database)}_from_function`, [
        attrs({
          security_group_id: ctx.read(wires.data.databaseSecurityGroup(ctx.env, databaseOf(ctx, u.database))),
          description: `${u.port} from function ${fn.key}`,
          referenced_security_group_id: self,
          ip_protocol: "tcp",
          from_port: u.port,
          to_port: u.port,
        }),
      ]),
    ),
  ];
}
