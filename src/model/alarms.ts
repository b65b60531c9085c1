/**
 * Resolves the alarms of a service and of a database: each preset the config turns on (with its tuning
 * applied over the row in `alarm-presets.ts`) and each custom alarm, checked against what the resource
 * has (a target-group alarm needs a route, free storage needs an RDS instance) and against CloudWatch's
 * period rules.
 */
import type { AlarmPresetInput, AlarmTuningInput, DatabaseAlarmsInput, ServiceAlarmsInput } from "../config/schema/monitoring.js";
import type { ConfigPath } from "../errors.js";
import {
  ALARM_PRESETS,
  type AlarmPreset,
  COMPARISON_SIGNS,
  COMPARISONS,
  DATABASE_PRESET_NAMES,
  DATABASE_PRESETS,
  SERVICE_PRESET_NAMES,
  type ServicePresetName,
} from "./alarm-presets.js";
import type { Issues } from "./issues.js";
import type { Alarm, AlarmSubject, DimensionValue, NlbListener, Target } from "./types.js";
import { parseDuration } from "./units.js";
import { compareText } from "./text-order.js";

export interface AlarmContext {
  /** `${prefix}-${service}`: the start of every alarm name. */
  readonly fullName: string;
  readonly targets: readonly Target[];
  /** Listeners on Network Load Balancers: `unhealthyHosts` watches their target groups too. */
  readonly nlbListeners?: readonly NlbListener[];
  readonly at: ConfigPath;
  readonly issues: Issues;
}

export function resolveServiceAlarms(input: ServiceAlarmsInput | undefined, ctx: AlarmContext): Alarm[] {
  if (!input) return [];
  const alarms: Alarm[] = [];
  for (const name of SERVICE_PRESET_NAMES) {
    const tuning = presetTuning(input[name]);
    if (!tuning) continue;
    alarms.push(...presetAlarms(name, ALARM_PRESETS[name], tuning, ctx));
  }
  for (const [name, custom] of Object.entries(input.custom ?? {}).sort(([a], [b]) => compareText(a, b))) {
    const at = [...ctx.at, "custom", name];
    const subject: AlarmSubject = { kind: "custom", dimensions: customDimensions(custom.dimensions ?? {}, [...at, "dimensions"], ctx) };
    const base: AlarmPreset = {
      watches: "service",
      namespace: custom.namespace,
      metric: custom.metric,
      statistic: "Average",
      threshold: custom.threshold,
      comparison: "GreaterThanThreshold",
      periodSeconds: 300,
      evaluationPeriods: 1,
      treatMissingData: "missing",
      unit: "",
      what: `${custom.namespace} ${custom.metric}`,
    };
    alarms.push(alarm(`custom-${name}`, `${ctx.fullName}-${name}`, base, custom, subject, at, ctx.issues, custom.description));
  }
  return alarms;
}

/** Custom dimensions: literals as given; a load balancer or target group reference must be one the service is behind. */
function customDimensions(input: Readonly<Record<string, DimensionValue>>, at: ConfigPath, ctx: AlarmContext): Record<string, DimensionValue> {
  const out: Record<string, DimensionValue> = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value !== "string") {
      const lb = "loadBalancer" in value ? value.loadBalancer : value.targetGroup;
      if (!ctx.targets.some((t) => t.loadBalancer === lb)) {
        const behind = ctx.targets.map((t) => t.loadBalancer);
        ctx.issues.add(
          [...at, key],
          `the service is not behind load balancer "${lb}", so it has no ${"loadBalancer" in value ? "load balancer" : "target group"} there to watch`,
          behind.length > 0 ? `use one it is behind: ${behind.map((b) => `"${b}"`).join(", ")}` : `add routes: [{ loadBalancer: "${lb}" }] to the service`,
        );
        continue;
      }
    }
    out[key] = value;
  }
  return out;
}

/** `true` → defaults, a number → threshold, an object → tuning, `false`/absent → off. */
function presetTuning(v: AlarmPresetInput): AlarmTuningInput | undefined {
  if (v === undefined || v === false) return undefined;
  if (v === true) return {};
  if (typeof v === "number") return { threshold: v };
  return v;
}

export interface DatabaseAlarmContext {
  /** The database's key in the config. */
  readonly key: string;
  /** The RDS identifier: the start of every alarm name. */
  readonly identifier: string;
  readonly kind: "instance" | "aurora";
  /** Allocated storage of an RDS instance; `null` for Aurora. */
  readonly allocatedGb: number | null;
  readonly at: ConfigPath;
  readonly issues: Issues;
}

/** Free storage alarms below 10 % of the allocated storage by default, and never below the preset's floor. */
export const freeStorageDefault = (allocatedGb: number): number => Math.max(ALARM_PRESETS.freeStorage.threshold, Math.round(allocatedGb / 10));

export function resolveDatabaseAlarms(input: DatabaseAlarmsInput | undefined, ctx: DatabaseAlarmContext): Alarm[] {
  if (!input) return [];
  const alarms: Alarm[] = [];
  for (const name of DATABASE_PRESET_NAMES) {
    const tuning = presetTuning(input[name]);
    if (!tuning) continue;
    const at = [...ctx.at, name];
    let preset: AlarmPreset = ALARM_PRESETS[DATABASE_PRESETS[name]];
    if (name === "freeStorage") {
      if (ctx.allocatedGb === null) {
        ctx.issues.add(at, "does not apply to Aurora: its storage grows by itself", `remove alarms.${name}`);
        continue;
      }
      preset = { ...preset, threshold: freeStorageDefault(ctx.allocatedGb) };
    }
    const subject: AlarmSubject = { kind: "database", database: ctx.key };
    alarms.push(alarm(`${ctx.key}-${kebab(name)}`, `${ctx.identifier}-${kebab(name)}`, preset, tuning, subject, at, ctx.issues));
  }
  return alarms;
}

