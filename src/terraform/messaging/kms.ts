/**
 * `kms.tf` of the messaging stack: the key of the queues and topics. SNS encrypts what it delivers to an
 * encrypted queue with the queue's key itself (no grant on a caller's behalf), so the key policy admits
 * `sns.amazonaws.com` for this account's topics only, beside the account's own administration of the key.
 * The policy is a resource of its own so it can name the account from the key's ARN: no API call, and
 * offline plans work.
 */
import { attr, attrs, type BodyItem, comment, obj, raw, resource, tpl } from "../../hcl/index.js";
import type { Environment, KmsKey } from "../../model/types.js";
import { banner } from "../common/files.js";
import { policyDocument } from "../common/iam.js";
import { partitionOf } from "../platform/elb-accounts.js";

export function messagingKeyFile(env: Environment, key: KmsKey): BodyItem[] {
  const partition = partitionOf(env.region);
  const account = env.account ?? '${split(":", aws_kms_key.messaging.arn)[4]}';
  return [
    banner("KMS key of the queues and topics", "https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html"),
    resource("aws_kms_key", key.use, [
      attrs({ description: key.description, enable_key_rotation: key.rotation, deletion_window_in_days: key.deletionWindowDays }),
      attr("tags", obj({ Name: key.alias.replace(/^alias\//, "") })),
    ]),
    resource("aws_kms_alias", key.use, [attrs({ name: key.alias, target_key_id: raw(`aws_kms_key.${key.use}.key_id`) })]),
    comment("SNS encrypts deliveries to the queues with this key itself, so the key policy names it, for this account's topics only."),
    resource("aws_kms_key_policy", key.use, [
      attr("key_id", raw(`aws_kms_key.${key.use}.id`)),
      attr(
        "policy",
        policyDocument([
          { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: tpl(`arn:${partition}:iam::${account}:root`) }, Action: "kms:*", Resource: "*" },
          {
            Sid: "TopicsOfThisAccountDeliverToQueues",
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
              StringEquals: { "aws:SourceAccount": tpl(account) },
              ArnLike: { "aws:SourceArn": tpl(`arn:${partition}:sns:${env.region}:${account}:${env.prefix}-*`) },
            },
          },
        ]),
      ),
    ]),
  ];
}

/** The key of queues and topics: berth's key when `kms.messaging` is on; else none (SSE-SQS, AWS-managed SNS key). */
export const messagingKey = (env: Environment) => (env.kms.messaging ? raw(`aws_kms_key.${env.kms.messaging.use}.arn`) : undefined);
