/**
 * One supervised replica: a shell command in its own process group, its output as log events, restarts
 * with exponential backoff after a crash, and a stop that ends the whole process tree.
 *
 * Each replica leads a process group (`detached`), so `npm start` → `sh` → `node` and whatever they spawn
 * are signalled together with `kill(-pgid)`: SIGTERM, then SIGKILL after a grace period. A handler on
 * berth's own exit kills every group still alive, so no process outlives `berth dev`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import type { DevBus, ProcessState } from "./events.js";

export interface ReplicaSpec {
  readonly service: string;
  /** `<service>#<n>`: unique for the life of the runtime. */
  readonly replica: string;
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
}

export interface ProcessOptions {
  /** First restart delay; doubles after each crash in a row, up to `maxBackoffMs`. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** A run at least this long resets the backoff. */
  readonly stableAfterMs?: number;
  /** Time between SIGTERM and SIGKILL. */
  readonly stopGraceMs?: number;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pgid of liveGroups) signalGroup(pgid, "SIGKILL");
  });
}

/**
 * Puts a process group that berth started outside SupervisedProcess (the embedded database) under the
 * same exit hook, so it cannot outlive `berth dev` either; returns the call that takes it off again.
 */
export function trackGroup(pgid: number): () => void {
  installExitHook();
  liveGroups.add(pgid);
  return () => liveGroups.delete(pgid);
}

/** Signals every process of the group; false when none is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Waits until no process of the group is left (SIGKILL is delivered asynchronously), at most `maxMs`. */
export async function groupGone(pgid: number, maxMs = 2_000): Promise<void> {
  const until = Date.now() + maxMs;
  while (signalGroup(pgid, 0) && Date.now() < until) await sleep(10);
}

export class SupervisedProcess {
  state: ProcessState = "stopped";
  restarts = 0;
  private child: ChildProcess | undefined;
  private crashesInRow = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: ReplicaSpec,
    private readonly bus: DevBus,
    private readonly hooks: { onStart?: () => void; onExit?: () => void } = {},
    private readonly opts: ProcessOptions = {},
  ) {
    installExitHook();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    const { spec } = this;
    this.startedAt = Date.now();
    const child = spawn(spec.command, {
      shell: true,
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const pid = child.pid;
    if (pid !== undefined) liveGroups.add(pid);
    this.setState("running");
    for (const stream of ["stdout", "stderr"] as const) {
      createInterface({ input: child[stream]!, crlfDelay: Infinity }).on("line", (line) =>
        this.bus.emit({ type: "log", service: spec.service, replica: spec.replica, stream, line }),
      );
    }
    this.exited = new Promise<void>((resolve) => {
      child.once("error", (err) => {
        this.bus.emit({ type: "log", service: spec.service, replica: spec.replica, stream: "stderr", line: `failed to start: ${err.message}` });
      });
      child.once("close", async (exitCode, signal) => {
        this.child = undefined;
        this.hooks.onExit?.(); // first: the gateway stops sending to it at once
        if (pid !== undefined) {
          signalGroup(pid, "SIGKILL"); // whatever the command left behind in its group
          await groupGone(pid);
          liveGroups.delete(pid);
        }
        this.afterExit(exitCode, signal);
        resolve();
      });
    });
    this.hooks.onStart?.();
  }

  /** Stops the process tree for good: SIGTERM to the group, SIGKILL after the grace period. */
  async stop(): Promise<void> {
    clearTimeout(this.restartTimer);
    if (this.state === "stopped") return;
    this.setState("stopping");
    const pid = this.child?.pid;
    if (pid === undefined) {
      this.setState("stopped");
      return;
    }
    signalGroup(pid, "SIGTERM");
    const grace = setTimeout(() => signalGroup(pid, "SIGKILL"), this.opts.stopGraceMs ?? 5_000);
    await this.exited;
    clearTimeout(grace);
  }

  private afterExit(exitCode: number | null, signal: NodeJS.Signals | null): void {
    if (this.state === "stopping") {
      this.bus.emit({
        type: "process",
        service: this.spec.service,
        replica: this.spec.replica,
        pid: undefined,
        port: this.spec.port,
        state: "stopped",
        exitCode,
        signal,
      });
      this.state = "stopped";
      return;
    }
    if (Date.now() - this.startedAt >= (this.opts.stableAfterMs ?? 10_000)) this.crashesInRow = 0;
    const delay = Math.min((this.opts.backoffMs ?? 250) * 2 ** this.crashesInRow, this.opts.maxBackoffMs ?? 10_000);
    this.crashesInRow++;
    this.restarts++;
    this.state = "backoff";
    this.bus.emit({
      type: "process",
      service: this.spec.service,
      replica: this.spec.replica,
      pid: undefined,
      port: this.spec.port,
      state: "backoff",
      exitCode,
      signal,
      restartInMs: delay,
    });
    this.restartTimer = setTimeout(() => this.start(), delay);
  }

  private setState(state: ProcessState): void {
    this.state = state;
    this.bus.emit({ type: "process", service: this.spec.service, replica: this.spec.replica, pid: this.child?.pid, port: this.spec.port, state });
  }
}
