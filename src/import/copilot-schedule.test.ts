import { describe, expect, it } from "vitest";
import { scheduleProblem } from "../model/schedule-expression.js";
import { copilotSchedule } from "./copilot-schedule.js";

describe("Copilot schedules as EventBridge expressions", () => {
  it.each([
    ["@daily", "cron(0 0 * * ? *)"],
    ["@hourly", "cron(0 * * * ? *)"],
    ["@weekly", "cron(0 0 ? * SUN *)"],
    ["@every 1h30m", "rate(90 minutes)"],
    ["@every 2h", "rate(2 hours)"],
    ["@every 24h", "rate(1 day)"],
    ["@every 1m", "rate(1 minute)"],
    ["0 3 * * *", "cron(0 3 * * ? *)"],
    ["30 6 * * 1-5", "cron(30 6 ? * 2-6 *)"],
    ["0 0 1 * *", "cron(0 0 1 * ? *)"],
    ["0 12 * * 0", "cron(0 12 ? * 1 *)"],
    ["rate(5 minutes)", "rate(5 minutes)"],
  ])("%s → %s, which EventBridge accepts", (input, expected) => {
    const r = copilotSchedule(input);
    expect(r).toMatchObject({ expression: expected });
    expect(scheduleProblem(expected)).toBeUndefined();
  });
  it("keeps none disabled and refuses what EventBridge cannot run", () => {
    expect(copilotSchedule("none")).toMatchObject({ enabled: false });
    expect(copilotSchedule("@every 30s")).toHaveProperty("problem");
    expect(copilotSchedule("0 0 1 * 1")).toHaveProperty("problem");
    expect(copilotSchedule("sometimes")).toHaveProperty("problem");
  });
});
