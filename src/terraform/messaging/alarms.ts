/**
 * `alarms.tf` of the messaging stack: each dead-letter queue's alarm, beside the queue, notifying the
 * platform's alarm topic as soon as a message lands there (it failed its queue's `maxReceives` times).
 */
import { type BodyItem, raw } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import { metricAlarm } from "../common/alarms.js";
import { banner } from "../common/files.js";
import type { StackInputs } from "../common/inputs.js";
import { deadLetterId } from "./queues.js";

export function messagingAlarmsFile(env: Environment, inputs: StackInputs): BodyItem[] {
  return [
    banner("Dead-letter alarms", "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"),
    ...env.queues.flatMap((q) =>
      q.alarms.map((a) => metricAlarm(a, { QueueName: raw(`aws_sqs_queue.${deadLetterId(q)}.name`) }, inputs.read(wires.platform.alarmTopicArn(env)))),
    ),
  ];
}
