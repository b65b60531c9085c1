/**
 * `topics.tf`: each SNS topic (berth's key, or the AWS-managed SNS key) and its queue subscriptions, with
 * raw delivery and filter policies on message attributes or the message body.
 */
import { attrs, type BodyItem, jsonencode, raw, resource, type Value } from "../../hcl/index.js";
import type { Environment, Topic, TopicSubscription } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import { messagingKey } from "./kms.js";
import { queueId } from "./queues.js";

export function topicsFile(env: Environment): BodyItem[] {
  return [banner("Topics", "https://docs.aws.amazon.com/sns/latest/dg/sns-sqs-as-subscriber.html"), ...env.topics.flatMap((t) => topic(env, t))];
}

function topic(env: Environment, t: Topic): BodyItem[] {
  const id = ident(t.key);
  return [
    resource("aws_sns_topic", id, [
      attrs({
        name: t.name,
        fifo_topic: t.fifo || undefined,
        content_based_deduplication: t.contentBasedDeduplication || undefined,
        kms_master_key_id: messagingKey(env) ?? "alias/aws/sns",
      }),
    ]),
    ...t.subscriptions.map((s) => subscription(env, t, s)),
  ];
}

function subscription(env: Environment, t: Topic, s: TopicSubscription): BodyItem {
  const q = env.queues.find((x) => x.key === s.queue);
  if (!q) throw new Error(`bug: topic ${t.key} subscribes queue ${s.queue}, which environment ${env.name} does not have`);
  return resource("aws_sns_topic_subscription", `${ident(t.key)}_to_${queueId(q)}`, [
    attrs({
      topic_arn: raw(`aws_sns_topic.${ident(t.key)}.arn`),
      protocol: "sqs",
      endpoint: raw(`aws_sqs_queue.${queueId(q)}.arn`),
      raw_message_delivery: s.rawDelivery,
      filter_policy: s.filter ? jsonencode(s.filter as Value) : undefined,
      filter_policy_scope: s.filter ? s.filterScope : undefined,
    }),
  ]);
}
