/**
 * The scheduled jobs of `berth dev`: each enabled job fires on its schedule (`schedule-timer.ts`: the
 * model's EventBridge expression in its time zone), any job fires at once by hand (`fire`), and each keeps
 * its next fire time and its last result for the status view. Runs overlap as on AWS, where the schedule
 * starts a new execution whether or not the last one ended. The runner is injected, so timing is testable
 * without processes.
 */
import { UsageError } from "../errors.js";
import type { JobStatus } from "./events.js";
import type { JobOutcome } from "./job-run.js";
import type { LocalJobPlan } from "./plan.js";
import { nextFires, type ScheduleTimer, scheduleTimer } from "../model/schedule-timer.js";

/** setTimeout's longest delay (about 24.8 days); a later fire re-arms on the way. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** What the scheduler needs of a job (a scheduled job, or a function's schedule rule). */
export type ScheduledPlan = Pick<LocalJobPlan, "name" | "expression" | "timezone" | "enabled">;

export type RunJob<J extends ScheduledPlan = LocalJobPlan> = (job: J, reason: string) => Promise<JobOutcome>;

interface Entry<J extends ScheduledPlan> {
  readonly job: J;
  readonly timer: ScheduleTimer;
  next: Date | null;
  handle: NodeJS.Timeout | undefined;
  running: number;
  last: JobStatus["last"];
}

export class JobScheduler<J extends ScheduledPlan = LocalJobPlan> {
  private readonly entries: Map<string, Entry<J>>;
  private startedAt = new Date();
  private stopped = false;

  constructor(
    jobs: readonly J[],
    private readonly run: RunJob<J>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.entries = new Map(
      jobs.map((job) => [job.name, { job, timer: scheduleTimer(job.expression, job.timezone), next: null, handle: undefined, running: 0, last: null }]),
    );
  }

  /** Arms every enabled job for its next fire time. */
  start(): void {
    this.startedAt = this.now();
    for (const e of this.entries.values()) if (e.job.enabled) this.arm(e);
  }

  /** Runs the job now (besides its schedule); resolves when the run, with its retries, has ended. */
  /** Whether a job of this name is scheduled here. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Names of the jobs, in plan order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  fire(name: string, reason = "by hand"): Promise<JobOutcome> {
    const e = this.entries.get(name);
    if (!e) {
      const known = [...this.entries.keys()];
      throw new UsageError(
        `no scheduled job "${name}" runs locally`,
        known.length > 0 ? `jobs: ${known.join(", ")}` : "this environment has no local scheduled job",
      );
    }
    return this.launch(e, reason);
  }

  status(): JobStatus[] {
    return [...this.entries.values()].map((e) => ({
      job: e.job.name,
      expression: e.job.expression,
      timezone: e.job.timezone,
      enabled: e.job.enabled,
      next: e.next?.toISOString() ?? null,
      running: e.running,
      last: e.last,
    }));
  }

  /** Disarms every timer; runs in progress end through the runner's own signal. */
  stop(): void {
    this.stopped = true;
    for (const e of this.entries.values()) {
      clearTimeout(e.handle);
      e.next = null;
    }
  }

  /** Sets the timer for the first fire after `after` (the fire just made, so a timer a millisecond early cannot fire twice). */
  private arm(e: Entry<J>, after?: Date): void {
    if (this.stopped) return;
    const now = this.now();
    const from = after && after > now ? after : now;
    e.next = nextFires(e.timer, from, 1, this.startedAt)[0] ?? null;
    if (e.next === null) return;
    const due = e.next;
    const delay = due.getTime() - now.getTime();
    e.handle = setTimeout(
      () => {
        if (delay > MAX_DELAY_MS) return this.arm(e);
        void this.launch(e, "schedule");
        this.arm(e, due);
      },
      Math.min(delay, MAX_DELAY_MS),
    );
    e.handle.unref?.();
  }

  private async launch(e: Entry<J>, reason: string): Promise<JobOutcome> {
    e.running++;
    try {
      const outcome = await this.run(e.job, reason);
      e.last = { run: outcome.run, result: outcome.result, at: outcome.startedAt.toISOString(), attempts: outcome.attempts, durationMs: outcome.durationMs };
      return outcome;
    } finally {
      e.running--;
    }
  }
}
