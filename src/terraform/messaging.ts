/**
 * The `messaging` stack: the environment's SQS queues (with their dead-letter queues and policies), SNS
 * topics with their queue subscriptions and filter policies, and the KMS key that encrypts both. It reads
 * nothing upstream: services read its queue URLs, ARNs and topic ARNs through wires.
 */
import type { HclFile } from "../hcl/index.js";
import { stackPlan } from "../model/stacks.js";
import { STACK } from "../model/stack-ids.js";
import type { Environment } from "../model/types.js";
import { StackInputs } from "./common/inputs.js";
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
  ];
  return assembleStack(stackPlan(env, STACK.messaging), { files, inputs, outputs: messagingOutputs(env) });
}
