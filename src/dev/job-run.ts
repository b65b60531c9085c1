/**
 * One run of a scheduled job under `berth dev`, as the job's state machine runs it on AWS: the command as a
 * one-off process (its own process group, its output as log events), stopped when it outlives the job's
 * timeout (SIGTERM to the group, SIGKILL after a grace period), and tried again after a failure up to the
 * job's retries, waiting between tries (AWS waits 30 s, then 60 s…; berth dev `retryDelayMs`, doubling).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { DevBus } from "./events.js";
import { groupGone, signalGroup, trackGroup } from "./process.js";

export interface JobRunSpec {
  readonly job: string;
  /** `<job>@<n>`: unique for the life of the runtime. */
  readonly run: string;
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly retries: number;
  /** Why it runs: `schedule` or `by hand`. */
  readonly reason: string;
}

export interface JobRunOptions {
  /** Wait before the first retry; doubles for each next one. Default 1 s. */
  readonly retryDelayMs?: number;
  /** Time between SIGTERM and SIGKILL when a try times out or berth stops. Default 5 s. */
  readonly stopGraceMs?: number;
}

export type JobResult = "succeeded" | "failed" | "timed out" | "stopped";

export interface JobOutcome {
  readonly run: string;
  readonly result: JobResult;
  readonly attempts: number;
  readonly exitCode: number | null;
  readonly startedAt: Date;
  readonly durationMs: number;
}

interface AttemptEnd {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
}

/** Runs the job to success or its last retry; `signal` (berth stopping) ends the running try and the retries. */
export async function runJob(spec: JobRunSpec, bus: DevBus, signal: AbortSignal, opts: JobRunOptions = {}): Promise<JobOutcome> {
  const startedAt = new Date();
  let end: AttemptEnd = { exitCode: null, signal: null, timedOut: false };
  let attempt = 0;
  for (; attempt <= spec.retries && !signal.aborted; attempt++) {
    if (attempt > 0 && !(await pause((opts.retryDelayMs ?? 1_000) * 2 ** (attempt - 1), signal))) break;
    bus.emit({ type: "job", job: spec.job, run: spec.run, attempt: attempt + 1, state: "started", reason: spec.reason });
    const began = Date.now();
    end = await runAttempt(spec, attempt + 1, bus, signal, opts.stopGraceMs ?? 5_000);
    const state = signal.aborted ? "stopped" : end.exitCode === 0 ? "succeeded" : end.timedOut ? "timed out" : "failed";
    bus.emit({
      type: "job",
      job: spec.job,
      run: spec.run,
      attempt: attempt + 1,
      state,
      reason: spec.reason,
      exitCode: end.exitCode,
      durationMs: Date.now() - began,
    });
    if (state === "succeeded" || state === "stopped") return outcome(state, attempt + 1);
  }
  return outcome(signal.aborted ? "stopped" : end.timedOut ? "timed out" : "failed", attempt);

  function outcome(result: JobResult, attempts: number): JobOutcome {
    return { run: spec.run, result, attempts, exitCode: end.exitCode, startedAt, durationMs: Date.now() - startedAt.getTime() };
  }
}

function runAttempt(spec: JobRunSpec, attempt: number, bus: DevBus, signal: AbortSignal, graceMs: number): Promise<AttemptEnd> {
  const replica = attempt === 1 ? spec.run : `${spec.run}.${attempt}`;
  const child = spawn(spec.command, {
    shell: true,
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  const untrack = pid !== undefined ? trackGroup(pid) : () => false;
  for (const stream of ["stdout", "stderr"] as const)
    createInterface({ input: child[stream]!, crlfDelay: Infinity }).on("line", (line) => bus.emit({ type: "log", service: spec.job, replica, stream, line }));
  child.once("error", (err) => bus.emit({ type: "log", service: spec.job, replica, stream: "stderr", line: `failed to start: ${err.message}` }));

  let timedOut = false;
  let killer: NodeJS.Timeout | undefined;
  const terminate = () => {
    if (pid === undefined) return;
    signalGroup(pid, "SIGTERM");
    killer ??= setTimeout(() => signalGroup(pid, "SIGKILL"), graceMs);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    bus.emit({ type: "log", service: spec.job, replica, stream: "stderr", line: `timed out after ${spec.timeoutMs} ms: stopping it` });
    terminate();
  }, spec.timeoutMs);
  signal.addEventListener("abort", terminate, { once: true });

  return new Promise((resolve) => {
    child.once("close", async (exitCode, sig) => {
      clearTimeout(timer);
      clearTimeout(killer);
      signal.removeEventListener("abort", terminate);
      if (pid !== undefined) {
        signalGroup(pid, "SIGKILL"); // whatever the command left behind in its group
        await groupGone(pid);
        untrack();
      }
      resolve({ exitCode: timedOut ? null : exitCode, signal: sig, timedOut });
    });
  });
}

/** Waits `ms`; false when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