function presetAlarms(name: ServicePresetName, preset: AlarmPreset, tuning: AlarmTuningInput, ctx: AlarmContext): Alarm[] {
  const at = [...ctx.at, name];
  if (preset.watches === "service") return [alarm(name, `${ctx.fullName}-${kebab(name)}`, preset, tuning, { kind: "service" }, at, ctx.issues)];
  const nlb = name === "unhealthyHosts" ? nlbAlarms(name, preset, tuning, ctx) : [];
  if (ctx.targets.length === 0 && nlb.length > 0) return nlb;
  if (ctx.targets.length === 0) {
    ctx.issues.add(
      at,
      (ctx.nlbListeners ?? []).length > 0
        ? "watches an Application Load Balancer metric, but the service is behind Network Load Balancers only (which report unhealthy hosts, not HTTP codes or response times)"
        : `watches the service's target group, but the service has no routes, so it is behind no load balancer`,
      `add routes: [{ loadBalancer: "<name>" }] to the service, or remove alarms.${name}`,
    );
    return [];
  }
  const several = ctx.targets.length > 1;
  if (preset.watches === "loadBalancer") {
    return ctx.targets.map((t) =>
      alarm(
        several ? `${name}-${t.loadBalancer}` : name,
        `${ctx.fullName}-${kebab(name)}${several ? `-${t.loadBalancer}` : ""}`,
        preset,
        tuning,
        { kind: "loadBalancer", loadBalancer: t.loadBalancer },
        at,
        ctx.issues,
      ),
    );
  }
  return [
    ...ctx.targets.map((t) =>
      alarm(
        several ? `${name}-${t.loadBalancer}` : name,
        `${ctx.fullName}-${kebab(name)}${several ? `-${t.loadBalancer}` : ""}`,
        preset,
        tuning,
        { kind: "target", loadBalancer: t.loadBalancer },
        at,
        ctx.issues,
      ),
    ),
    ...nlb,
  ];
}

/** The same preset on each NLB listener's target group, in the `AWS/NetworkELB` namespace. */
function nlbAlarms(name: ServicePresetName, preset: AlarmPreset, tuning: AlarmTuningInput, ctx: AlarmContext): Alarm[] {
  return (ctx.nlbListeners ?? []).map((l) =>
    alarm(
      `${name}-nlb-${l.loadBalancer}-${l.port}`,
      `${ctx.fullName}-${kebab(name)}-${l.loadBalancer}-${l.port}`,
      { ...preset, namespace: "AWS/NetworkELB" },
      tuning,
      { kind: "nlb-target", loadBalancer: l.loadBalancer, port: l.port },
      [...ctx.at, name],
      ctx.issues,
    ),
  );
}

function alarm(
  id: string,
  name: string,
  base: AlarmPreset,
  t: AlarmTuningInput,
  subject: AlarmSubject,
  at: ConfigPath,
  issues: Issues,
  description?: string,
): Alarm {
  const periodSeconds = t.period ? parseDuration(t.period) : base.periodSeconds;
  if (![10, 30].includes(periodSeconds) && (periodSeconds < 60 || periodSeconds % 60 !== 0)) {
    issues.add([...at, "period"], `must be 10 seconds, 30 seconds or a whole number of minutes; got ${periodSeconds} seconds`, 'e.g. period: "1 minute"');
  }
  const evaluationPeriods = t.evaluationPeriods ?? base.evaluationPeriods;
  if (periodSeconds * evaluationPeriods > 86_400) {
    issues.add([...at, "evaluationPeriods"], `${evaluationPeriods} periods of ${periodSeconds} s span more than one day, the most CloudWatch evaluates`);
  }
  const datapointsToAlarm = t.datapointsToAlarm ?? evaluationPeriods;
  if (datapointsToAlarm > evaluationPeriods) {
    issues.add(
      [...at, "datapointsToAlarm"],
      `(${datapointsToAlarm}) is larger than evaluationPeriods (${evaluationPeriods})`,
      `set datapointsToAlarm to at most ${evaluationPeriods}`,
    );
  }
  const threshold = t.threshold ?? base.threshold;
  const comparison = t.comparison ? COMPARISONS[t.comparison] : base.comparison;
  const statistic = t.statistic ?? base.statistic;
  const window =
    evaluationPeriods === 1
      ? `in ${describePeriod(periodSeconds)}`
      : `for ${datapointsToAlarm === evaluationPeriods ? "" : `${datapointsToAlarm} of `}${evaluationPeriods} periods of ${describePeriod(periodSeconds)}`;
  return {
    id,
    name,
    description: description ?? `${statistic} ${base.what} ${COMPARISON_SIGNS[comparison]} ${threshold}${base.unit} ${window}.`,
    namespace: base.namespace,
    metric: base.metric,
    subject,
    statistic,
    threshold: threshold * (base.scale ?? 1),
    comparison,
    periodSeconds,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: t.treatMissingData ?? base.treatMissingData,
  };
}

const describePeriod = (s: number): string => (s % 60 === 0 ? `${s / 60} min` : `${s} s`);
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
