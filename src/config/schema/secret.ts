/** The `secrets`, `parameters` and `kms` sections: values services read at start-up, and the keys that encrypt data at rest. */
import { z } from "zod";
import { strict } from "./strict.js";
import { duration } from "./units.js";

export const secretSchema = strict({
  description: z.string().max(2048).optional().describe("What the secret holds, shown in the AWS console."),
  recoveryWindow: duration.optional().describe('How long a deleted secret can be restored, 7–30 days. Default: `"30 days"` in `prod`, else `"7 days"`.'),
});
export type SecretInput = z.infer<typeof secretSchema>;

export const parameterSchema = strict({
  description: z.string().max(1024).optional().describe("What the parameter holds."),
  secure: z
    .boolean()
    .optional()
    .describe("A `SecureString` encrypted with KMS. Default `true`; its value is set outside Terraform (`aws ssm put-parameter --overwrite`)."),
  value: z.string().max(4096).optional().describe("Value of a plain `String` parameter (`secure: false` only): configuration, never a secret."),
});
export type ParameterInput = z.infer<typeof parameterSchema>;

export const kmsSchema = strict({
  rds: z
    .boolean()
    .optional()
    .describe(
      "Customer-managed key (rotated yearly) for databases, their Performance Insights and snapshots. Default: `true` in `staging` and `prod`; `dev` uses the AWS-managed key. Storage is always encrypted.",
    ),
  secrets: z
    .boolean()
    .optional()
    .describe(
      "Customer-managed key for declared secrets, SecureString parameters and database master secrets. Default: `true` in `prod`, else the AWS-managed key.",
    ),
  ecr: z
    .boolean()
    .optional()
    .describe("Customer-managed key for ECR repositories (changing it replaces the repositories). Default: `true` in `prod`, else AES-256."),
  logs: z.boolean().optional().describe("Customer-managed key for CloudWatch log groups. Default: `true` in `prod`, else CloudWatch's own encryption."),
  alarms: z
    .boolean()
    .optional()
    .describe(
      "Customer-managed key for the alarm topic (SNS), whose key policy lets this environment's CloudWatch alarms publish. Default: `true` in `prod`; otherwise the topic is not encrypted (CloudWatch cannot publish to a topic under the AWS-managed SNS key).",
    ),
  messaging: z
    .boolean()
    .optional()
    .describe(
      "Customer-managed key for queues and topics, whose key policy lets SNS deliver to the encrypted queues. Default: `true` in `staging` and `prod`; `dev` uses SQS-managed encryption (SSE-SQS) and the AWS-managed SNS key.",
    ),
});
export type KmsInput = z.infer<typeof kmsSchema>;
