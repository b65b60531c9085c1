/**
 * Alarm presets as data: one row per readable name (`cpu`, `http5xx`…) with the metric it watches,
 * what kind of resource that is, and the defaults a config may tune.
 *
 * Extending: add a row here and a field to `serviceAlarmsSchema` or `databaseAlarmsSchema`
 * (config/schema/monitoring.ts). A row's `watches` says which resource its dimensions point at;
 * `model/alarms.ts` turns a row into an `Alarm` with an `AlarmSubject`, and the renderer of the stack
 * that owns that resource fills in the dimension values (`terraform/common/alarms.ts`): the service
 * stack for `service`, `target` and `loadBalancer` (each load balancer the service is behind), the `data` stack for `database` (`DBInstanceIdentifier`, or
 * `DBClusterIdentifier` for Aurora).
 */
import type { AlarmComparison } from "./types.js";

export type Watches = "service" | "target" | "loadBalancer" | "database";

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
  /** Unit of the threshold, for descriptions: `%`, ` s`, ` GB`, or empty for counts. */
  readonly unit: string;
  /** The metric's value per unit of the threshold, when they differ (free storage: GB in the config, bytes in CloudWatch). */
  readonly scale?: number;
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
  loadBalancer5xx: {
    watches: "loadBalancer",
    namespace: "AWS/ApplicationELB",
    // 5XX the load balancer answers itself (no healthy target, a target that timed out or reset): seed 003's alert.
    metric: "HTTPCode_ELB_5XX_Count",
    statistic: "Sum",
    threshold: 10,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 1,
    treatMissingData: "notBreaching",
    unit: "",
    what: "5XX responses from the load balancer itself",
  },
  databaseCpu: {
    watches: "database",
    namespace: "AWS/RDS",
    metric: "CPUUtilization",
    statistic: "Average",
    threshold: 80,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    unit: " %",
    what: "database CPU utilisation",
  },
  connections: {
    watches: "database",
    namespace: "AWS/RDS",
    metric: "DatabaseConnections",
    statistic: "Average",
    // Seed 003's alert: DatabaseConnections > 80 (about 90 % of a db.t3.micro PostgreSQL's max_connections).
    threshold: 80,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 2,
    treatMissingData: "missing",
    unit: "",
    what: "database connections",
  },
  freeStorage: {
    watches: "database",
    namespace: "AWS/RDS",
    metric: "FreeStorageSpace",
    statistic: "Minimum",
    // Replaced by 10 % of the allocated storage (`model/alarms.ts`); this is the floor.
    threshold: 2,
    comparison: "LessThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 1,
    treatMissingData: "missing",
    unit: " GB",
    scale: 1024 ** 3,
    what: "free storage",
  },
} as const satisfies Record<string, AlarmPreset>;

export type PresetName = keyof typeof ALARM_PRESETS;
type PresetOf<W extends Watches> = { [K in PresetName]: (typeof ALARM_PRESETS)[K]["watches"] extends W ? K : never }[PresetName];
export type ServicePresetName = PresetOf<"service" | "target" | "loadBalancer">;
/** Config names of database presets: `cpu` in `databases.<name>.alarms` is the `databaseCpu` row. */
export type DatabasePresetName = "cpu" | "connections" | "freeStorage";

export const SERVICE_PRESET_NAMES: readonly ServicePresetName[] = ["cpu", "memory", "responseTime", "unhealthyHosts", "http4xx", "http5xx", "loadBalancer5xx"];
export const DATABASE_PRESETS: Readonly<Record<DatabasePresetName, PresetOf<"database">>> = {
  cpu: "databaseCpu",
  connections: "connections",
  freeStorage: "freeStorage",
};
export const DATABASE_PRESET_NAMES = Object.keys(DATABASE_PRESETS) as DatabasePresetName[];

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
