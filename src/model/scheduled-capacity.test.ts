import { describe, expect, it } from "vitest";
import { monthlyRuns, scheduledAverageTasks } from "./scheduled-capacity.js";
import type { ScalingSchedule } from "./types.js";

const schedule = (key: string, expression: string, min: number, max: number, timezone = "UTC"): ScalingSchedule => ({
  key,
  name: key,
  expression,
  timezone,
  min,
  max,
});

describe("scheduledAverageTasks", () => {
  it("keeps the count of a service without schedules", () => {
    expect(scheduledAverageTasks(null, 3)).toBe(3);
    expect(scheduledAverageTasks({ min: 1, max: 4, schedules: [] }, 2)).toBe(2);
  });

  it("counts office hours only: 12 of 24 hours on 5 of 7 days", () => {
    const officeHours = [schedule("evening", "cron(0 20 ? * MON-FRI *)", 0, 0), schedule("morning", "cron(0 8 ? * MON-FRI *)", 1, 3)];
    // 1 task × 12 h × 5 days ÷ 168 h = 0.357…
    expect(scheduledAverageTasks({ min: 1, max: 3, schedules: officeHours }, 1)).toBe(0.36);
    expect(scheduledAverageTasks({ min: 1, max: 3, schedules: officeHours }, 2)).toBe(0.71);
  });

  it("reads cron in the schedule's time zone, which moves the hours but not their number", () => {
    const berlin = [
      schedule("evening", "cron(0 20 ? * MON-FRI *)", 0, 0, "Europe/Berlin"),
      schedule("morning", "cron(0 8 ? * MON-FRI *)", 1, 3, "Europe/Berlin"),
    ];
    expect(scheduledAverageTasks({ min: 1, max: 3, schedules: berlin }, 1)).toBe(0.36);
  });

  it("raises the count to a schedule's minimum, and starts from what the week before left in force", () => {
    // From Friday 18:00 to Monday 06:00 at least 4 tasks (60 of 168 hours), otherwise 1.
    const weekend = [schedule("weekend", "cron(0 18 ? * FRI *)", 4, 6), schedule("weekday", "cron(0 6 ? * MON *)", 1, 6)];
    expect(scheduledAverageTasks({ min: 1, max: 6, schedules: weekend }, 1)).toBe(Math.round(((60 * 4 + 108 * 1) / 168) * 100) / 100);
  });

  it("applies a rate from the start of the period", () => {
    // Every 12 hours the range flips between 0 and 2; both fire at the same instants, so the later one (config order) wins.
    expect(scheduledAverageTasks({ min: 0, max: 2, schedules: [schedule("half", "rate(12 hours)", 0, 0), schedule("full", "rate(12 hours)", 2, 2)] }, 1)).toBe(
      2,
    );
  });
});

describe("monthlyRuns: how often a job's schedule fires in 730 hours", () => {
  it("counts the firings of the four reference weeks, scaled to an average month", () => {
    expect(monthlyRuns("rate(1 hour)", "UTC")).toBe(730);
    expect(monthlyRuns("cron(0 3 * * ? *)", "UTC")).toBe(Math.round(((28 * 730) / 672) * 100) / 100); // 30.42
    expect(monthlyRuns("cron(0 9 ? * MON-FRI *)", "Europe/Berlin")).toBe(Math.round(((20 * 730) / 672) * 100) / 100); // 21.73
  });

  it("is 0 for an expression the model refuses", () => {
    expect(monthlyRuns("cron(nonsense)", "UTC")).toBe(0);
  });
});
