/**
 * One AWS provider server per queue worker (provider-server.ts), reused by that worker's stacks one
 * after another, and per stack the choice between attaching to it and letting terraform start the
 * provider itself; the choice and its reason are written into the stack's log before each command.
 *
 * 1. The provider is pinned once per pool (provider-pin.ts) and installed into every work dir, on
 *    both paths. A pin that fails (OpenTofu, no `hashicorp/aws`) turns reuse off for the run.
 * 2. A worker starts its server at the first terraform command of its stacks (pinning happens then
 *    too: a run that needs no terraform costs nothing). A binary that does not start as a server
 *    turns reuse off; a server that died (crash) is started again by the worker's next stack, up
 *    to MAX_CRASHES per run, then reuse is off.
 * 3. Known limits take the normal path: `AWS_CA_BUNDLE` in the environment (the provider cannot be
 *    configured twice in one process with a CA bundle), a stack with more than one `provider "aws"`
 *    block (aliases would share one server's configuration), `TF_REATTACH_PROVIDERS` already set
 *    by the caller, `TF_LOG` (a server's logs do not reach terraform's), or `BERTH_PROVIDER_REUSE=0`.
 * 4. A stack that fails while attached runs once more on the normal path when `retry` allows it
 *    (plans, which change nothing); when that succeeds, reuse is off for the rest of the run.
 * Servers run in `<out>/.berth/providers` and stop on `close()`, berth's exit or an unhandled signal.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Stack } from "../terraform/stack.js";
import type { ProviderUse, TerraformContext } from "./driver.js";
import { installPinned, type PinnedProvider, pinProvider } from "./provider-pin.js";
import { ProviderServer, releaseExitHooks } from "./provider-server.js";
import type { TerraformEnv } from "./terraform-env.js";

const MAX_CRASHES = 2;

export interface ProviderPoolOptions {
  readonly tf: TerraformEnv;
  /** The output directory; the pin and the servers' working directory live in `<out>/.berth/providers`. */
  readonly outDir: string;
  /** Resolves the provider to serve; defaults to `pinProvider` (tests pass a fake binary). */
  readonly pin?: () => Promise<PinnedProvider>;
  /** Default 30 s. */
  readonly startTimeoutMs?: number;
}

export interface PoolRunOptions {
  /** The work changes nothing (a plan): after a failure while attached, run it once more on the normal path. */
  readonly retry?: boolean;
}

interface Slot {
  server?: ProviderServer;
  starting?: Promise<ProviderServer | undefined>;
}

export class ProviderPool {
  private readonly slots = new Map<number, Slot>();
  private pinned?: Promise<PinnedProvider | undefined>;
  private off?: string;
  private crashes = 0;
  private closed = false;
  private readonly root: string;

  constructor(private readonly opts: ProviderPoolOptions) {
    this.root = join(opts.outDir, ".berth", "providers");
    this.off = disabledBy(opts.tf.env);
  }

  /** Why stacks take the normal path, or undefined while reuse is on. */
  get disabled(): string | undefined {
    return this.off;
  }

  /**
   * Runs one stack's work with a context whose terraform commands attach to `worker`'s server, or take
   * the normal path. Nothing is pinned or started until the work runs its first terraform command, so
   * a stack that needs none (unchanged, deferred) costs nothing. Never two stacks on one worker at once.
   */
  async run<R>(worker: number, ctx: TerraformContext, stack: Stack, work: (ctx: TerraformContext) => Promise<R>, opts: PoolRunOptions = {}): Promise<R> {
    const lease = new Lease(this, worker, ctx, stackLimit(stack));
    try {
      return await work({ ...ctx, provider: lease });
    } catch (e) {
      const server = lease.server;
      if (!server) throw e;
      const crashed = !server.alive;
      if (crashed) this.crashed(worker, ctx, server);
      if (!opts.retry || ctx.signal?.aborted) throw e;
      const why = crashed ? "the provider server died" : "it failed while attached";
      note(ctx, `${why}; planning ${stack.path} once more with terraform starting the provider`);
      const result = await work({ ...ctx, provider: new Lease(this, worker, ctx, `retry: ${why}`) });
      if (!crashed) this.turnOff(`${stack.path} failed attached to a provider server and succeeded without (${firstLine(e)})`);
      return result;
    }
  }

  /** Stops every server; the pool serves no stack afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    this.off ??= "the run is over";
    const servers = await Promise.all([...this.slots.values()].map((s) => s.starting ?? s.server));
    this.slots.clear();
    await Promise.all(servers.map((s) => s?.stop()));
    releaseExitHooks();
  }

  /** The pinned provider, resolved once; undefined when reuse is off before anything was pinned. */
  pin(signal?: AbortSignal): Promise<PinnedProvider | undefined> {
    if (this.off !== undefined && this.pinned === undefined) return Promise.resolve(undefined);
    this.pinned ??= (this.opts.pin ?? (() => pinProvider(this.opts.tf, this.root, signal)))().catch((e: unknown) => {
      this.turnOff(`berth could not pin hashicorp/aws: ${firstLine(e)}`);
      return undefined;
    });
    return this.pinned;
  }

