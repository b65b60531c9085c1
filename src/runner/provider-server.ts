/**
 * One provider plugin running as a reusable server (`terraform-provider-aws -debug`): terraform attaches
 * to it through `TF_REATTACH_PROVIDERS` instead of starting the ~700 MB binary for every command.
 *
 * 1. Started in its own process group, so a terminal's Ctrl-C reaches berth only: terraform's graceful
 *    stop still needs the provider, and berth stops the server after terraform is done.
 * 2. Ready when it prints `TF_REATTACH_PROVIDERS='{"<address>":{…"Addr":{…}}}'` on stdout; a binary that
 *    exits first, prints something else or nothing within the timeout is not one (`ProviderStartError`).
 * 3. Stopped with SIGTERM to its group, SIGKILL after a grace period; its Unix socket is removed. Servers
 *    still alive when berth exits, or when a signal would end berth with no handler of its own, are
 *    killed synchronously (signal-exit), so none outlives berth (a SIGKILL of berth cannot be caught).
 * Its output is drained and never logged (a configured provider may print request details); only the
 * last lines before a failed start are kept for the error message.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { lstatSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

/** The value terraform reads from `TF_REATTACH_PROVIDERS`, per provider address. */
export interface ReattachConfig {
  readonly Protocol: string;
  readonly ProtocolVersion: number;
  readonly Pid: number;
  readonly Test: boolean;
  readonly Addr: { readonly Network: string; readonly String: string };
}

export interface ProviderServerOptions {
  readonly binary: string;
  /** The provider's registry address terraform will look for, e.g. `registry.terraform.io/hashicorp/aws`. */
  readonly address: string;
  /** The provider reads its credentials and settings (`AWS_*`, proxies) from here, as when terraform starts it. */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Default 30 s. */
  readonly timeoutMs?: number;
  /** Default 5 s between SIGTERM and SIGKILL. */
  readonly graceMs?: number;
}

/** The server could not be started; the caller falls back to letting terraform start the provider. */
export class ProviderStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderStartError";
  }
}

const QUIET = Object.fromEntries(
  ["TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_MUX", "TF_LOG_SDK_HELPER_SCHEMA", "TF_LOG_SDK_FRAMEWORK"].map((k) => [k, "off"]),
);
const REATTACH_LINE = /TF_REATTACH_PROVIDERS='([^'\n]*)'/;
const KEPT_LINES = 10;

export class ProviderServer {
  private exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    /** The JSON value for `TF_REATTACH_PROVIDERS`. */
    readonly reattach: string,
    readonly config: ReattachConfig,
    private readonly graceMs: number,
  ) {
    this.exited = new Promise((resolve) => {
      if (!this.alive) resolve();
      else child.once("exit", () => resolve());
    });
  }

  /** Starts the binary with `-debug` and waits until it says how to attach. */
  static start(opts: ProviderServerOptions): Promise<ProviderServer> {
    // In debug mode the SDK logs every RPC at TRACE to stderr (MBs per plan): CPU spent for nothing.
    const env: NodeJS.ProcessEnv = { ...opts.env, ...QUIET };
    delete env.TF_REATTACH_PROVIDERS;
    return new Promise((resolve, reject) => {
      const child = spawn(opts.binary, ["-debug"], { cwd: opts.cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
      live.add(child);
      watchExit();
      let out = "";
      const kept: string[] = [];
      const keep = (chunk: Buffer) => {
        kept.push(
          ...chunk
            .toString("utf8")
            .split("\n")
            .filter((l) => l.trim() !== ""),
        );
        kept.splice(0, Math.max(0, kept.length - KEPT_LINES));
      };
      let done = false;
      const fail = (why: string) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        killGroup(child, "SIGKILL");
        const last = kept.length > 0 ? `; it printed:\n${kept.join("\n")}` : "";
        reject(new ProviderStartError(`${opts.binary} -debug ${why}${last}`));
      };
      const timer = setTimeout(() => fail(`printed no TF_REATTACH_PROVIDERS line within ${opts.timeoutMs ?? 30_000} ms`), opts.timeoutMs ?? 30_000);
      child.stderr!.on("data", (chunk: Buffer) => done || keep(chunk));
      child.stdout!.on("data", (chunk: Buffer) => {
        if (done) return;
        keep(chunk);
        out += chunk.toString("utf8");
        const m = REATTACH_LINE.exec(out);
        if (!m) return;
        const config = parseReattach(m[1]!, opts.address);
        if (typeof config === "string") return fail(config);
        done = true;
        clearTimeout(timer);
        resolve(new ProviderServer(child, JSON.stringify({ [opts.address]: config }), config, opts.graceMs ?? 5_000));
      });
      child.on("error", (e) => fail(`could not be started (${e.message})`));
      child.on("exit", (code, signal) => {
        live.delete(child);
        fail(`exited (${signal ?? `exit ${code}`}) before it was ready`);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM to the server's group, SIGKILL after the grace period; resolves once it has exited. */
  async stop(): Promise<void> {
    if (this.alive) {
      killGroup(this.child, "SIGTERM");
      const timer = setTimeout(() => killGroup(this.child, "SIGKILL"), this.graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    // A group member the provider started itself would outlive it otherwise.
    killGroup(this.child, "SIGKILL");
    removeSocket(this.config);
  }
}

/** The reattach config for `address`, or why the line is not one terraform could use. */
export function parseReattach(json: string, address: string): ReattachConfig | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return "printed a TF_REATTACH_PROVIDERS value that is not JSON";
  }
  const entries = parsed && typeof parsed === "object" ? Object.entries(parsed as Record<string, unknown>) : [];
  const found = entries.find(([k]) => k === address)?.[1] as Partial<ReattachConfig> | undefined;
  if (!found) return `serves ${entries.map(([k]) => k).join(", ") || "no provider"}, not ${address}`;
  const addr = found.Addr;
  if (
    typeof found.Protocol !== "string" ||
    typeof found.ProtocolVersion !== "number" ||
    typeof found.Pid !== "number" ||
    typeof addr?.Network !== "string" ||
    typeof addr.String !== "string"
  ) {
    return "printed a TF_REATTACH_PROVIDERS value without Protocol, ProtocolVersion, Pid and Addr";
  }
  // Test: terraform must not kill a server it merely attached to when it is done.
  return { Protocol: found.Protocol, ProtocolVersion: found.ProtocolVersion, Pid: found.Pid, Test: true, Addr: { Network: addr.Network, String: addr.String } };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

function removeSocket(config: ReattachConfig): void {
  if (config.Addr.Network !== "unix") return;
  try {
    if (lstatSync(config.Addr.String).isSocket()) rmSync(config.Addr.String, { force: true });
  } catch {
    // Already removed by the provider.
  }
}

// ---- No server outlives berth ----

/**
 * signal-exit (3.x, also used by proper-lockfile) calls back on `exit` and on a signal that would end
 * berth because no other handler takes it; with a handler (berth's graceful Ctrl-C) it stays out of
 * the way and `close()` stops the servers once terraform is done.
 */
type OnExit = (callback: (code: number | null, signal: string | null) => void) => () => void;
const onExit = createRequire(import.meta.url)("signal-exit") as OnExit;
const live = new Set<ChildProcess>();
let removeHook: (() => void) | undefined;

function killAllNow(): void {
  for (const child of live) killGroup(child, "SIGKILL");
  live.clear();
}

function watchExit(): void {
  removeHook ??= onExit(killAllNow);
}

/** Drops the exit hook once no server is running. */
export function releaseExitHooks(): void {
  if (live.size > 0 || !removeHook) return;
  removeHook();
  removeHook = undefined;
}
