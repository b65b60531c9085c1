/**
 * Messaging lines: SQS requests (three a message: send, receive, delete; long polling's empty receives are
 * not counted), KMS data-key requests of queues under the messaging key, SNS publishes (deliveries to SQS
 * are free), and the dead-letter alarms of the queues.
 */
import { STACK } from "../../model/stack-ids.js";
import type { Environment, Queue } from "../../model/types.js";
import type { Lines } from "./lines.js";

/** SQS requests a message costs: SendMessage, ReceiveMessage, DeleteMessage. */
export const REQUESTS_PER_MESSAGE = 3;
/** `kms_data_key_reuse_period_seconds` the messaging renderer sets on queues under the messaging key. */
export const DATA_KEY_REUSE_SECONDS = 300;

/** Who calls KMS for a queue's data keys: each service and function using it, and each topic delivering to it. */
export function queuePrincipals(env: Environment, q: Queue): number {
  const users = [...env.services, ...env.functions].filter((w) => w.queues.some((u) => u.queue === q.key)).length;
  const triggers = env.functions.filter((f) => f.queueTrigger?.queue === q.key && !f.queues.some((u) => u.queue === q.key)).length;
  return users + triggers + q.topics.length;
}

export function messagingLines(env: Environment, lines: Lines): void {
  const c = env.cost;
  const hours = c.hoursPerMonth;
  for (const q of env.queues) {
    const messages = c.queues[q.key] ?? 0;
    lines.add(
      STACK.messaging,
      `SQS requests, ${q.key} (cost.queues.${q.key}.messages × ${REQUESTS_PER_MESSAGE}: send, receive, delete)`,
      messages * REQUESTS_PER_MESSAGE,
      "million requests",
      "sqs:requests",
    );
    if (env.kms.messaging) {
      const principals = queuePrincipals(env, q);
      // Each principal asks KMS for a data key once per reuse period while it sends or receives.
      const calls = (principals * hours * 3600) / DATA_KEY_REUSE_SECONDS;
      lines.add(
        STACK.messaging,
        `KMS data-key requests, ${q.key} (${principals} principals × one per ${DATA_KEY_REUSE_SECONDS} s)`,
        calls / 10_000,
        "10,000 requests",
        "kms:api",
      );
    }
    lines.add(STACK.messaging, `CloudWatch alarms, ${q.key}`, q.alarms.length, "alarm-months", "cloudwatch:alarm");
  }
  for (const t of env.topics) {
    lines.add(STACK.messaging, `SNS publishes, ${t.key} (cost.topics.${t.key}.publishes)`, c.topics[t.key] ?? 0, "million publishes", "sns:publishes");
  }
}
