/**
 * The warm processes of one function under `berth dev`, as Lambda keeps execution environments: a process
 * (`function-host.ts`) is started on the first invocation that finds none idle, serves one invocation at a
 * time, and stays warm for the next, until the handler's file changes (a rebuild: the next invocation gets
 * a fresh process with the new code); at most `concurrency` run at once, later invocations wait their turn.
 * An invocation still running at the function's timeout has its process killed (its whole group) and ends
 * as Lambda's "Task timed out"; a process that exits mid-invocation ends it as `Runtime.ExitError`.
 * Memory is not enforced locally. Output lines, and each failed invocation's error, are `log` events of `fn:<key>`.
 * A function with a `command` (another runtime, or an image) runs that command instead of berth's Node
 * harness, as a Lambda runtime client of its own Runtime API server (`lambda-runtime-api.ts`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { DevBus } from "./events.js";
import { FUNCTION_HOST_SOURCE } from "./function-host.js";
import { LambdaRuntimeApi, type RuntimeInvocation } from "./lambda-runtime-api.js";
import { groupGone, signalGroup, trackGroup } from "./process.js";

export interface FunctionProcessSpec {
  /** The function's key in the config. */
  readonly key: string;
  /** Its Lambda name (the context's `functionName`). */
  readonly functionName: string;
  /** Absolute folder the handler is loaded from (the function's `dir`). */
  readonly dir: string;
  /** `file.export`, as Lambda's `handler`. */
  readonly handler: string;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  /** Warm processes at most (invocations beyond wait). */
  readonly concurrency: number;
  readonly env: Readonly<Record<string, string>>;
  /** A shell command that speaks the Lambda Runtime API, run in `dir`; absent: berth's Node harness loads `handler`. */
  readonly command?: string;
}

export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/** How one invocation ended: the handler's result, its error, or the timeout. */
export type Invocation =
  | { readonly ok: true; readonly result: unknown; readonly durationMs: number }
  | { readonly ok: false; readonly timedOut: boolean; readonly error: FunctionError; readonly durationMs: number };

export interface FunctionStatus {
  readonly function: string;
  readonly functionName: string;
  /** Warm processes (busy or idle). */
  readonly processes: number;
  readonly busy: number;
  readonly waiting: number;
  readonly invocations: number;
  readonly errors: number;
  readonly timeouts: number;
}

interface Host {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly replica: string;
  readonly untrack: () => void;
  /** The handler file's modification time when the process started: a rebuild replaces the process. */
  readonly stamp: number;
  /** Hands an invocation to the process. */
  readonly deliver: (inv: RuntimeInvocation) => void;
  /** Stops what serves the process besides itself (its Runtime API server). */
  readonly release: () => void;
  busy: boolean;
  exited: boolean;
  current?: (end: Invocation) => void;
  /** Where the process's answers go (set for the invocation running). */
  onReply?: (reply: Reply) => void;
  /** What the runtime reported when it failed to initialize. */
  initError?: FunctionError;
}

type Reply = { id: string; ok: true; result: unknown } | { id: string; ok: false; error: FunctionError };

export class FunctionPool {
  private readonly hosts = new Set<Host>();
  private readonly waiting: (() => void)[] = [];
  private seq = 0;
  /** Processes being started (counted against the concurrency until they are in `hosts`). */
  private starting = 0;
  private counts = { invocations: 0, errors: 0, timeouts: 0 };
  private stopped = false;

  constructor(
    readonly spec: FunctionProcessSpec,
    private readonly bus: DevBus,
  ) {}

  /** Runs the handler with `event` in a warm (or new) process; never rejects. */
  async invoke(event: unknown): Promise<Invocation> {
    const started = Date.now();
    if (this.stopped) return this.failed(started, "Runtime.Stopped", "berth dev is stopping");
    const host = await this.acquire();
    if (!host) return this.failed(started, "Runtime.Stopped", "berth dev is stopping");
    this.counts.invocations++;
    const end = await this.run(host, event, started);
    if (!end.ok) this.counts[end.timedOut ? "timeouts" : "errors"]++;
    // As Lambda's Node runtime logs a failed invocation: the error's type, message and stack.
    if (!end.ok && !end.timedOut)
      for (const line of [`Invoke Error ${end.error.errorType}: ${end.error.errorMessage}`, ...end.error.trace.slice(1)])
        this.log(host.replica, "stderr", line);
    host.busy = false;
    this.waiting.shift()?.();
    return end;
  }

  status(): FunctionStatus {
    const hosts = [...this.hosts];
    return {
      function: this.spec.key,
      functionName: this.spec.functionName,
      processes: hosts.length,
      busy: hosts.filter((h) => h.busy).length,
      waiting: this.waiting.length,
      ...this.counts,
    };
  }

  /** Kills every process (a running invocation ends as stopped) and releases the waiting ones. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all([...this.hosts].map((h) => this.kill(h)));
  }

  /** An idle warm process, a new one while under the concurrency, or the next one freed. */
  private async acquire(): Promise<Host | undefined> {
    for (;;) {
      if (this.stopped) return undefined;
      const stamp = this.handlerStamp();
      for (const h of this.hosts) if (!h.busy && !h.exited && h.stamp !== stamp) void this.kill(h);
      const idle = [...this.hosts].find((h) => !h.busy && !h.exited);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.hosts.size + this.starting < this.spec.concurrency) {
        this.starting++; // the slot is taken before the first await, so concurrent calls cannot overshoot
        const host = await this.start(stamp);
        if (host) return host;
      }
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
  }

