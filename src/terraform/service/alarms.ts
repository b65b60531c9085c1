/**
 * `alarms.tf`: the service's CloudWatch alarms, beside what they watch — the ECS service (CPU, memory)
 * its target groups (response time, unhealthy hosts, 4XX, 5XX) and the load balancers it is behind (their
 * own 5XX) — notifying the platform's alarm topic.
 */
import type { BodyItem, Value } from "../../hcl/index.js";
import { raw } from "../../hcl/index.js";
import type { Alarm, DimensionValue } from "../../model/types.js";
import { metricAlarm } from "../common/alarms.js";
import { banner } from "../common/files.js";
import * as wires from "../../model/wires.js";
import { type ServiceContext } from "./context.js";
import { nlbId } from "./nlb.js";

export function alarmsFile(ctx: ServiceContext): BodyItem[] {
  return [
    banner("Alarms", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html"),
    ...ctx.service.alarms.map((a) => metricAlarm(a, dimensions(ctx, a), ctx.read(wires.platform.alarmTopicArn(ctx.env)))),
  ];
}

function target(ctx: ServiceContext, alarm: Alarm, loadBalancer: string) {
  const t = ctx.targets.find((x) => x.lb.key === loadBalancer);
  if (!t) throw new Error(`bug: alarm ${alarm.name} watches ${loadBalancer}, which the service is not behind`);
  return t;
}

/** A custom dimension: a literal, or the ARN suffix of a load balancer (read from the platform) or of the service's target group on it. */
function dimension(ctx: ServiceContext, alarm: Alarm, v: DimensionValue): Value {
  if (typeof v === "string") return v;
  if ("loadBalancer" in v) return ctx.read(wires.platform.loadBalancer(ctx.env, target(ctx, alarm, v.loadBalancer).lb, "arn_suffix"));
  return raw(`aws_lb_target_group.${target(ctx, alarm, v.targetGroup).id}.arn_suffix`);
}

function dimensions(ctx: ServiceContext, alarm: Alarm): Record<string, Value> {
  const s = alarm.subject;
  switch (s.kind) {
    case "service":
      return { ClusterName: ctx.read(wires.platform.clusterName(ctx.env)), ServiceName: raw("aws_ecs_service.this.name") };
    case "target": {
      const t = target(ctx, alarm, s.loadBalancer);
      return { TargetGroup: raw(`aws_lb_target_group.${t.id}.arn_suffix`), LoadBalancer: ctx.read(wires.platform.loadBalancer(ctx.env, t.lb, "arn_suffix")) };
    }
    case "nlb-target": {
      const l = ctx.service.nlbListeners.find((x) => x.loadBalancer === s.loadBalancer && x.port === s.port);
      const nlb = ctx.env.networkLoadBalancers.find((n) => n.key === s.loadBalancer);
      if (!l || !nlb) throw new Error(`bug: alarm ${alarm.name} watches listener ${s.loadBalancer}:${s.port}, which the service does not have`);
      return {
        TargetGroup: raw(`aws_lb_target_group.${nlbId(l)}.arn_suffix`),
        LoadBalancer: ctx.read(wires.platform.networkLoadBalancer(ctx.env, nlb, "arn_suffix")),
      };
    }
    case "loadBalancer":
      return { LoadBalancer: ctx.read(wires.platform.loadBalancer(ctx.env, target(ctx, alarm, s.loadBalancer).lb, "arn_suffix")) };
    case "custom":
      return Object.fromEntries(Object.entries(s.dimensions).map(([key, v]) => [key, dimension(ctx, alarm, v)]));
    case "job":
      return { StateMachineArn: raw("aws_sfn_state_machine.this.arn") };
    case "function":
    case "function-dead-letters":
      throw new Error(`bug: alarm ${alarm.name} watches a function; its stack renders it`);
    case "dead-letters":
      throw new Error(`bug: alarm ${alarm.name} watches a dead-letter queue; the messaging stack renders it`);
    case "database":
      throw new Error(`bug: alarm ${alarm.name} watches database ${s.database}; the data stack renders it`);
  }
}
