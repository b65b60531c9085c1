/**
 * One online run over a set of stacks: the terraform environment, the apply-record store, upstream
 * outputs (from this run's applies, else from the records), the variables each stack gets, and
 * `runStacks`, which drives the queue with progress events, lock messages and, after a hard abort,
 * the release of any state lock berth itself left behind. An offline session is the same run with
 * another source of inputs: upstream mocks instead of recorded outputs, a local backend and fake
 * credentials instead of the S3 state, and a work root of its own (`mocks.ts`).
 */
import { resolve } from "node:path";
import { upstreamKey } from "../model/stack-ids.js";
import type { Stack, TfValue } from "../terraform/stack.js";
import { runTerraform, type TerraformContext } from "./driver.js";
import { type Command, FAILED_STATES, type OutcomeState, type Reporter, type StackOutcome } from "./events.js";
import { explainLock, lockOwner, parseLockError } from "./lock.js";
import { ProviderPool } from "./provider-pool.js";
import { type Direction, orderStacks, runQueue, type StackStatus } from "./queue.js";
import type { RecordStore, StackRecord } from "./records.js";
import { terraformEnv, type TerraformEnv } from "./terraform-env.js";
import { endpointOverrides } from "./endpoint.js";
import { offlineOverrides } from "./mocks.js";
import { logFile, type Overrides, prepareWorkDir, stackSources, workDir, type WorkRoot } from "./workspace.js";

export interface SessionOptions {
  readonly outDir: string;
  /** Every stack of the environments in play: selected ones and the upstream stacks they read. */
  readonly stacks: readonly Stack[];
  readonly store: RecordStore;
  readonly tf?: TerraformEnv;
  /** LocalStack-style endpoint: local state, test credentials, path-style S3. */
  readonly endpoint?: string;
  /** Plan against upstream mocks with fake credentials and a local backend: no AWS account, no records. */
  readonly offline?: boolean;
  /** Stacks run at once; default 2 (each terraform loads the ~700 MB AWS provider). */
  readonly parallelism?: number;
  /** First Ctrl-C: graceful stop. */
  readonly signal?: AbortSignal;
  /** Second Ctrl-C: terraform exits at once. */
  readonly hardSignal?: AbortSignal;
  readonly report?: Reporter;
}

export interface Session extends Required<Pick<SessionOptions, "stacks" | "store" | "parallelism">> {
  readonly outDir: string;
  readonly tf: TerraformEnv;
  readonly endpoint?: string;
  readonly offline: boolean;
  readonly signal?: AbortSignal;
  readonly hardSignal?: AbortSignal;
  readonly report: Reporter;
  /** Where terraform runs for this session's stacks. */
  readonly workRoot: WorkRoot;
  /** The override files a stack's work copy gets in this session. */
  overrides(stack: Stack): Overrides;
  /** Records read once per run. */
  record(stack: Stack): Promise<StackRecord | undefined>;
  /** Outputs applied in this run, which win over the records. */
  readonly applied: Map<string, Readonly<Record<string, TfValue>>>;
}

export function createSession(opts: SessionOptions): Session {
  const cache = new Map<string, Promise<StackRecord | undefined>>();
  return {
    outDir: resolve(opts.outDir),
    stacks: opts.stacks,
    store: opts.store,
    tf: opts.tf ?? terraformEnv(),
    endpoint: opts.endpoint,
    offline: opts.offline === true,
    workRoot: opts.offline ? "offline" : "work",
    overrides: (stack) => (opts.offline ? offlineOverrides(stack) : opts.endpoint ? endpointOverrides(stack, opts.endpoint) : []),
    parallelism: opts.parallelism ?? 2,
    signal: opts.signal,
    hardSignal: opts.hardSignal,
    report: opts.report ?? (() => {}),
    applied: new Map(),
    record(stack) {
      let r = cache.get(stack.path);
      if (!r) cache.set(stack.path, (r = opts.store.read(stack)));
      return r;
    },
  };
}

/** The stack `input.stack` of the same environment (and region, unless the id names one). */
export function upstreamOf(session: Session, stack: Stack, id: string): Stack {
  const key = upstreamKey(stack.env, stack.region, id);
  const up = session.stacks.find((s) => `${s.env}/${s.region}/${s.id}` === key);
  if (!up) throw new Error(`bug: stack ${stack.path} reads stack ${id}, which was not rendered`);
  return up;
}

export type Wiring = { readonly vars: Record<string, TfValue>; readonly missing?: undefined } | { readonly vars?: undefined; readonly missing: string };

/**
 * The variables a stack gets: each input from its upstream stack's current outputs (applied in this
 * run, else recorded at its last apply), and `image_tag` from a deploy or the stack's own record.
 * (Offline plans take their upstream mocks instead: `mocks.ts`.)
 */
export async function wireVars(session: Session, stack: Stack, imageTag?: string): Promise<Wiring> {
  const vars: Record<string, TfValue> = {};
  const waiting = new Set<string>();
  for (const input of stack.inputs) {
    const up = upstreamOf(session, stack, input.stack);
    const outputs = session.applied.get(up.path) ?? (await session.record(up))?.outputs;
    if (!outputs) waiting.add(up.path);
    else if (!(input.output in outputs)) waiting.add(`${up.path} (output ${input.output} is not recorded; apply ${up.id} again)`);
    else vars[input.variable] = outputs[input.output]!;
  }
  if (waiting.size > 0) return { missing: `waits for ${[...waiting].join(", ")} to be applied` };
  if (stack.deploy) {
    const tag = imageTag ?? (await session.record(stack))?.imageTag;
    if (tag !== undefined) vars[stack.deploy.imageTagVariable] = tag;
  }
  return { vars };
}

