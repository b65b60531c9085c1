/**
 * When a schedule fires: the model's EventBridge (or Application Auto Scaling) expression read the way AWS
 * reads it, in the schedule's time zone — for `berth dev`'s job timers and for the cost of scheduled scaling.
 *
 * 1. `cron(min hour day-of-month month day-of-week year)` becomes a croner pattern of seven fields (a seconds
 *    field of `0` first; croner reads the year as EventBridge does). EventBridge numbers days of week 1–7
 *    from Sunday, as Quartz does, so croner runs with `alternativeWeekdays`. `?` is croner's wildcard too;
 *    `L`, `LW`, `<d>W` and `<d>#<n>` mean the same in both; only the last-weekday forms differ: EventBridge's
 *    `<d>L` (last Friday: `6L`) is croner's `<d>#L`, and a lone `L` in day of week (the last day of the
 *    week) is Saturday, `7`. A step from a value (`5/15`) becomes one over a range (`5-59/15`), the only
 *    kind croner takes.
 * 2. `rate(n unit)`: every n units from when the schedule starts (EventBridge counts from the schedule's
 *    creation; locally that is when `berth dev` starts).
 */
import type { Cron } from "croner";
import { requireModule } from "../load-module.js";

export type ScheduleTimer =
  | { readonly kind: "cron"; readonly pattern: string; readonly timezone: string }
  | { readonly kind: "rate"; readonly everyMs: number };

const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** The timer of an expression the model accepted (`scheduleProblem` returned undefined for it). */
export function scheduleTimer(expression: string, timezone: string): ScheduleTimer {
  const text = expression.trim();
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(text);
  if (rate) return { kind: "rate", everyMs: Number(rate[1]) * UNIT_MS[rate[2]!]! };
  const cron = /^cron\((.*)\)$/.exec(text);
  if (!cron) throw new Error(`not a schedule expression: ${expression}`);
  const [min, hour, dom, month, dow, year] = cron[1]!.trim().split(/\s+/) as [string, string, string, string, string, string];
  const fields = [min, hour, dom, month, dow, year].map((f, i) => steppedFromValue(f, FIELD_MAX[i]!));
  fields[4] = croneDayOfWeek(fields[4]!);
  return { kind: "cron", pattern: ["0", ...fields].join(" "), timezone };
}

/** Largest value of each field: minutes, hours, day of month, month, day of week, year (EventBridge's range). */
const FIELD_MAX = [59, 23, 31, 12, 7, 2199] as const;

/** EventBridge's `5/15` (from 5, every 15) is croner's `5-59/15`: croner steps only over `*` or a range. */
function steppedFromValue(field: string, max: number): string {
  return field
    .split(",")
    .map((item) => item.replace(/^([^-*/]+)\/(\d+)$/, (_, from: string, step: string) => `${from}-${max}/${step}`))
    .join(",");
}

function croneDayOfWeek(field: string): string {
  if (field === "L") return "7";
  return field
    .split(",")
    .map((item) => (/^[^#]+L$/.test(item) ? `${item.slice(0, -1)}#L` : item))
    .join(",");
}

/** The next `count` fire times strictly after `after`; fewer when the schedule ends (a past year). */
export function nextFires(timer: ScheduleTimer, after: Date, count: number, startedAt: Date = after): Date[] {
  if (timer.kind === "rate") {
    const elapsed = after.getTime() - startedAt.getTime();
    const first = startedAt.getTime() + (Math.floor(elapsed / timer.everyMs) + 1) * timer.everyMs;
    return Array.from({ length: count }, (_, i) => new Date(first + i * timer.everyMs));
  }
  return cronOf(timer).nextRuns(count, after);
}

/** A paused croner job for the pattern (berth runs its own timers; croner computes the times). */
export function cronOf(timer: Extract<ScheduleTimer, { kind: "cron" }>): Cron {
  const { Cron } = requireModule<typeof import("croner")>("croner");
  return new Cron(timer.pattern, { paused: true, mode: "7-part", alternativeWeekdays: true, timezone: timer.timezone });
}
