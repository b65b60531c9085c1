/**
 * CloudWatch metric alarms from the model's `Alarm`s, for whichever stack owns the watched resource: the
 * caller gives the dimensions of each subject (the service stack: its ECS service and target groups).
 * The `data` stack renders database alarms with the same function and its own dimensions.
 */
import { attrs, type BodyItem, type Expr, raw, resource, type Value } from "../../hcl/index.js";
import type { Alarm } from "../../model/types.js";
import { ident } from "./files.js";

const STATISTICS = new Set(["Average", "Sum", "Minimum", "Maximum", "SampleCount"]);

/** One `aws_cloudwatch_metric_alarm` named after the alarm's key, notifying `topicArn` on alarm and on OK. */
export function metricAlarm(alarm: Alarm, dimensions: Readonly<Record<string, Value>>, topicArn: Expr | undefined): BodyItem {
  const percentile = !STATISTICS.has(alarm.statistic);
  const actions = topicArn ? [topicArn] : undefined;
  return resource("aws_cloudwatch_metric_alarm", alarmResourceName(alarm), [
    attrs({
      alarm_name: alarm.name,
      alarm_description: alarm.description,
      namespace: alarm.namespace,
      metric_name: alarm.metric,
      dimensions: Object.keys(dimensions).length > 0 ? dimensions : undefined,
      statistic: percentile ? undefined : alarm.statistic,
      extended_statistic: percentile ? alarm.statistic : undefined,
      comparison_operator: alarm.comparison,
      threshold: alarm.threshold,
      period: alarm.periodSeconds,
      evaluation_periods: alarm.evaluationPeriods,
      datapoints_to_alarm: alarm.datapointsToAlarm,
      treat_missing_data: alarm.treatMissingData,
      alarm_actions: actions,
      ok_actions: actions,
    }),
  ]);
}

/** snake_case Terraform name of an alarm: `responseTime-public` → `response_time_public`. */
export const alarmResourceName = (alarm: Alarm): string => ident(alarm.id.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
