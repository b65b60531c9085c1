/**
 * What scheduled scaling does to the average task count, for the cost estimate: the service's usual count is
 * held inside the range each scheduled action sets, from one firing to the next, over a reference period of
 * four whole weeks (Monday 2026-01-05 to Monday 2026-02-02, UTC), so weekday and weekend schedules both weigh
 * in and the same config always gives the same figure. The range in force when the period starts is the one
 * the last firing in the week before set (or the service's own `autoscaling` range when none fired).
 */
import { scheduleProblem, timeZoneProblem } from "./schedule-expression.js";
import { cronOf, type ScheduleTimer, scheduleTimer } from "./schedule-timer.js";
import type { Autoscaling } from "./types.js";

const START = Date.UTC(2026, 0, 5);
const END = Date.UTC(2026, 1, 2);
const LEAD_IN = 7 * 86_400_000;

interface Firing {
  readonly at: number;
  readonly order: number;
  readonly min: number;
  readonly max: number;
}

/**
 * The average number of tasks over the reference period when the service would otherwise run `tasks`;
 * `tasks` itself when it has no scheduled actions.
 */
export function scheduledAverageTasks(scaling: Pick<Autoscaling, "min" | "max" | "schedules"> | null, tasks: number): number {
  if (!scaling || scaling.schedules.length === 0) return tasks;
  const firings: Firing[] = scaling.schedules.flatMap((s, order) => {
    // A schedule AWS would refuse is reported where it is resolved; it moves nothing here.
    if (scheduleProblem(s.expression) || timeZoneProblem(s.timezone)) return [];
    return firingTimes(scheduleTimer(s.expression, s.timezone)).map((at) => ({ at, order, min: s.min, max: s.max }));
  });
  firings.sort((a, b) => a.at - b.at || a.order - b.order);
  let range = { min: scaling.min, max: scaling.max };
  let at = START;
  let taskMs = 0;
  const hold = (until: number) => {
    if (until > at) taskMs += Math.min(Math.max(tasks, range.min), range.max) * (until - at);
    at = Math.max(at, until);
  };
  for (const f of firings) {
    hold(f.at);
    range = { min: f.min, max: f.max };
  }
  hold(END);
  return Math.round((taskMs / (END - START)) * 100) / 100;
}

/**
 * How often a schedule fires in an average month (730 hours): its firings over the four reference weeks,
 * scaled to 730 hours; 0 for an expression the model refuses (reported where it is resolved).
 */
export function monthlyRuns(expression: string, timezone: string): number {
  if (scheduleProblem(expression) || timeZoneProblem(timezone)) return 0;
  const n = firingTimes(scheduleTimer(expression, timezone)).filter((t) => t >= START).length;
  return Math.round(((n * 730 * 3_600_000) / (END - START)) * 100) / 100;
}

/** Every firing from the lead-in week to the end of the period (a rate counts from the lead-in's start). */
function firingTimes(timer: ScheduleTimer): number[] {
  const times: number[] = [];
  if (timer.kind === "rate") {
    for (let t = START - LEAD_IN; t < END; t += timer.everyMs) times.push(t);
    return times;
  }
  const cron = cronOf(timer);
  for (let next = cron.nextRun(new Date(START - LEAD_IN - 1)); next && next.getTime() < END; next = cron.nextRun(next)) times.push(next.getTime());
  return times;
}