/** The stack's work copy for this session (its root and overrides), from `sources` or the stack folder; returns its path. */
export function workCopy(session: Session, stack: Stack, vars: Readonly<Record<string, TfValue>>, sources = stackSources(session.outDir, stack)): string {
  return prepareWorkDir(session.outDir, stack, vars, { root: session.workRoot, overrides: session.overrides(stack), sources });
}

export function terraformContext(session: Session, stack: Stack, signal?: AbortSignal): TerraformContext {
  return {
    tf: session.tf,
    dir: workDir(session.outDir, stack, session.workRoot),
    stack: stack.path,
    logFile: logFile(session.outDir, stack),
    signal,
    hardSignal: session.hardSignal,
  };
}

export type StackWork = (stack: Stack, ctx: TerraformContext) => Promise<Omit<StackOutcome, "stack" | "elapsedMs">>;

/** Runs `work` over the selected stacks in queue order, reporting each start and end. */
export async function runStacks(
  session: Session,
  command: Command,
  direction: Direction,
  selected: readonly Stack[],
  action: string,
  work: StackWork,
): Promise<StackOutcome[]> {
  const order = orderStacks(selected);
  session.report({ event: "order", command, stacks: (direction === "apply" ? order : order.reverse()).map((s) => s.path) });
  const started = new Set<string>();
  const providers = new ProviderPool({ tf: session.tf, outDir: session.outDir });
  const runs = await runQueue({
    // Offline, every input is a mock: no stack waits for another, so the queue keeps both workers busy.
    stacks: session.offline ? selected.map((s) => ({ ...s, dependsOn: [] })) : selected,
    parallelism: session.parallelism,
    direction,
    signal: session.signal,
    run: async (stack, signal, worker) => {
      started.add(stack.path);
      const t0 = performance.now();
      session.report({ event: "start", command, stack: stack.path, action });
      const ctx = terraformContext(session, stack, signal);
      try {
        const result = await providers.run(worker, ctx, stack, (ctx) => work(stack, ctx), { retry: command === "plan" || command === "drift" });
        const outcome: StackOutcome = { stack: stack.path, elapsedMs: Math.round(performance.now() - t0), ...result };
        session.report({ event: "done", command, ...outcome });
        return outcome;
      } catch (e) {
        const error = explainLock(e, stack.path, ctx.dir, session.tf.binary);
        const state = signal.aborted ? "cancelled" : "failed";
        const message = state === "cancelled" ? "interrupted before it finished (Ctrl-C)" : errorMessage(error);
        session.report({ event: "done", command, stack: stack.path, state, elapsedMs: Math.round(performance.now() - t0), message, logFile: ctx.logFile });
        throw error;
      }
    },
  }).finally(() => providers.close());
  const outcomes = runs.map(
    (r): StackOutcome =>
      r.status === "succeeded" && r.result
        ? r.result
        : {
            stack: r.stack.path,
            state: notRun(r.status),
            elapsedMs: r.elapsedMs,
            message: outcomeMessage(r, started.has(r.stack.path)),
            logFile: started.has(r.stack.path) ? logFile(session.outDir, r.stack) : undefined,
          },
  );
  for (const r of runs) {
    if (!started.has(r.stack.path))
      session.report({ event: "done", command, stack: r.stack.path, state: notRun(r.status), elapsedMs: 0, message: outcomeMessage(r, false) });
  }
  if (session.hardSignal?.aborted) {
    for (const r of runs.filter((r) => started.has(r.stack.path) && FAILED_STATES.includes(notRun(r.status)))) await releaseOwnLock(session, r.stack);
  }
  return outcomes;
}

const notRun = (s: StackStatus): OutcomeState => (s === "succeeded" ? "failed" : s);

/** Why a stack did not finish: an interrupted one says so instead of terraform's last words. */
function outcomeMessage(r: { readonly status: StackStatus; readonly error?: unknown }, started: boolean): string | undefined {
  if (r.status === "cancelled") return started ? "interrupted before it finished (Ctrl-C)" : "not started: the run was interrupted";
  return errorMessage(r.error);
}

export function errorMessage(e: unknown): string | undefined {
  if (e === undefined) return undefined;
  return e instanceof Error ? e.message : String(e);
}

/**
 * After terraform was stopped hard, probe the stack's lock with a plan that may not wait for it; a
 * lock that berth's own user and host took is released with `force-unlock`. Someone else's stays.
 */
export async function releaseOwnLock(session: Session, stack: Stack): Promise<void> {
  const ctx = terraformContext(session, stack);
  const probe = await runTerraform({ ...ctx, hardSignal: undefined }, ["plan", "-input=false", "-no-color", "-lock-timeout=0s", "-refresh=false"], {
    okExitCodes: [0, 1, 2],
  }).catch(() => undefined);
  const lock = probe && parseLockError(probe.stderr);
  if (!lock) return;
  if (lock.who !== lockOwner()) {
    session.report({ event: "note", stack: stack.path, message: `state is locked by ${lock.who ?? "someone else"} (lock id ${lock.id}); not released` });
    return;
  }
  await runTerraform({ ...ctx, hardSignal: undefined }, ["force-unlock", "-force", "-no-color", lock.id]);
  session.report({ event: "note", stack: stack.path, message: `released the state lock ${lock.id} that the aborted run left behind` });
}
