import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { JobOutcome } from "./job-run.js";
import type { LocalJobPlan } from "./plan.js";
import { JobScheduler } from "./scheduler.js";

const job = (name: string, expression: string, over: Partial<LocalJobPlan> = {}): LocalJobPlan => ({
  name,
  command: "true",
  cwd: "/",
  environment: [],
  secrets: [],
  queues: [],
  topics: [],
  expression,
  timezone: "UTC",
  retries: 0,
  timeoutMs: 60_000,
  enabled: true,
  ...over,
});

describe("the job scheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-12-05T02:59:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  const runner = () => {
    const calls: { job: string; reason: string; at: string }[] = [];
    let n = 0;
    const run = async (j: LocalJobPlan, reason: string): Promise<JobOutcome> => {
      calls.push({ job: j.name, reason, at: new Date().toISOString() });
      return { run: `${j.name}@${++n}`, result: j.name === "broken" ? "failed" : "succeeded", attempts: 1, exitCode: 0, startedAt: new Date(), durationMs: 5 };
    };
    return { calls, run };
  };

  it("fires each enabled job on its schedule, in its time zone, and shows the next fire and the last result", async () => {
    const { calls, run } = runner();
    const s = new JobScheduler([job("expire", "cron(0 3 * * ? *)"), job("berlin", "cron(0 3 * * ? *)", { timezone: "Europe/Berlin" })], run);
    s.start();
    expect(s.status().map((j) => [j.job, j.next, j.last])).toEqual([
      ["expire", "2026-12-05T03:00:00.000Z", null],
      ["berlin", "2026-12-06T02:00:00.000Z", null],
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual([{ job: "expire", reason: "schedule", at: "2026-12-05T03:00:00.000Z" }]);
    expect(s.status()[0]).toMatchObject({ next: "2026-12-06T03:00:00.000Z", running: 0, last: { run: "expire@1", result: "succeeded", attempts: 1 } });
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(calls.map((c) => `${c.job} ${c.at}`)).toEqual([
      "expire 2026-12-05T03:00:00.000Z",
      "berlin 2026-12-06T02:00:00.000Z",
      "expire 2026-12-06T03:00:00.000Z",
    ]);
    s.stop();
  });

  it("runs a rate every n units from the start", async () => {
    const { calls, run } = runner();
    const s = new JobScheduler([job("tick", "rate(5 minutes)")], run);
    s.start();
    await vi.advanceTimersByTimeAsync(16 * 60_000);
    expect(calls.map((c) => c.at)).toEqual(["2026-12-05T03:04:00.000Z", "2026-12-05T03:09:00.000Z", "2026-12-05T03:14:00.000Z"]);
    s.stop();
  });

  it("fires any job at once by hand, a disabled one too, and records a failure", async () => {
    const { calls, run } = runner();
    const s = new JobScheduler([job("expire", "cron(0 3 * * ? *)", { enabled: false }), job("broken", "rate(1 day)")], run);
    s.start();
    expect(s.status()[0]).toMatchObject({ enabled: false, next: null });
    expect(await s.fire("expire")).toMatchObject({ result: "succeeded" });
    expect(await s.fire("broken")).toMatchObject({ result: "failed" });
    expect(calls.map((c) => [c.job, c.reason])).toEqual([
      ["expire", "by hand"],
      ["broken", "by hand"],
    ]);
    expect(s.status()[1]!.last).toMatchObject({ result: "failed" });
    await vi.advanceTimersByTimeAsync(3600_000);
    expect(calls).toHaveLength(2); // the disabled one did not fire at 03:00
    s.stop();
  });

  it("refuses an unknown job with the ones it has", () => {
    const s = new JobScheduler([job("expire", "rate(1 day)")], runner().run);
    expect(() => s.fire("expyre")).toThrow(/no scheduled job "expyre" runs locally/);
  });

  it("fires nothing after stop", async () => {
    const { calls, run } = runner();
    const s = new JobScheduler([job("expire", "cron(0 3 * * ? *)")], run);
    s.start();
    s.stop();
    await vi.advanceTimersByTimeAsync(2 * 24 * 3600_000);
    expect(calls).toEqual([]);
    expect(s.status()[0]!.next).toBeNull();
  });
});
