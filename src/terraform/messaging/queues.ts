/**
 * `queues.tf`: each SQS queue, long-polled and encrypted (berth's key, or SQS-managed SSE), with its
 * dead-letter queue (only the source queue may redrive into it) and a queue policy: TLS only, and the
 * topics that deliver to it, each by its own ARN.
 */
import { attr, attrs, type BodyItem, jsonencode, raw, resource, type Value } from "../../hcl/index.js";
import type { Environment, Queue } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import { policyDocument, type Statement } from "../common/iam.js";
import { messagingKey } from "./kms.js";

export function queuesFile(env: Environment): BodyItem[] {
  return [
    banner("Queues", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/welcome.html"),
    ...env.queues.flatMap((q) => queue(env, q)),
  ];
}

/** Terraform names: the queue's key in snake_case, its dead-letter queue with `_dlq`. */
export const queueId = (q: Queue): string => ident(q.key);
export const deadLetterId = (q: Queue): string => `${ident(q.key)}_dlq`;

function encryption(env: Environment): Record<string, Value | undefined> {
  const key = messagingKey(env);
  return key ? { kms_master_key_id: key, kms_data_key_reuse_period_seconds: 300 } : { sqs_managed_sse_enabled: true };
}

/** A FIFO queue, and its dead-letter queue, which SQS requires to be FIFO as well. */
function fifo(q: Queue): Record<string, Value | undefined> {
  return q.fifo ? { fifo_queue: true, content_based_deduplication: q.contentBasedDeduplication || undefined } : {};
}

function queue(env: Environment, q: Queue): BodyItem[] {
  const id = queueId(q);
  const items: BodyItem[] = [];
  if (q.deadLetter) {
    items.push(
      resource("aws_sqs_queue", deadLetterId(q), [
        attrs({ name: q.deadLetter.name, ...fifo(q), message_retention_seconds: q.deadLetter.retentionSeconds, ...encryption(env) }),
      ]),
      resource("aws_sqs_queue_redrive_allow_policy", deadLetterId(q), [
        attr("queue_url", raw(`aws_sqs_queue.${deadLetterId(q)}.id`)),
        attr("redrive_allow_policy", jsonencode({ redrivePermission: "byQueue", sourceQueueArns: [raw(`aws_sqs_queue.${id}.arn`)] })),
      ]),
    );
  }
  items.push(
    resource("aws_sqs_queue", id, [
      attrs({
        name: q.name,
        ...fifo(q),
        visibility_timeout_seconds: q.visibilityTimeoutSeconds,
        message_retention_seconds: q.retentionSeconds,
        receive_wait_time_seconds: q.receiveWaitSeconds,
        ...encryption(env),
      }),
      q.deadLetter &&
        attr("redrive_policy", jsonencode({ deadLetterTargetArn: raw(`aws_sqs_queue.${deadLetterId(q)}.arn`), maxReceiveCount: q.deadLetter.maxReceives })),
    ]),
    resource("aws_sqs_queue_policy", id, [attr("queue_url", raw(`aws_sqs_queue.${id}.id`)), attr("policy", policyDocument(queueStatements(q)))]),
  );
  return items;
}

function queueStatements(q: Queue): Statement[] {
  const arn = raw(`aws_sqs_queue.${queueId(q)}.arn`);
  return [
    {
      Sid: "DenyWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: "sqs:*",
      Resource: arn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    ...(q.topics.length > 0
      ? [
          {
            Sid: "TopicsDeliver",
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: arn,
            Condition: { ArnEquals: { "aws:SourceArn": q.topics.map((t) => raw(`aws_sns_topic.${ident(t)}.arn`)) } },
          },
        ]
      : []),
  ];
}