  /** The worker's running server, started if it has none; undefined while reuse is off. */
  async server(worker: number, pin: PinnedProvider, env: NodeJS.ProcessEnv): Promise<ProviderServer | undefined> {
    if (this.off !== undefined) return undefined;
    const slot = this.slots.get(worker) ?? {};
    this.slots.set(worker, slot);
    if (slot.server?.alive) return slot.server;
    slot.starting ??= ProviderServer.start({ binary: pin.binary, address: pin.address, env, cwd: this.serverDir(), timeoutMs: this.opts.startTimeoutMs }).catch(
      (e: unknown) => {
        this.turnOff(firstLine(e));
        return undefined;
      },
    );
    const server = await slot.starting;
    slot.starting = undefined;
    slot.server = server;
    // Closed while it started: stop it rather than hand it out.
    if (server && this.closed) {
      await server.stop();
      return undefined;
    }
    return this.off === undefined ? server : undefined;
  }

  private crashed(worker: number, ctx: TerraformContext, server: ProviderServer): void {
    const slot = this.slots.get(worker);
    if (slot?.server === server) slot.server = undefined;
    void server.stop();
    this.crashes++;
    note(ctx, `the provider server (pid ${server.pid}) died${this.crashes >= MAX_CRASHES ? "" : "; the next stack on this worker starts a new one"}`);
    if (this.crashes >= MAX_CRASHES) this.turnOff(`provider servers died ${this.crashes} times in this run`);
  }

  private turnOff(reason: string): void {
    this.off ??= reason;
  }

  private serverDir(): string {
    mkdirSync(this.root, { recursive: true });
    return this.root;
  }
}

/**
 * One stack's use of the pool: decided at its first terraform command and kept for the others, so
 * init, plan and show of a stack all run the same way. Before `init` it installs the pin into the
 * work dir, on both paths.
 */
class Lease implements ProviderUse {
  private decided?: Promise<{ pin?: PinnedProvider; server?: ProviderServer; note: string }>;
  /** The server this stack was attached to, once decided. */
  server?: ProviderServer;

  constructor(
    private readonly pool: ProviderPool,
    private readonly worker: number,
    private readonly ctx: TerraformContext,
    /** Take the normal path for this reason. */
    private readonly normal?: string,
  ) {}

  async prepare(command: string, dir: string): Promise<{ env: NodeJS.ProcessEnv; note: string }> {
    this.decided ??= this.decide();
    const { pin, server, note } = await this.decided;
    if (command === "init" && pin) installPinned(pin, dir);
    const env = server ? { ...this.ctx.tf.env, TF_REATTACH_PROVIDERS: server.reattach } : this.ctx.tf.env;
    return { env, note };
  }

  private async decide(): Promise<{ pin?: PinnedProvider; server?: ProviderServer; note: string }> {
    const pin = await this.pool.pin(this.ctx.signal);
    const skip = this.pool.disabled ?? this.normal;
    const server = pin && skip === undefined && !this.ctx.signal?.aborted ? await this.pool.server(this.worker, pin, this.ctx.tf.env) : undefined;
    this.server = server;
    if (server)
      return { pin, server, note: `attached to berth's provider server for worker ${this.worker} (${pin!.address} ${pin!.version}, pid ${server.pid})` };
    return { pin, note: `started by terraform for each command (${this.pool.disabled ?? this.normal ?? "interrupted"})` };
  }
}

/** Why reuse is off from the start for this environment, if it is. */
export function disabledBy(env: NodeJS.ProcessEnv): string | undefined {
  const flag = env.BERTH_PROVIDER_REUSE?.toLowerCase();
  if (flag === "0" || flag === "false" || flag === "off") return "BERTH_PROVIDER_REUSE is off";
  if (env.TF_REATTACH_PROVIDERS) return "TF_REATTACH_PROVIDERS is already set by the caller";
  if (env.TF_LOG || env.TF_LOG_PROVIDER) return "TF_LOG is set, and terraform logs the provider only when it starts the provider itself";
  if (env.AWS_CA_BUNDLE) return "AWS_CA_BUNDLE is set, and hashicorp/aws cannot be configured twice in one process with a CA bundle";
  return undefined;
}

/** Why this stack cannot share a server, if it cannot. */
export function stackLimit(stack: Stack): string | undefined {
  const n = stack.providers.length;
  return n > 1 ? `${n} provider "aws" configurations would share one server` : undefined;
}

function note(ctx: TerraformContext, message: string): void {
  mkdirSync(dirname(ctx.logFile), { recursive: true });
  appendFileSync(ctx.logFile, `\nberth: ${message}\n`);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
}
