/** `vpc.tf` of an existing VPC (`network.vpc`): no resource, only its ids, which the outputs hand downstream. */
import { attr, block, type BodyItem, comment } from "../../hcl/index.js";
import type { Environment, ExistingVpc } from "../../model/types.js";
import { banner } from "../common/files.js";

export function existingVpcFile(env: Environment, vpc: ExistingVpc): BodyItem[] {
  return [
    banner("Existing VPC", "Not managed here: berth creates no VPC, subnet, route table, NAT or internet gateway in it."),
    comment("The VPC's own route tables decide how private subnets reach out."),
    block(
      "locals",
      [],
      [
        attr("vpc_id", vpc.id),
        attr("vpc_cidr_block", env.network.cidr),
        ...env.network.tiers.map((tier) => attr(`${tier}_subnet_ids`, [...vpc.subnets[tier]])),
      ],
    ),
  ];
}
