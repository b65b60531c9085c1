/** The values of the messaging stack's outputs (the wires `model/wires.ts` lists for it), by output name. */
import { type Expr, raw } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import { ident } from "../common/files.js";
import { deadLetterId, queueId } from "./queues.js";

export function messagingOutputs(env: Environment): Record<string, Expr> {
  const values: Record<string, Expr> = {};
  for (const q of env.queues) {
    values[wires.messaging.queueUrl(env, q).name] = raw(`aws_sqs_queue.${queueId(q)}.url`);
    values[wires.messaging.queueArn(env, q).name] = raw(`aws_sqs_queue.${queueId(q)}.arn`);
    if (q.deadLetter) values[wires.messaging.deadLetterArn(env, q).name] = raw(`aws_sqs_queue.${deadLetterId(q)}.arn`);
  }
  for (const t of env.topics) values[wires.messaging.topicArn(env, t).name] = raw(`aws_sns_topic.${ident(t.key)}.arn`);
  if (env.kms.messaging) values[wires.messaging.keyArn(env).name] = raw("aws_kms_key.messaging.arn");
  return values;
}
