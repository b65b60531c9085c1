/**
 * `--endpoint <url>`: every stack against a LocalStack-style endpoint, as SARC-NG tests locally —
 * local state instead of the S3 backend, test credentials, path-style S3, and every AWS service the
 * stacks use pointed at the one URL. Written as override files into the work copy only.
 */
import type { Stack } from "../terraform/stack.js";
import { localOverrides } from "./overrides.js";
import type { Overrides } from "./workspace.js";

/**
 * Provider endpoint names of the services berth's stacks use (a test checks this list against every
 * resource type the examples and fixtures render), plus `sts`, which the provider calls itself.
 */
export const ENDPOINT_SERVICES = [
  "acm",
  "apigatewayv2",
  "applicationautoscaling",
  "autoscaling",
  "cloudfront",
  "cloudwatch",
  "cloudwatchlogs",
  "deploy",
  "dynamodb",
  "ec2",
  "ecr",
  "ecs",
  "elasticache",
  "elb",
  "elbv2",
  "events",
  "iam",
  "kms",
  "lambda",
  "rds",
  "route53",
  "s3",
  "scheduler",
  "secretsmanager",
  "sfn",
  "sns",
  "sqs",
  "ssm",
  "sts",
] as const;

export function endpointOverrides(stack: Stack, endpoint: string): Overrides {
  const endpoints = ENDPOINT_SERVICES.map((s) => `    ${s.padEnd(22)} = ${JSON.stringify(endpoint)}`).join("\n");
  return localOverrides(
    stack,
    `  access_key                  = "test"
  secret_key                  = "test"
  s3_use_path_style           = true
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  endpoints {
${endpoints}
  }
`,
  );
}
