/**
 * `dnssec.tf` of the dns stack (`domain.dnssec`): the zone's key-signing key, an asymmetric ECC P-256 KMS key in
 * us-east-1 (Route 53 takes KSKs from there only; a provider alias when the stack's region differs), whose policy
 * lets Route 53's DNSSEC service use it for this account's hosted zones only, then zone signing. The policy is a
 * resource of its own so it names the account from the key's ARN: no API call, and offline plans work. The chain
 * of trust is completed by hand: the DS record (output `ds_record`) goes to the parent zone or registrar.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec-cmk-requirements.html
 */
import { attr, attrs, type BodyItem, comment, list, obj, raw, resource, tpl } from "../../hcl/index.js";
import { partitionOf } from "../../model/regions.js";
import { regionAlias } from "../../model/stacks.js";
import type { Domain, Environment } from "../../model/types.js";
import { banner } from "../common/files.js";
import { policyDocument } from "../common/iam.js";

export function dnssecFile(env: Environment, domain: Domain, dnssec: NonNullable<Domain["dnssec"]>): BodyItem[] {
  const partition = partitionOf(dnssec.kmsRegion);
  const account = env.account ?? '${split(":", aws_kms_key.dnssec.arn)[4]}';
  const provider = env.region === dnssec.kmsRegion ? [] : [attr("provider", raw(`aws.${regionAlias(dnssec.kmsRegion)}`))];
  return [
    banner("DNSSEC signing", "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-configuring-dnssec.html"),
    resource("aws_kms_key", "dnssec", [
      ...provider,
      attrs({
        description: `DNSSEC key-signing key of ${domain.name}`,
        customer_master_key_spec: "ECC_NIST_P256",
        key_usage: "SIGN_VERIFY",
        deletion_window_in_days: 30,
      }),
      attr("tags", obj({ Name: `${domain.name}-dnssec` })),
    ]),
    comment("Route 53's DNSSEC service may sign with the key for this account's hosted zones only."),
    resource("aws_kms_key_policy", "dnssec", [
      ...provider,
      attr("key_id", raw("aws_kms_key.dnssec.id")),
      attr(
        "policy",
        policyDocument([
          { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: tpl(`arn:${partition}:iam::${account}:root`) }, Action: "kms:*", Resource: "*" },
          {
            Sid: "Route53DnssecSigns",
            Effect: "Allow",
            Principal: { Service: "dnssec-route53.amazonaws.com" },
            Action: ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": tpl(account) }, ArnLike: { "aws:SourceArn": `arn:${partition}:route53:::hostedzone/*` } },
          },
          {
            Sid: "Route53DnssecGrants",
            Effect: "Allow",
            Principal: { Service: "dnssec-route53.amazonaws.com" },
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
          },
        ]),
      ),
    ]),
    resource("aws_route53_key_signing_key", "this", [
      attrs({
        hosted_zone_id: raw("aws_route53_zone.this.id"),
        key_management_service_arn: raw("aws_kms_key.dnssec.arn"),
        name: dnssec.keySigningKeyName,
      }),
      attr("depends_on", list([raw("aws_kms_key_policy.dnssec")])),
    ]),
    resource("aws_route53_hosted_zone_dnssec", "this", [
      attr("hosted_zone_id", raw("aws_route53_key_signing_key.this.hosted_zone_id")),
      attr("depends_on", list([raw("aws_route53_key_signing_key.this")])),
    ]),
  ];
}
