/** `--endpoint` points every AWS service berth renders at the endpoint: checked against every resource type of every example. */
import { describe, expect, it } from "vitest";
import { exampleNames, loadExample } from "../../test/support/examples.js";
import { testStack } from "../../test/support/stack.js";
import { ENDPOINT_SERVICES, endpointOverrides } from "./endpoint.js";

/** The provider endpoint each resource type calls, by type prefix (longest prefix wins). */
const SERVICE_OF: Readonly<Record<string, string | null>> = {
  aws_acm_: "acm",
  aws_appautoscaling_: "applicationautoscaling",
  aws_autoscaling_: "autoscaling",
  aws_cloudfront_: "cloudfront",
  aws_cloudwatch_log_: "cloudwatchlogs",
  aws_cloudwatch_event_: "events",
  aws_lambda_: "lambda",
  aws_apigatewayv2_: "apigatewayv2",
  aws_cloudwatch_metric_alarm: "cloudwatch",
  aws_cloudwatch_dashboard: "cloudwatch",
  // CodeDeploy's provider endpoint is "deploy" ("codedeploy" is its alias).
  aws_codedeploy_: "deploy",
  aws_db_: "rds",
  aws_rds_: "rds",
  aws_default_security_group: "ec2",
  aws_eip: "ec2",
  aws_internet_gateway: "ec2",
  aws_launch_template: "ec2",
  aws_nat_gateway: "ec2",
  aws_network_acl: "ec2",
  aws_route: "ec2",
  aws_route53_: "route53",
  aws_security_group: "ec2",
  aws_subnet: "ec2",
  aws_vpc: "ec2",
  aws_flow_log: "ec2",
  aws_ecr_: "ecr",
  aws_ecs_: "ecs",
  aws_lb: "elbv2",
  aws_iam_: "iam",
  aws_kms_: "kms",
  aws_s3_: "s3",
  aws_secretsmanager_: "secretsmanager",
  aws_ssm_: "ssm",
  aws_sns_: "sns",
  aws_sqs_: "sqs",
  aws_sfn_: "sfn",
  aws_scheduler_: "scheduler",
  // A data source read from the provider's own configuration: no API call.
  aws_default_tags: null,
};

function serviceOf(type: string): string | null | undefined {
  const prefix = Object.keys(SERVICE_OF)
    .filter((p) => type.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : SERVICE_OF[prefix];
}

describe("--endpoint", () => {
  it("covers the service of every resource and data source the examples render", async () => {
    const types = new Set<string>();
    for (const name of exampleNames()) {
      for (const stack of (await loadExample(name)).stacks) {
        for (const file of stack.files)
          for (const b of file.body) if (b.kind === "block" && (b.type === "resource" || b.type === "data")) types.add(b.labels[0]!);
      }
    }
    expect(types.size).toBeGreaterThan(40);
    const unknown = [...types].filter((t) => serviceOf(t) === undefined);
    expect(unknown, "resource types with no service in this test's table: add them").toEqual([]);
    const missing = [...new Set([...types].map(serviceOf).filter((s): s is string => typeof s === "string"))].filter(
      (s) => !(ENDPOINT_SERVICES as readonly string[]).includes(s),
    );
    expect(missing, "services berth renders that --endpoint leaves out").toEqual([]);
  });

  it("overrides every provider block of the stack, with a local backend", () => {
    const stack = testStack({
      id: "platform",
      providers: [
        { alias: undefined, region: "eu-west-1", defaultTags: {} },
        { alias: "us_east_1", region: "us-east-1", defaultTags: {} },
      ],
    });
    const files = Object.fromEntries(endpointOverrides(stack, "http://localhost:4566"));
    expect(files["backend_override.tf"]).toContain('backend "local"');
    expect(files["provider_override.tf"]!.match(/^provider "aws" \{$/gm)).toHaveLength(2);
    expect(files["provider_override.tf"]).toContain('alias                       = "us_east_1"');
    expect(files["provider_override.tf"]).toContain('cloudfront             = "http://localhost:4566"');
  });
});
