/** A customer-managed KMS key with yearly rotation and its alias, for the stack that owns its use. */
import { attr, attrs, type BodyItem, comment, obj, raw, resource, tpl } from "../../hcl/index.js";
import type { KmsKey } from "../../model/types.js";
import { partitionOf } from "../platform/elb-accounts.js";
import { policyDocument, type Statement } from "./iam.js";

/**
 * The key keeps the default key policy (the account's IAM policies decide who may use it): RDS, Secrets
 * Manager and ECR use it through grants on behalf of callers their own IAM permissions admit.
 */
export function kmsKeyResources(key: KmsKey): BodyItem[] {
  return [
    resource("aws_kms_key", key.use, [
      attrs({ description: key.description, enable_key_rotation: key.rotation, deletion_window_in_days: key.deletionWindowDays }),
      attr("tags", obj({ Name: key.alias.replace(/^alias\//, "") })),
    ]),
    resource("aws_kms_alias", key.use, [attrs({ name: key.alias, target_key_id: raw(`aws_kms_key.${key.use}.key_id`) })]),
  ];
}

/**
 * The logs key: CloudWatch Logs encrypts with the key itself (no grant on a caller's behalf), so its key
 * policy admits `logs.<region>.amazonaws.com`, only for log groups of this account and region
 * (`kms:EncryptionContext:aws:logs:arn`), beside the account's own administration of the key.
 * `account` is the account id or an expression that yields it without an API call (offline plans).
 */
export function logsKmsKeyResources(key: KmsKey, ctx: { readonly region: string; readonly account: string }): BodyItem[] {
  const partition = partitionOf(ctx.region);
  const suffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return [
    comment("CloudWatch Logs uses the key directly, so the key policy names it; IAM policies of the account govern everyone else."),
    ...keyWithServicePolicy(key, ctx, {
      Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${ctx.region}.${suffix}` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": tpl(`arn:${partition}:logs:${ctx.region}:${ctx.account}:log-group:*`) } },
    }),
  ];
}

/**
 * The alarm topic's key: CloudWatch encrypts what its alarms publish, so the key policy admits
 * `cloudwatch.amazonaws.com` — only on behalf of this account's alarms whose names start with `alarmPrefix`
 * in this region (`aws:SourceAccount`, `aws:SourceArn`: no confused deputy) — beside the account's own
 * administration of the key. SNS itself decrypts for delivery to the subscriptions.
 */
export function alarmsKmsKeyResources(key: KmsKey, ctx: { readonly region: string; readonly account: string; readonly alarmPrefix: string }): BodyItem[] {
  const partition = partitionOf(ctx.region);
  return [
    comment("CloudWatch encrypts alarm messages with the key, so the key policy names it, for this environment's alarms only."),
    ...keyWithServicePolicy(key, ctx, {
      Sid: "CloudWatchAlarmsOfThisEnvironmentPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": tpl(ctx.account) },
        ArnLike: { "aws:SourceArn": tpl(`arn:${partition}:cloudwatch:${ctx.region}:${ctx.account}:alarm:${ctx.alarmPrefix}*`) },
      },
    }),
  ];
}

/** A key whose policy lets the account administer it and one AWS service use it directly. */
function keyWithServicePolicy(key: KmsKey, ctx: { readonly region: string; readonly account: string }, service: Statement): BodyItem[] {
  const partition = partitionOf(ctx.region);
  return [
    resource("aws_kms_key", key.use, [
      attrs({ description: key.description, enable_key_rotation: key.rotation, deletion_window_in_days: key.deletionWindowDays }),
      attr(
        "policy",
        policyDocument([
          {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: tpl(`arn:${partition}:iam::${ctx.account}:root`) },
            Action: "kms:*",
            Resource: "*",
          },
          service,
        ]),
      ),
      attr("tags", obj({ Name: key.alias.replace(/^alias\//, "") })),
    ]),
    resource("aws_kms_alias", key.use, [attrs({ name: key.alias, target_key_id: raw(`aws_kms_key.${key.use}.key_id`) })]),
  ];
}
