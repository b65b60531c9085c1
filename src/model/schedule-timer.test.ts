import { describe, expect, it } from "vitest";
import { scheduleProblem } from "./schedule-expression.js";
import { nextFires, scheduleTimer } from "./schedule-timer.js";

/** Saturday 5 December 2026, 01:00 UTC. */
const NOW = new Date("2026-12-05T01:00:00Z");
const fires = (expression: string, timezone = "UTC", count = 3) => nextFires(scheduleTimer(expression, timezone), NOW, count).map((d) => d.toISOString());

describe("EventBridge schedule expressions under berth dev", () => {
  it("reads the model's six-field cron with a seconds field added and ? as any", () => {
    expect(scheduleTimer("cron(0 3 * * ? *)", "UTC")).toEqual({ kind: "cron", pattern: "0 0 3 * * ? *", timezone: "UTC" });
    expect(fires("cron(0 3 * * ? *)")).toEqual(["2026-12-05T03:00:00.000Z", "2026-12-06T03:00:00.000Z", "2026-12-07T03:00:00.000Z"]);
    expect(fires("cron(15,45 9-10 * * ? *)", "UTC", 4)).toEqual([
      "2026-12-05T09:15:00.000Z",
      "2026-12-05T09:45:00.000Z",
      "2026-12-05T10:15:00.000Z",
      "2026-12-05T10:45:00.000Z",
    ]);
    expect(fires("cron(0/20 * * * ? *)", "UTC", 2)).toEqual(["2026-12-05T01:20:00.000Z", "2026-12-05T01:40:00.000Z"]);
  });

  it("numbers days of week from Sunday = 1, as EventBridge does, and takes their names", () => {
    // 2 is Monday for EventBridge (Tuesday for Unix cron).
    expect(fires("cron(0 8 ? * 2 *)")).toEqual(["2026-12-07T08:00:00.000Z", "2026-12-14T08:00:00.000Z", "2026-12-21T08:00:00.000Z"]);
    expect(fires("cron(0 8 ? * 2-6 *)", "UTC", 5).map((d) => new Date(d).getUTCDay())).toEqual([1, 2, 3, 4, 5]);
    expect(fires("cron(0 8 ? * MON-FRI *)", "UTC", 5)).toEqual(fires("cron(0 8 ? * 2-6 *)", "UTC", 5));
    expect(fires("cron(0 8 ? * 1,7 *)", "UTC", 2)).toEqual(["2026-12-05T08:00:00.000Z", "2026-12-06T08:00:00.000Z"]);
  });

  it("translates the last-weekday forms: <d>L is the last such day of the month, a lone L Saturday", () => {
    expect(scheduleTimer("cron(0 18 ? * 6L *)", "UTC")).toMatchObject({ pattern: "0 0 18 ? * 6#L *" });
    expect(fires("cron(0 18 ? * 6L *)", "UTC", 2)).toEqual(["2026-12-25T18:00:00.000Z", "2027-01-29T18:00:00.000Z"]);
    expect(fires("cron(0 18 ? * FRIL *)", "UTC", 1)).toEqual(["2026-12-25T18:00:00.000Z"]);
    expect(fires("cron(0 18 ? * L *)", "UTC", 2)).toEqual(["2026-12-05T18:00:00.000Z", "2026-12-12T18:00:00.000Z"]);
    expect(fires("cron(0 18 ? * 2#1 *)", "UTC", 2)).toEqual(["2026-12-07T18:00:00.000Z", "2027-01-04T18:00:00.000Z"]);
  });

  it("keeps day-of-month L, LW and W", () => {
    expect(fires("cron(0 0 L * ? *)", "UTC", 2)).toEqual(["2026-12-31T00:00:00.000Z", "2027-01-31T00:00:00.000Z"]);
    // 31 January 2027 is a Sunday: the last weekday is Friday the 29th.
    expect(fires("cron(0 0 LW * ? *)", "UTC", 2)).toEqual(["2026-12-31T00:00:00.000Z", "2027-01-29T00:00:00.000Z"]);
    // 15 May 2027 is a Saturday: the nearest weekday is Friday the 14th.
    expect(fires("cron(0 0 15W 5 ? *)", "UTC", 1)).toEqual(["2027-05-14T00:00:00.000Z"]);
  });

  it("honours the year field and ends with it", () => {
    expect(fires("cron(0 3 1 1 ? 2027-2028)", "UTC", 3)).toEqual(["2027-01-01T03:00:00.000Z", "2028-01-01T03:00:00.000Z"]);
    expect(fires("cron(0 3 1 1 ? 2025)")).toEqual([]);
  });

  it("fires in the schedule's time zone, across daylight-saving changes", () => {
    expect(fires("cron(0 3 * * ? *)", "Europe/Berlin", 1)).toEqual(["2026-12-05T02:00:00.000Z"]);
    const summer = nextFires(scheduleTimer("cron(0 3 * * ? *)", "Europe/Berlin"), new Date("2027-03-27T12:00:00Z"), 2).map((d) => d.toISOString());
    expect(summer).toEqual(["2027-03-28T01:00:00.000Z", "2027-03-29T01:00:00.000Z"]);
  });

  it("runs a rate every n units from when the schedule started", () => {
    expect(scheduleTimer("rate(1 hour)", "UTC")).toEqual({ kind: "rate", everyMs: 3_600_000 });
    expect(scheduleTimer("rate(5 minutes)", "UTC")).toEqual({ kind: "rate", everyMs: 300_000 });
    expect(scheduleTimer(" rate(2 days) ", "UTC")).toEqual({ kind: "rate", everyMs: 172_800_000 });
    const started = new Date("2026-12-05T00:58:00Z");
    expect(nextFires(scheduleTimer("rate(5 minutes)", "UTC"), NOW, 2, started).map((d) => d.toISOString())).toEqual([
      "2026-12-05T01:03:00.000Z",
      "2026-12-05T01:08:00.000Z",
    ]);
  });

  it("reads every expression the model accepts", () => {
    const accepted = ["cron(0 3 * * ? *)", "cron(0/15 8-17 ? * MON-FRI *)", "cron(0 12 LW JAN-MAR ? *)", "cron(30 6 ? * 6L,2#3 2026-2030)", "rate(7 days)"];
    for (const e of accepted) {
      expect(scheduleProblem(e)).toBeUndefined();
      expect(() => nextFires(scheduleTimer(e, "UTC"), NOW, 1)).not.toThrow();
    }
  });
});
