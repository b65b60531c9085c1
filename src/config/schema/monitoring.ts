/**
 * Observability inputs: alarms on a service (readable presets plus custom metric alarms), and the
 * environment's notifications (SNS topic with email subscriptions) and dashboard.
 */
import { z } from "zod";
import { name, strict } from "./strict.js";
import { duration } from "./units.js";

const statistic = z.union([z.enum(["Average", "Sum", "Minimum", "Maximum", "SampleCount"]), z.string().regex(/^p\d{1,2}(\.\d{1,2})?$/)], {
  error: 'expected "Average", "Sum", "Minimum", "Maximum", "SampleCount" or a percentile such as "p99"',
});

/** How an alarm evaluates its metric; every field has a default from the preset. */
const tuning = {
  threshold: z.number().optional().describe("Value compared with the statistic, in the metric's unit (percent, seconds or a count)."),
  statistic: statistic.optional().describe('`"Average"`, `"Sum"`, `"Minimum"`, `"Maximum"`, `"SampleCount"` or a percentile such as `"p99"`.'),
  period: duration.optional().describe('Length of one evaluation period: `"10 seconds"`, `"30 seconds"` or a multiple of a minute, e.g. `"2 minutes"`.'),
  evaluationPeriods: z.number().int().min(1).max(100).optional().describe("Periods evaluated together."),
  datapointsToAlarm: z
    .number()
    .int()
    .min(1)
    .max(100)
    .optional()
    .describe("Breaching periods, among `evaluationPeriods`, that set off the alarm. Default: all of them."),
  comparison: z.enum([">", ">=", "<", "<="]).optional().describe('How the statistic is compared with the threshold: `">"`, `">="`, `"<"` or `"<="`.'),
  treatMissingData: z.enum(["missing", "ignore", "breaching", "notBreaching"]).optional().describe("What a period without data counts as."),
};

const presetTuning = strict(tuning);
export type AlarmTuningInput = z.infer<typeof presetTuning>;

const preset = (what: string, defaults: string) =>
  z
    .union([z.boolean(), z.number(), presetTuning], { error: "expected true, false, a threshold number or { threshold, period, evaluationPeriods, … }" })
    .optional()
    .describe(
      `${what} \`true\` uses the defaults, a number sets the threshold, an object tunes it; \`false\` turns it off (e.g. in one environment). Defaults: ${defaults}.`,
    );
export type AlarmPresetInput = z.infer<ReturnType<typeof preset>>;

const customAlarm = strict({
  namespace: z.string().min(1).describe('CloudWatch namespace, e.g. `"AWS/ECS"` or your own `"Shop/Orders"`.'),
  metric: z.string().min(1).describe('Metric name, e.g. `"QueueDepth"`.'),
  dimensions: z
    .record(
      z.string(),
      z.union([
        z.string(),
        strict({ loadBalancer: name("load balancer name").describe("The load balancer's ARN suffix (`LoadBalancer` dimension of AWS/ApplicationELB).") }),
        strict({
          targetGroup: name("load balancer name").describe("The ARN suffix of the service's target group on this load balancer (`TargetGroup` dimension)."),
        }),
      ]),
    )
    .optional()
    .describe(
      'Metric dimensions, e.g. `{ QueueName: "orders" }`; a value may name what only exists once applied: `{ loadBalancer: "public" }` (its ARN suffix) or `{ targetGroup: "public" }` (the service\'s target group there). Default: none.',
    ),
  description: z.string().max(1024).optional().describe("What the alarm means and what to do; shown in notifications."),
  ...tuning,
  threshold: z.number().describe("Value compared with the statistic."),
});
export type CustomAlarmInput = z.infer<typeof customAlarm>;

export const serviceAlarmsSchema = strict({
  cpu: preset("ECS service CPU utilisation (percent).", "Average > 80 over 2 periods of 5 minutes"),
  memory: preset("ECS service memory utilisation (percent).", "Average > 80 over 2 periods of 5 minutes"),
  responseTime: preset("Load balancer target response time (seconds), per load balancer the service is behind.", "p99 > 1 over 3 periods of 1 minute"),
  unhealthyHosts: preset("Unhealthy targets in the service's target groups (those of its `nlb` listeners too).", "Maximum >= 1 over 2 periods of 1 minute"),
  http4xx: preset("4XX responses from the service's targets (count).", "Sum > 50 in 1 period of 5 minutes, missing data is OK"),
  http5xx: preset("5XX responses from the service's targets (count).", "Sum > 5 in 1 period of 1 minute, missing data is OK"),
  loadBalancer5xx: preset(
    "5XX responses the load balancer returns itself (`HTTPCode_ELB_5XX_Count`: no healthy target, a target timed out or reset), per load balancer the service is behind.",
    "Sum > 10 in 1 period of 5 minutes, missing data is OK",
  ),
  custom: z.record(name("alarm name"), customAlarm).optional().describe("Alarms on any CloudWatch metric, by name."),
});
export type ServiceAlarmsInput = z.infer<typeof serviceAlarmsSchema>;

export const databaseAlarmsSchema = strict({
  cpu: preset("Database CPU utilisation (percent; the cluster's for Aurora).", "Average > 80 over 2 periods of 5 minutes"),
  connections: preset("Open database connections (count); tune it to your instance class's `max_connections`.", "Average > 80 over 2 periods of 5 minutes"),
  freeStorage: preset(
    "Free storage in GB (RDS instances only: Aurora storage grows by itself).",
    "Minimum < 10 % of the allocated storage (at least 2 GB) in 1 period of 5 minutes",
  ),
});
export type DatabaseAlarmsInput = z.infer<typeof databaseAlarmsSchema>;

export const monitoringSchema = strict({
  notifications: strict({
    email: z
      .array(z.email({ error: 'expected an email address such as "ops@example.com"' }))
      .describe("Addresses subscribed to the alarm topic; each must confirm the subscription AWS mails to it."),
  })
    .optional()
    .describe(
      "Where alarms go: an SNS topic per environment (`<project>-<env>-alarms`) with email subscriptions. The topic exists whenever a service or a database has alarms.",
    ),
  dashboard: z
    .boolean()
    .optional()
    .describe(
      "A CloudWatch dashboard per environment: ECS CPU and memory per service; per load balancer p50/p95/p99 latency, requests, healthy and unhealthy hosts, 4XX and 5XX; CPU and connections per database. Default `false`.",
    ),
});
export type MonitoringInput = z.infer<typeof monitoringSchema>;
