import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";

type Raw = Record<string, unknown>;
const config = (autoscaling: Raw): Raw => ({
  project: "shop",
  loadBalancers: { public: {} },
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }], autoscaling } },
  environments: { staging: { tier: "staging", region: "eu-west-1" } },
});
const schedulesOf = (autoscaling: Raw) => resolveModel(validateConfig(config(autoscaling))).environments[0]!.services[0]!.autoscaling!.schedules;

describe("scheduled scaling", () => {
  it("resolves each schedule with its name, time zone and range; a schedule without a range restores autoscaling's", () => {
    expect(
      schedulesOf({
        min: 1,
        max: 3,
        schedules: {
          night: { expression: " cron(0 20 ? * MON-FRI *) ", timezone: "Europe/Berlin", min: 0, max: 0 },
          morning: { expression: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Berlin" },
          wider: { expression: "rate(12 hours)", max: 6 },
        },
      }),
    ).toEqual([
      { key: "night", name: "shop-staging-api-night", expression: "cron(0 20 ? * MON-FRI *)", timezone: "Europe/Berlin", min: 0, max: 0 },
      { key: "morning", name: "shop-staging-api-morning", expression: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Berlin", min: 1, max: 3 },
      { key: "wider", name: "shop-staging-api-wider", expression: "rate(12 hours)", timezone: "UTC", min: 1, max: 6 },
    ]);
  });

  it("lets a service scale on schedules alone, but not on nothing", () => {
    expect(schedulesOf({ min: 1, max: 1, schedules: { night: { expression: "cron(0 20 * * ? *)", min: 0, max: 0 } } })).toHaveLength(1);
    expect(modelReport(config({ min: 1, max: 2 }))).toContain(
      "services.api.autoscaling: names no metric to track and no schedule\n    hint: add cpu: 70, memory: 80, requestsPerTarget: 1000, (workers) backlog, or schedules",
    );
  });

  it("refuses what Application Auto Scaling would, at the schedule's path, with the fix", () => {
    const text = modelReport(
      config({
        min: 1,
        max: 3,
        cpu: 70,
        schedules: {
          unix: { expression: "0 20 * * 1-5", min: 0, max: 0 },
          fields: { expression: "cron(0 20 * * 1-5)", min: 0, max: 0 },
          zone: { expression: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Atlantis" },
          rate: { expression: "rate(1 hour)", timezone: "Europe/Berlin" },
          low: { expression: "cron(0 8 ? * MON-FRI *)", min: 5 },
        },
      }),
    );
    const at = "services.api.autoscaling.schedules";
    expect(text).toMatch(/^5 config errors$/m);
    expect(text).toContain(`${at}.unix.expression: "0 20 * * 1-5" is neither rate(…) nor cron(…)`);
    expect(text).toContain(`${at}.fields.expression: cron(0 20 * * 1-5) has 5 fields; EventBridge takes 6`);
    expect(text).toContain('hint: add the year and put "?" in one day field, e.g. "cron(0 20 ? * 1-5 *)"');
    expect(text).toContain(
      `${at}.zone.timezone: "Europe/Atlantis" is not an IANA time zone\n    hint: write a name such as "Europe/Berlin", "America/New_York" or "UTC"`,
    );
    expect(text).toContain(`${at}.rate.timezone: applies to cron expressions only; a rate runs at fixed intervals\n    hint: remove timezone`);
    expect(text).toContain(`${at}.low.min: leaves min (5) above max (3)\n    hint: set max too, e.g. max: 5`);
  });

  it("lowers the cost estimate's default task count by the hours the schedules take away, unless the config states it", () => {
    const officeHours = {
      min: 1,
      max: 3,
      cpu: 70,
      schedules: { evening: { expression: "cron(0 20 ? * MON-FRI *)", min: 0, max: 0 }, morning: { expression: "cron(0 8 ? * MON-FRI *)" } },
    };
    const costOf = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!.cost.tasks.api;
    expect(costOf(config(officeHours))).toBe(0.36);
    expect(costOf({ ...config(officeHours), cost: { services: { api: { tasks: 2 } } } })).toBe(2);
    expect(costOf(config({ min: 1, max: 3, cpu: 70 }))).toBe(1);
  });

  it("checks a scheduled job's time zone the same way", () => {
    const raw = {
      project: "shop",
      services: { purge: { schedule: { expression: "cron(0 3 * * ? *)", timezone: "Mars/Olympus" } } },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    };
    expect(modelReport(raw)).toContain('services.purge.schedule.timezone: "Mars/Olympus" is not an IANA time zone');
  });
});
