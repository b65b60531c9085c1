/**
 * `events.tf` and `queue.tf`: what invokes the function besides HTTP.
 * - EventBridge rules (a schedule, or an event pattern on the default or a named bus), each targeting
 *   the `live` alias with a retry policy and the function's dead-letter queue for deliveries that still
 *   fail; the queue admits EventBridge only from these rules.
 * - An SQS event source mapping on the `live` alias: batch size and window, partial batch failures,
 *   maximum concurrency.
 */
import { attr, attrs, block, type BodyItem, jsonencode, list, raw, resource } from "../../hcl/index.js";
import * as wires from "../../model/wires.js";
import type { QueueTrigger } from "../../model/types.js";
import { banner } from "../common/files.js";
import { policyDocument } from "../common/iam.js";
import { type FunctionContext, queueOf } from "./context.js";

/** Longest EventBridge keeps retrying a delivery (its maximum, 24 hours). */
const MAX_EVENT_AGE_SECONDS = 86400;
/** The dead-letter queue keeps failed events as long as SQS allows (14 days). */
const DLQ_RETENTION_SECONDS = 1209600;

export function eventsFile(ctx: FunctionContext): BodyItem[] {
  const { fn } = ctx;
  const rules = fn.events.map((r, i) => ({ rule: r, id: `rule_${i + 1}` }));
  return [
    banner("Dead-letter queue of failed event deliveries", "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html"),
    resource("aws_sqs_queue", "events_dlq", [
      attrs({ name: fn.eventsDeadLetter!, message_retention_seconds: DLQ_RETENTION_SECONDS, sqs_managed_sse_enabled: true }),
    ]),
    resource("aws_sqs_queue_policy", "events_dlq", [
      attr("queue_url", raw("aws_sqs_queue.events_dlq.id")),
      attr(
        "policy",
        policyDocument([
          {
            Sid: "FromTheRules",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: raw("aws_sqs_queue.events_dlq.arn"),
            Condition: { ArnEquals: { "aws:SourceArn": rules.map(({ id }) => raw(`aws_cloudwatch_event_rule.${id}.arn`)) } },
          },
        ]),
      ),
    ]),
    ...rules.flatMap(({ rule, id }, i) => [
      banner(
        rule.schedule ? `Rule ${i + 1}: ${rule.schedule}` : `Rule ${i + 1}: events on the ${rule.bus} bus`,
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html",
      ),
      resource("aws_cloudwatch_event_rule", id, [
        attrs({
          name: rule.name,
          description: `Invokes ${fn.name}`,
          event_bus_name: rule.bus === "default" ? undefined : rule.bus,
          schedule_expression: rule.schedule ?? undefined,
          event_pattern: rule.pattern ? jsonencode(rule.pattern as never) : undefined,
          state: "ENABLED",
        }),
      ]),
      resource("aws_cloudwatch_event_target", id, [
        attrs({
          rule: raw(`aws_cloudwatch_event_rule.${id}.name`),
          event_bus_name: rule.bus === "default" ? undefined : rule.bus,
          arn: raw("aws_lambda_alias.live.arn"),
          input: rule.input ? jsonencode(rule.input as never) : undefined,
        }),
        block("retry_policy", [], [attrs({ maximum_retry_attempts: fn.eventRetries, maximum_event_age_in_seconds: MAX_EVENT_AGE_SECONDS })]),
        block("dead_letter_config", [], [attr("arn", raw("aws_sqs_queue.events_dlq.arn"))]),
      ]),
      resource("aws_lambda_permission", id, [
        attrs({
          statement_id: `events-${i + 1}`,
          action: "lambda:InvokeFunction",
          function_name: raw("aws_lambda_function.this.function_name"),
          qualifier: raw("aws_lambda_alias.live.name"),
          principal: "events.amazonaws.com",
          source_arn: raw(`aws_cloudwatch_event_rule.${id}.arn`),
        }),
      ]),
    ]),
  ];
}

export function queueFile(ctx: FunctionContext, t: QueueTrigger): BodyItem[] {
  return [
    banner(`Messages of the ${t.queue} queue`, "https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html"),
    resource("aws_lambda_event_source_mapping", "queue", [
      attrs({
        event_source_arn: ctx.read(wires.messaging.queueArn(ctx.env, queueOf(ctx, t.queue))),
        function_name: raw("aws_lambda_alias.live.arn"),
        batch_size: t.batchSize,
        maximum_batching_window_in_seconds: t.batchWindowSeconds,
        function_response_types: t.reportFailures ? list(["ReportBatchItemFailures"]) : undefined,
      }),
      t.maxConcurrency !== null && block("scaling_config", [], [attr("maximum_concurrency", t.maxConcurrency)]),
      // The role must allow ReceiveMessage before Lambda polls.
      attr("depends_on", list([raw("aws_iam_role_policy.this")])),
    ]),
  ];
}
