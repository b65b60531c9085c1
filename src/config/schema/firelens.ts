/** `services.<name>.firelens`: route the containers' logs through a Fluent Bit log router (FireLens) to a destination other than CloudWatch Logs. */
import { z } from "zod";
import { secretRef } from "./secret-ref.js";
import { strict } from "./strict.js";

export const firelensSchema = strict({
  options: z
    .record(z.string().min(1), z.string())
    .describe(
      'Options of the Fluent Bit output, as the `awsfirelens` log driver passes them; `Name` picks the plugin, e.g. `{ Name: "firehose", region: "eu-west-1", delivery_stream: "app-logs" }` or `{ Name: "datadog", Host: "http-intake.logs.datadoghq.eu", TLS: "on" }`. The task role needs what the destination asks for: add it in `permissions`.',
    ),
  secretOptions: z
    .record(z.string().min(1), secretRef)
    .optional()
    .describe(
      'Options whose values are secrets, e.g. `{ apikey: { secretsManager: "datadog/api-key" } }`: read by the execution role, never written into Terraform.',
    ),
  image: z.string().min(1).optional().describe('Image of the log router. Default `"public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"`.'),
  metadata: z.boolean().optional().describe("Add the ECS metadata (cluster, task, container) to each record. Default `true`."),
});
export type FirelensInput = z.infer<typeof firelensSchema>;