  private run(host: Host, event: unknown, started: number): Promise<Invocation> {
    const id = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.log(host.replica, "stderr", `Task timed out after ${(this.spec.timeoutMs / 1000).toFixed(2)} seconds`);
        finish({ ok: false, timedOut: true, error: timeoutError(this.spec.timeoutMs), durationMs: Date.now() - started });
        void this.kill(host);
      }, this.spec.timeoutMs);
      const finish = (end: Invocation) => {
        clearTimeout(timer);
        host.onReply = undefined;
        host.current = undefined;
        resolve(end);
      };
      host.current = finish;
      host.onReply = (m) => {
        if (m.id !== id) return;
        finish(
          m.ok
            ? { ok: true, result: m.result, durationMs: Date.now() - started }
            : { ok: false, timedOut: false, error: m.error, durationMs: Date.now() - started },
        );
      };
      host.deliver({ id, event, deadline: started + this.spec.timeoutMs });
    });
  }

  /** The modification time of the handler's file (the first of .js, .mjs, .cjs that exists); 0 when none. */
  private handlerStamp(): number {
    if (this.spec.command !== undefined) return 0; // another runtime's code: no file berth knows to watch
    const file = this.spec.handler.slice(0, this.spec.handler.lastIndexOf("."));
    for (const ext of [".js", ".mjs", ".cjs"]) {
      try {
        return statSync(join(this.spec.dir, file + ext)).mtimeMs;
      } catch {
        // try the next extension
      }
    }
    return 0;
  }

  /**
   * Starts a process for the caller, who took a `starting` slot for it: the slot is given back the moment
   * the process is in `hosts` (in the same turn, so no other caller counts it twice), or when starting fails.
   */
  private async start(stamp: number): Promise<Host | undefined> {
    const slot = { held: true };
    try {
      return await this.spawnHost(stamp, slot);
    } finally {
      if (slot.held) this.starting--;
    }
  }

  private async spawnHost(stamp: number, slot: { held: boolean }): Promise<Host | undefined> {
    const replica = `fn:${this.spec.key}#${++this.seq}`;
    let api: LambdaRuntimeApi | undefined;
    let child: ChildProcess;
    let host: Host | undefined;
    if (this.spec.command === undefined) {
      child = spawn(process.execPath, ["--input-type=module", "-e", FUNCTION_HOST_SOURCE, this.spec.dir, this.spec.handler, this.spec.functionName], {
        cwd: this.spec.dir,
        env: { ...process.env, ...this.spec.env },
        detached: true,
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
    } else {
      const region = this.spec.env.AWS_REGION ?? "us-east-1";
      api = new LambdaRuntimeApi(
        `arn:aws:lambda:${region}:000000000000:function:${this.spec.functionName}`,
        (reply) => host?.onReply?.(reply),
        (error) => {
          if (host) host.initError = error;
          this.log(replica, "stderr", `Init error ${error.errorType}: ${error.errorMessage}`);
        },
      );
      const address = await api.listen();
      if (this.stopped) {
        api.close(); // stopped while the server started: start nothing
        return undefined;
      }
      child = spawn("sh", ["-c", this.spec.command], {
        cwd: this.spec.dir,
        env: { ...process.env, ...this.spec.env, AWS_LAMBDA_RUNTIME_API: address },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
    }
    if (child.pid === undefined) {
      child.once("error", () => {});
      api?.close();
      this.log(replica, "stderr", `failed to start ${this.spec.command ?? process.execPath}`);
      return undefined;
    }
    const deliver = api ? (inv: RuntimeInvocation) => api.deliver(inv) : (inv: RuntimeInvocation) => child.send(inv);
    const started: Host = {
      child,
      pid: child.pid,
      replica,
      untrack: trackGroup(child.pid),
      stamp,
      deliver,
      release: () => api?.close(),
      busy: true, // started for the invocation that asked: no other may take it before that one resumes
      exited: false,
    };
    host = started;
    if (!api) child.on("message", (m: Reply) => started.onReply?.(m));
    this.hosts.add(started);
    this.starting--;
    slot.held = false;
    for (const stream of ["stdout", "stderr"] as const)
      createInterface({ input: child[stream]!, crlfDelay: Infinity }).on("line", (line) => this.log(replica, stream, line));
    child.once("exit", (code, signal) => {
      started.exited = true;
      this.hosts.delete(started);
      started.untrack();
      started.release();
      started.current?.({
        ok: false,
        timedOut: false,
        error: started.initError ?? {
          errorType: "Runtime.ExitError",
          errorMessage: `Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}`,
          trace: [],
        },
        durationMs: 0,
      });
      this.waiting.shift()?.();
    });
    return started;
  }

  private async kill(host: Host): Promise<void> {
    host.exited = true;
    this.hosts.delete(host);
    signalGroup(host.pid, "SIGKILL");
    await groupGone(host.pid);
    host.untrack();
    host.release();
  }

  private failed(started: number, errorType: string, errorMessage: string): Invocation {
    return { ok: false, timedOut: false, error: { errorType, errorMessage, trace: [] }, durationMs: Date.now() - started };
  }

  private log(replica: string, stream: "stdout" | "stderr", line: string): void {
    this.bus.emit({ type: "log", service: `fn:${this.spec.key}`, replica, stream, line });
  }
}

/** Lambda's answer to an invocation that outlived the function's timeout. */
export function timeoutError(timeoutMs: number): FunctionError {
  return { errorType: "Sandbox.Timedout", errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`, trace: [] };
}
