/**
 * A service's queues and topics: the URLs and ARNs it receives as environment values, and the task role
 * statements that allow exactly what it declared — send, consume, publish — plus the messaging key's use.
 */
import type { Expr } from "../../hcl/index.js";
import type { Queue, Topic } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import type { Statement } from "../common/iam.js";
import type { ServiceContext } from "./context.js";

const SEND = ["sqs:SendMessage"];
const CONSUME = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];

export function queueOf(ctx: ServiceContext, key: string): Queue {
  const q = ctx.env.queues.find((x) => x.key === key);
  if (!q) throw new Error(`bug: service ${ctx.service.name} uses queue "${key}", which environment ${ctx.env.name} does not have`);
  return q;
}

function topicOf(ctx: ServiceContext, key: string): Topic {
  const t = ctx.env.topics.find((x) => x.key === key);
  if (!t) throw new Error(`bug: service ${ctx.service.name} publishes to topic "${key}", which environment ${ctx.env.name} does not have`);
  return t;
}

/** `<QUEUE>_QUEUE_URL` and `<TOPIC>_TOPIC_ARN`: plain values, read from the messaging stack. */
export function messagingEnvironment(ctx: ServiceContext): { name: string; value: Expr }[] {
  return [
    ...ctx.service.queues.map((u) => ({ name: u.urlVar, value: ctx.read(wires.messaging.queueUrl(ctx.env, queueOf(ctx, u.queue))) })),
    ...ctx.service.topics.map((u) => ({ name: u.arnVar, value: ctx.read(wires.messaging.topicArn(ctx.env, topicOf(ctx, u.topic))) })),
  ];
}

/** Task role statements: one per queue use and one for the topics, then the key (encrypt to send and publish, decrypt to consume). */
export function messagingStatements(ctx: ServiceContext): Statement[] {
  const { service, env } = ctx;
  const statements: Statement[] = service.queues.map((u) => ({
    Effect: "Allow",
    Action: [...(u.send ? SEND : []), ...(u.consume ? CONSUME : [])],
    Resource: ctx.read(wires.messaging.queueArn(env, queueOf(ctx, u.queue))),
  }));
  if (service.topics.length > 0)
    statements.push({
      Effect: "Allow",
      Action: "sns:Publish",
      Resource: service.topics.map((u) => ctx.read(wires.messaging.topicArn(env, topicOf(ctx, u.topic)))),
    });
  if (env.kms.messaging && (service.queues.length > 0 || service.topics.length > 0)) {
    const writes = service.topics.length > 0 || service.queues.some((u) => u.send);
    statements.push({
      Effect: "Allow",
      Action: writes ? ["kms:Decrypt", "kms:GenerateDataKey"] : "kms:Decrypt",
      Resource: ctx.read(wires.messaging.keyArn(env)),
    });
  }
  return statements;
}
