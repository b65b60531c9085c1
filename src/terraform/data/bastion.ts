/**
 * `bastion.tf` (data stack, with `network.bastion`): an SSM-managed EC2 instance for maintenance access to
 * the databases. No ingress rule, no key pair, no public IP: Session Manager is the only way in, and
 * `berth db connect` forwards a local port through it. Egress: HTTPS (Session Manager, through NAT or the
 * VPC endpoints) and each database's port to its security group, which admits the bastion's group.
 * The AMI is the latest Amazon Linux 2023 when the instance is created (`resolve:ssm:` of AWS's public
 * parameter, resolved by EC2 at launch); a newer one does not replace it (`ignore_changes`, which also
 * keeps the resolved id from showing as a change): `terraform apply -replace=aws_instance.bastion` moves it on.
 */
import { attr, attrs, block, type BodyItem, comment, obj, raw, resource } from "../../hcl/index.js";
import type { Bastion } from "../../model/bastion.js";
import { partitionOf } from "../../model/regions.js";
import type { Environment } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import { banner, ident } from "../common/files.js";
import { assumeRolePolicy } from "../common/iam.js";
import type { StackInputs } from "../common/inputs.js";

export function bastionFile(env: Environment, bastion: Bastion, inputs: StackInputs): BodyItem[] {
  return [
    banner(
      "Bastion: Session Manager only (no SSH port, no key pair, no public IP)",
      "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html",
    ),
    resource("aws_iam_role", "bastion", [attr("name", bastion.roleName), attr("assume_role_policy", assumeRolePolicy("ec2.amazonaws.com"))]),
    comment("Session Manager's permissions, and nothing else."),
    resource("aws_iam_role_policy_attachment", "bastion", [
      attrs({ role: raw("aws_iam_role.bastion.name"), policy_arn: `arn:${partitionOf(env.region)}:iam::aws:policy/AmazonSSMManagedInstanceCore` }),
    ]),
    resource("aws_iam_instance_profile", "bastion", [attrs({ name: bastion.instanceProfileName, role: raw("aws_iam_role.bastion.name") })]),
    comment("No ingress rule: nothing connects to the bastion; it connects out to Session Manager and to the databases."),
    resource("aws_security_group", "bastion", [
      attrs({
        name: bastion.securityGroupName,
        description: "Bastion: HTTPS out to Session Manager, and the databases' ports",
        vpc_id: inputs.read(wires.network.vpcId()),
      }),
      attr("tags", obj({ Name: bastion.securityGroupName })),
    ]),
    resource("aws_vpc_security_group_egress_rule", "bastion_https", [
      attrs({
        security_group_id: raw("aws_security_group.bastion.id"),
        description: "HTTPS to Session Manager (NAT or VPC endpoints)",
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
      }),
    ]),
    ...bastion.databases.flatMap((db) => {
      const id = ident(db.key);
      return [
        resource("aws_vpc_security_group_egress_rule", `bastion_to_${id}`, [
          attrs({
            security_group_id: raw("aws_security_group.bastion.id"),
            description: `${db.port} to ${db.key}`,
            referenced_security_group_id: raw(`aws_security_group.${id}.id`),
            ip_protocol: "tcp",
            from_port: db.port,
            to_port: db.port,
          }),
        ]),
        resource("aws_vpc_security_group_ingress_rule", `${id}_from_bastion`, [
          attrs({
            security_group_id: raw(`aws_security_group.${id}.id`),
            description: `${db.port} from the bastion`,
            referenced_security_group_id: raw("aws_security_group.bastion.id"),
            ip_protocol: "tcp",
            from_port: db.port,
            to_port: db.port,
          }),
        ]),
      ];
    }),
    resource("aws_instance", "bastion", [
      attrs({
        // EC2 resolves AWS's public parameter at launch (no data source: offline plans need no AWS call).
        ami: `resolve:ssm:${bastion.amiParameter}`,
        instance_type: bastion.instanceType,
        subnet_id: raw(`${inputs.ref(wires.network.subnetIds(env, "private"))}[0]`),
        vpc_security_group_ids: raw("[aws_security_group.bastion.id]"),
        iam_instance_profile: raw("aws_iam_instance_profile.bastion.name"),
        associate_public_ip_address: false,
      }),
      block("metadata_options", [], [attrs({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 })]),
      block("root_block_device", [], [attrs({ encrypted: true, volume_type: "gp3" })]),
      attr("tags", obj({ Name: bastion.name })),
      comment("A newer Amazon Linux AMI does not replace a running bastion; -replace moves it on."),
      block("lifecycle", [], [attr("ignore_changes", raw("[ami]"))]),
    ]),
  ];
}
