/**
 * Every billable resource the rendered stacks of the examples create has its line in the estimate of its
 * environment and region: counted in the Terraform (resource blocks, one instance each in these
 * examples) and in the estimate's lines, so a renderer that adds a key, an alarm or a function the cost
 * does not know about fails here.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load.js";
import type { BerthConfig } from "../../config/schema/app.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../../terraform/render.js";
import { TerraformView } from "../checks/terraform-view.js";
import { estimateRegions } from "./estimate.js";
import type { CostItem } from "./types.js";

const EXAMPLES = ["8byte-backend", "task-api", "skyfox", "sky-high-booker", "sarc-ng"];
const configs: Record<string, BerthConfig> = {};
beforeAll(async () => {
  for (const ex of EXAMPLES)
    configs[ex] = (await loadConfig({ config: join(import.meta.dirname, "..", "..", "..", "examples", ex, "berth.config.ts") })).config;
});

const quantity = (items: readonly CostItem[], p: RegExp) => items.filter((i) => p.test(i.item)).reduce((n, i) => n + i.quantity, 0);
const lineCount = (items: readonly CostItem[], p: RegExp) => items.filter((i) => p.test(i.item)).length;

/** Resource type → what the estimate has for it. */
const BILLED: readonly [string, (items: readonly CostItem[]) => number][] = [
  ["aws_kms_key", (i) => quantity(i, /^KMS key/)],
  ["aws_cloudwatch_metric_alarm", (i) => quantity(i, /^CloudWatch alarms/)],
  ["aws_cloudwatch_dashboard", (i) => quantity(i, /^CloudWatch dashboard/)],
  ["aws_cloudwatch_log_group", (i) => lineCount(i, /^(CloudWatch Logs|VPC flow logs) ingested/)],
  ["aws_route53_zone", (i) => quantity(i, /^Route 53 hosted zone/)],
  ["aws_route53_health_check", (i) => quantity(i, /^Route 53 health check of/)],
  ["aws_wafv2_web_acl", (i) => quantity(i, /^WAF web ACL/)],
  ["aws_lb", (i) => lineCount(i, /^(ALB|NLB) .* capacity units/)],
  ["aws_instance", (i) => lineCount(i, /^EC2 .* bastion/)],
  ["aws_cloudfront_distribution", (i) => lineCount(i, /^CloudFront data out/)],
  ["aws_lambda_function", (i) => lineCount(i, /^Lambda compute/)],
  ["aws_apigatewayv2_api", (i) => lineCount(i, /^API Gateway HTTP API requests/)],
  ["aws_sfn_state_machine", (i) => lineCount(i, /^Step Functions state transitions/)],
  ["aws_scheduler_schedule", (i) => lineCount(i, /^EventBridge Scheduler invocations/)],
  ["aws_efs_file_system", (i) => lineCount(i, /^EFS storage/)],
];

describe("the estimate covers what the stacks create", () => {
  it("has a line for every billable resource of every example's environments and regions", () => {
    let checked = 0;
    for (const ex of EXAMPLES) {
      const model = resolveModel(configs[ex]!);
      const tf = new TerraformView(renderStacks(model));
      for (const env of model.environments) {
        for (const est of estimateRegions(env)) {
          const here = tf.resources.filter((r) => r.file.startsWith(`${env.name}/${est.region}/`));
          for (const [type, priced] of BILLED) {
            const rendered = here.filter((r) => r.type === type).length;
            expect(priced(est.items), `${ex} ${env.name} ${est.region} ${type}`).toBe(rendered);
            checked += rendered;
          }
          // Topics of the messaging stack have publish lines (the alarm topic costs nothing to keep; its e-mails are not counted).
          expect(lineCount(est.items, /^SNS publishes/), `${ex} ${env.name} ${est.region} topics`).toBe(
            here.filter((r) => r.type === "aws_sns_topic" && r.stack === "messaging").length,
          );
          // ECR: every repository of the region, and in a recovery region the replicas of the primary's too.
          expect(lineCount(est.items, /^ECR storage/), `${ex} ${env.name} ${est.region} ECR`).toBeGreaterThanOrEqual(
            here.filter((r) => r.type === "aws_ecr_repository").length,
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
