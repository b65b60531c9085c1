/**
 * `alarms.tf`: the service's CloudWatch alarms, beside what they watch — the ECS service (CPU, memory)
 * and its target groups (response time, unhealthy hosts, 4XX, 5XX) — notifying the platform's alarm topic.
 */
import type { BodyItem, Value } from "../../hcl/index.js";
import { raw } from "../../hcl/index.js";
import type { Alarm } from "../../model/types.js";
import { metricAlarm } from "../common/alarms.js";
import { banner } from "../common/files.js";
import * as wires from "../../model/wires.js";
import { type ServiceContext } from "./context.js";

export function alarmsFile(ctx: ServiceContext): BodyItem[] {
  return [
    banner("Alarms", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html"),
    ...ctx.service.alarms.map((a) => metricAlarm(a, dimensions(ctx, a), ctx.read(wires.platform.alarmTopicArn(ctx.env)))),
  ];
}

function dimensions(ctx: ServiceContext, alarm: Alarm): Record<string, Value> {
  const s = alarm.subject;
  switch (s.kind) {
    case "service":
      return { ClusterName: ctx.read(wires.platform.clusterName(ctx.env)), ServiceName: raw("aws_ecs_service.this.name") };
    case "target": {
      const t = ctx.targets.find((x) => x.lb.key === s.loadBalancer);
      if (!t) throw new Error(`bug: alarm ${alarm.name} watches a target on ${s.loadBalancer}, which the service is not behind`);
      return { TargetGroup: raw(`aws_lb_target_group.${t.id}.arn_suffix`), LoadBalancer: ctx.read(wires.platform.loadBalancer(ctx.env, t.lb, "arn_suffix")) };
    }
    case "custom":
      return { ...s.dimensions };
    case "job":
      return { StateMachineArn: raw("aws_sfn_state_machine.this.arn") };
    case "dead-letters":
      throw new Error(`bug: alarm ${alarm.name} watches a dead-letter queue; the messaging stack renders it`);
    case "database":
      throw new Error(`bug: alarm ${alarm.name} watches database ${s.database}; the data stack renders it`);
  }
}
