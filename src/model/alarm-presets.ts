/**
 * Alarm presets as data: one row per readable name (`cpu`, `http5xx`…) with the metric it watches,
 * what kind of resource that is, and the defaults a config may tune.
 *
 * Extending: add a row here and a field to `serviceAlarmsSchema` (config/schema/monitoring.ts).
 * A row's `watches` says which resource its dimensions point at; `model/alarms.ts` turns a row into an
 * `Alarm` with an `AlarmSubject`, and the renderer of the stack that owns that resource fills in the
 * dimension values (`terraform/common/alarms.ts`). Database presets (RDS CPU, connections, free
 * storage) get `watches: "database"`, a `database` subject kind in `model/types.ts`, and are rendered
 * by the `data` stack with `DBInstanceIdentifier` / `DBClusterIdentifier` dimensions.
 */
import type { AlarmComparison } from "./types.js";

export type Watches = "service" | "target";

export interface AlarmPreset {
  readonly watches: Watches;
  readonly namespace: string;
  readonly metric: string;
  readonly statistic: string;
  readonly threshold: number;
  readonly comparison: AlarmComparison;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly treatMissingData: "missing" | "ignore" | "breaching" | "notBreaching";
  /** Unit of the threshold, for descriptions: `%`, ` s`, or empty for counts. */
  readonly unit: string;
  /** What the alarm watches, in words: "<what> <comparison> <threshold>". */
  readonly what: string;
}

export const ALARM_PRESETS = {
  cpu: {
    watches: "service",
    namespace: "AWS/ECS",
    metric: "CPUUtilization",
    statistic: "Average",
    threshold: 80,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    unit: " %",
    what: "CPU utilisation",
  },
  memory: {
    watches: "service",
    namespace: "AWS/ECS",
    metric: "MemoryUtilization",
    statistic: "Average",
    threshold: 80,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    unit: " %",
    what: "memory utilisation",
  },
  responseTime: {
    watches: "target",
    namespace: "AWS/ApplicationELB",
    metric: "TargetResponseTime",
    statistic: "p99",
    threshold: 1,
    comparison: "GreaterThanThreshold",
    periodSeconds: 60,
    evaluationPeriods: 3,
    treatMissingData: "notBreaching",
    unit: " s",
    what: "target response time",
  },
  unhealthyHosts: {
    watches: "target",
    namespace: "AWS/ApplicationELB",
    metric: "UnHealthyHostCount",
    statistic: "Maximum",
    threshold: 1,
    comparison: "GreaterThanOrEqualToThreshold",
    periodSeconds: 60,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    unit: "",
    what: "unhealthy targets",
  },
  http4xx: {
    watches: "target",
    namespace: "AWS/ApplicationELB",
    metric: "HTTPCode_Target_4XX_Count",
    statistic: "Sum",
    threshold: 50,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    unit: "",
    what: "4XX responses",
  },
  http5xx: {
    watches: "target",
    namespace: "AWS/ApplicationELB",
    metric: "HTTPCode_Target_5XX_Count",
    statistic: "Sum",
    threshold: 5,
    comparison: "GreaterThanThreshold",
    periodSeconds: 60,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    unit: "",
    what: "5XX responses",
  },
} as const satisfies Record<string, AlarmPreset>;

export type PresetName = keyof typeof ALARM_PRESETS;
export const PRESET_NAMES = Object.keys(ALARM_PRESETS) as PresetName[];

export const COMPARISONS: Readonly<Record<">" | ">=" | "<" | "<=", AlarmComparison>> = {
  ">": "GreaterThanThreshold",
  ">=": "GreaterThanOrEqualToThreshold",
  "<": "LessThanThreshold",
  "<=": "LessThanOrEqualToThreshold",
};

export const COMPARISON_SIGNS: Readonly<Record<AlarmComparison, string>> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: ">=",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
};
