import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DevBus, type DevEvent } from "./events.js";
import { type JobRunSpec, runJob } from "./job-run.js";

const dir = mkdtempSync(join(tmpdir(), "berth-job-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (command: string, over: Partial<JobRunSpec> = {}): JobRunSpec => ({
  job: "expire",
  run: "expire@1",
  command,
  cwd: dir,
  env: { KEEP_DAYS: "90" },
  timeoutMs: 10_000,
  retries: 0,
  reason: "by hand",
  ...over,
});

function recorded() {
  const bus = new DevBus();
  const events: DevEvent[] = [];
  bus.on((e) => events.push(e));
  return { bus, events };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("a job run", () => {
  it("runs the command once in its directory with its environment, its output as log events", async () => {
    const { bus, events } = recorded();
    const out = await runJob(spec('echo "keep $KEEP_DAYS in $(pwd)"'), bus, new AbortController().signal);
    expect(out).toMatchObject({ run: "expire@1", result: "succeeded", attempts: 1, exitCode: 0 });
    expect(events.filter((e) => e.type === "log")).toEqual([
      { type: "log", service: "expire", replica: "expire@1", stream: "stdout", line: `keep 90 in ${dir}` },
    ]);
    expect(events.filter((e) => e.type === "job").map((e) => e.type === "job" && e.state)).toEqual(["started", "succeeded"]);
  });

  it("tries again after a failure, up to its retries, waiting longer each time", async () => {
    const { bus, events } = recorded();
    const counter = join(dir, "tries");
    // Fails on the first two tries, succeeds on the third.
    const command = `echo x >> ${counter}; test $(wc -l < ${counter}) -ge 3`;
    const started = Date.now();
    const out = await runJob(spec(command, { retries: 2 }), bus, new AbortController().signal, { retryDelayMs: 50 });
    expect(out).toMatchObject({ result: "succeeded", attempts: 3, exitCode: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150); // 50 + 100
    expect(readFileSync(counter, "utf8").trim().split("\n")).toHaveLength(3);
    expect(events.flatMap((e) => (e.type === "job" ? [`${e.attempt} ${e.state}`] : []))).toEqual([
      "1 started",
      "1 failed",
      "2 started",
      "2 failed",
      "3 started",
      "3 succeeded",
    ]);
  });

  it("fails after the last retry with the last exit code", async () => {
    const out = await runJob(spec("exit 3", { retries: 1 }), recorded().bus, new AbortController().signal, { retryDelayMs: 1 });
    expect(out).toMatchObject({ result: "failed", attempts: 2, exitCode: 3 });
  });

  it("stops a try that outlives the timeout, with whatever it started, and counts it as timed out", async () => {
    const { bus, events } = recorded();
    const pidFile = join(dir, "child.pid");
    const out = await runJob(spec(`sleep 30 & echo $! > ${pidFile}; wait`, { timeoutMs: 300 }), bus, new AbortController().signal, { stopGraceMs: 200 });
    expect(out).toMatchObject({ result: "timed out", attempts: 1, exitCode: null });
    expect(out.durationMs).toBeLessThan(5_000);
    expect(alive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
    expect(events.some((e) => e.type === "log" && e.line === "timed out after 300 ms: stopping it")).toBe(true);
  });

  it("ends the running try and gives up its retries when berth stops", async () => {
    const abort = new AbortController();
    const run = runJob(spec("sleep 30", { retries: 3 }), recorded().bus, abort.signal, { stopGraceMs: 200 });
    setTimeout(() => abort.abort(), 200);
    expect(await run).toMatchObject({ result: "stopped", attempts: 1 });
  });
});
