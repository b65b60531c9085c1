import { describe, expect, it } from "vitest";
import { type HealthState, INITIAL_HEALTH, localHealthTiming, nextHealth, statusMatcher } from "./health.js";

const hc = { healthyThreshold: 3, unhealthyThreshold: 2 };
const run = (results: boolean[], from: HealthState = INITIAL_HEALTH) => results.reduce((s, ok) => nextHealth(s, ok, hc), from).status;

describe("health state machine", () => {
  it("a new target is healthy after its first passing check", () => {
    expect(run([true])).toBe("healthy");
  });
  it("a new target becomes unhealthy after unhealthyThreshold failures in a row", () => {
    expect(run([false])).toBe("initial");
    expect(run([false, false])).toBe("unhealthy");
  });
  it("a healthy target survives a single failure and falls after the threshold", () => {
    expect(run([true, false])).toBe("healthy");
    expect(run([true, false, true, false])).toBe("healthy");
    expect(run([true, false, false])).toBe("unhealthy");
  });
  it("an unhealthy target needs healthyThreshold successes in a row", () => {
    expect(run([true, false, false, true, true])).toBe("unhealthy");
    expect(run([true, false, false, true, true, false, true, true])).toBe("unhealthy");
    expect(run([true, false, false, true, true, true])).toBe("healthy");
  });
  it("draining is final", () => {
    expect(run([true, true], { status: "draining", streak: 0 })).toBe("draining");
  });
});

describe("status matcher", () => {
  it("reads ALB matcher syntax", () => {
    const m = statusMatcher("200,300-302");
    expect([200, 201, 300, 302, 303, 404].map(m)).toEqual([true, false, true, true, false, false]);
  });
});

describe("local timing", () => {
  it("scales ALB's 30 s interval to 1 s by default, with a floor", () => {
    expect(localHealthTiming({ intervalSeconds: 30, timeoutSeconds: 5 }, undefined, 60)).toEqual({ intervalMs: 1000, timeoutMs: 250, graceMs: 2000 });
    expect(localHealthTiming({ intervalSeconds: 5, timeoutSeconds: 2 }, 0.001)).toEqual({ intervalMs: 100, timeoutMs: 100, graceMs: 0 });
  });
});
