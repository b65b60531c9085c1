/** `alarms.tf`: the function's alarms on the environment's alarm topic — errors and throttles of its `live` alias, dead-lettered events. */
import { type BodyItem, raw, tpl, type Value } from "../../hcl/index.js";
import type { Alarm } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import { metricAlarm } from "../common/alarms.js";
import { banner } from "../common/files.js";
import type { FunctionContext } from "./context.js";

export function alarmsFile(ctx: FunctionContext): BodyItem[] {
  const topic = ctx.read(wires.platform.alarmTopicArn(ctx.env));
  return [
    banner("Alarms", "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html"),
    ...ctx.fn.alarms.map((a) => metricAlarm(a, dimensions(a), topic)),
  ];
}

function dimensions(alarm: Alarm): Readonly<Record<string, Value>> {
  switch (alarm.subject.kind) {
    case "function":
      return {
        FunctionName: raw("aws_lambda_function.this.function_name"),
        Resource: tpl("${aws_lambda_function.this.function_name}:${aws_lambda_alias.live.name}"),
      };
    case "function-dead-letters":
      return { QueueName: raw("aws_sqs_queue.events_dlq.name") };
    default:
      throw new Error(`bug: alarm ${alarm.name} of a function watches a ${alarm.subject.kind}`);
  }
}
