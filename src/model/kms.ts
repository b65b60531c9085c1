/**
 * Customer-managed KMS keys per use (databases, secrets, registries, logs, the alarm topic). Each tier decides
 * which uses get their own key; the rest use the AWS-managed key (RDS, Secrets Manager), AES-256 (ECR),
 * CloudWatch's own encryption (logs) or none (the alarm topic: CloudWatch cannot publish to a topic under the
 * AWS-managed SNS key). Every key berth creates rotates yearly.
 */
import type { KmsInput } from "../config/schema/secret.js";
import type { KmsKey, KmsKeys, KmsUse, Tier } from "./types.js";

/** Which uses get a customer-managed key when the config does not say. */
export const KMS_TIER_DEFAULTS: Readonly<Record<Tier, Readonly<Record<KmsUse, boolean>>>> = {
  dev: { rds: false, secrets: false, ecr: false, logs: false, alarms: false, messaging: false },
  staging: { rds: true, secrets: false, ecr: false, logs: false, alarms: false, messaging: true },
  prod: { rds: true, secrets: true, ecr: true, logs: true, alarms: true, messaging: true },
};

const PURPOSE: Readonly<Record<KmsUse, string>> = {
  rds: "databases, their snapshots and Performance Insights",
  secrets: "Secrets Manager secrets and SecureString parameters",
  ecr: "ECR repositories",
  logs: "CloudWatch log groups",
  alarms: "the alarm topic",
  messaging: "queues and topics",
};

export function resolveKms(input: KmsInput, ctx: { prefix: string; tier: Tier }): KmsKeys {
  const key = (use: KmsUse): KmsKey | null =>
    (input[use] ?? KMS_TIER_DEFAULTS[ctx.tier][use])
      ? {
          use,
          alias: `alias/${ctx.prefix}-${use}`,
          description: `${ctx.prefix}: ${PURPOSE[use]}`,
          rotation: true,
          deletionWindowDays: ctx.tier === "prod" ? 30 : 7,
        }
      : null;
  return { rds: key("rds"), secrets: key("secrets"), ecr: key("ecr"), logs: key("logs"), alarms: key("alarms"), messaging: key("messaging") };
}
