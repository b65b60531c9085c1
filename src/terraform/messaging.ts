/**
 * The `messaging` stack: the environment's SQS queues (with their dead-letter queues and policies), SNS
 * topics with their queue subscriptions and filter policies, the KMS key that encrypts both, and the
 * dead-letter alarms. It reads only the platform's alarm topic (for those alarms); services read its queue
 * URLs, ARNs and topic ARNs through wires.
 */
import type { HclFile } from "../hcl/index.js";
import { stackPlan } from "../model/stacks.js";
import { STACK } from "../model/stack-ids.js";
import type { Environment } from "../model/types.js";
import { StackInputs } from "./common/inputs.js";
import { messagingAlarmsFile } from "./messaging/alarms.js";
import { messagingKeyFile } from "./messaging/kms.js";
import { messagingOutputs } from "./messaging/outputs.js";
import { queuesFile } from "./messaging/queues.js";
import { topicsFile } from "./messaging/topics.js";
import { assembleStack, type Stack } from "./stack.js";

export function renderMessagingStack(env: Environment): Stack {
  const inputs = new StackInputs(STACK.messaging);
  const files: HclFile[] = [
    ...(env.kms.messaging ? [{ name: "kms.tf", body: messagingKeyFile(env, env.kms.messaging) }] : []),
    ...(env.queues.length > 0 ? [{ name: "queues.tf", body: queuesFile(env) }] : []),
    ...(env.topics.length > 0 ? [{ name: "topics.tf", body: topicsFile(env) }] : []),
    ...(env.queues.some((q) => q.alarms.length > 0) ? [{ name: "alarms.tf", body: messagingAlarmsFile(env, inputs) }] : []),
  ];
  return assembleStack(stackPlan(env, STACK.messaging), { files, inputs, outputs: messagingOutputs(env) });
}
