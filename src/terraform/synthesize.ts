/**
 * `synthesize(model, out)`: renders every stack of the model and writes what changed, like `writeStacks`,
 * one stack at a time, on this thread or, when asked, also on synth workers. The stacks are handed out
 * one at a time from a shared counter to this thread and to the workers (`synth-worker.ts`), each running the same loop
 * (`synthShare`): render, print, stage. This thread then merges their decisions in the model's order and
 * commits them (`applyWrite`), so the result is the same bytes whatever the number of threads — only the
 * time changes. One thread is the default: on the 2-core machine berth is measured on, a worker made the
 * 600-stack bench slower (two isolates allocating at once; see docs/architecture.md), so more threads are
 * taken only when asked (`BERTH_SYNTH_THREADS`).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { UsageError } from "../errors.js";
import type { Model } from "../model/types.js";
import { extensionWarnings } from "./extensions.js";
import { withSignalsHeldAsync } from "./hold-signals.js";
import { prepareOutDir } from "./out-dir.js";
import { startStageWriter } from "./stage-writer.js";
import { plannedStacks, type SynthedStack, synthShare } from "./synth-share.js";
import { applyWrite, type WriteOptions, type WriteResult } from "./write.js";
import { createStaging, recoverLeftovers } from "./write-commit.js";
import type { Stage } from "./write-plan.js";

export interface SynthOptions extends WriteOptions {
  /** Threads to use, this one included; default 1. */
  readonly threads?: number;
  /**
   * This thread takes its first stack only once every worker has started (tests: a worker starts ~100 ms
   * after this thread, which may render every stack of a small model first). Costs that wait otherwise.
   */
  readonly waitForWorkers?: boolean;
}

export interface SynthResult extends WriteResult {
  /** Every stack written, in the model's order, with what the synth summary shows of it. */
  readonly stacks: readonly { readonly path: string; readonly files: number; readonly dependsOn: readonly string[] }[];
  /** Threads started (this one included). */
  readonly threads: number;
  /** How many stacks each thread rendered, this one first (a worker may get none when the others were quicker). */
  readonly shares: readonly number[];
}

/** What a synth worker is given: the model (copied), where to stage, and the shared stack counter. */
export interface SynthWorkerData {
  readonly model: Model;
  readonly out: string;
  readonly stagingDir: string;
  readonly configDir?: string;
  readonly counter: Int32Array;
}

/** A synth worker's first message: it has loaded and takes stacks from now on. */
export type SynthWorkerReady = { readonly ready: true };

/** What a synth worker answers: its stacks' decisions, or the error that stopped it. */
export type SynthWorkerReply =
  | { readonly ok: readonly SynthedStack[] }
  | { readonly error: { readonly name: string; readonly message: string; readonly hint?: string; readonly code?: string } };

const WORKER = new URL("./synth-worker.js", import.meta.url);

export async function synthesize(model: Model, outDir: string, opts: SynthOptions = {}): Promise<SynthResult> {
  const out = prepareOutDir(outDir);
  const planned = plannedStacks(model);
  const threads = threadsFor(planned.length, opts.threads);
  return withSignalsHeldAsync(async () => {
    const recovered = recoverLeftovers(out);
    const warnings =
      opts.configDir === undefined
        ? []
        : extensionWarnings(
            opts.configDir,
            planned.map(([, plan]) => plan),
          );
    const staging = createStaging(out);
    const writer = startStageWriter(staging.dir);
    try {
      const stage = writer?.stage ?? staging.stage;
      const shares = await inThreads(
        model,
        planned.length,
        threads,
        { out, stagingDir: staging.dir, configDir: opts.configDir },
        stage,
        opts.waitForWorkers === true,
      );
      await writer?.flush();
      const decided = shares.flat().sort((a, b) => a.index - b.index);
      const result = applyWrite(outDir, staging.dir, decided, [...recovered, ...warnings]);
      const stacks = decided.map((s) => ({ path: s.path, files: s.files, dependsOn: s.dependsOn }));
      return { ...result, stacks, threads, shares: shares.map((s) => s.length) };
    } finally {
      await writer?.close();
      staging.discard();
    }
  });
}

/** The threads a synth of `stacks` stacks uses: as asked (at most one per stack), else one. */
function threadsFor(stacks: number, asked: number | undefined): number {
  const canWork = existsSync(fileURLToPath(WORKER)); // not when running from the TypeScript sources
  if (!canWork || asked === undefined) return 1;
  return Math.max(1, Math.min(asked, stacks || 1));
}

async function inThreads(
  model: Model,
  count: number,
  threads: number,
  place: Omit<SynthWorkerData, "model" | "counter">,
  stage: Stage,
  waitForWorkers: boolean,
): Promise<(readonly SynthedStack[])[]> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const started: Promise<void>[] = [];
  const workers = Array.from({ length: threads - 1 }, () => runWorker({ model, counter, ...place }, started));
  let mine: SynthedStack[];
  try {
    if (waitForWorkers) await Promise.race([Promise.all(started), Promise.allSettled(workers)]);
    mine = synthShare(model, { out: place.out, configDir: place.configDir, stage, take: () => Atomics.add(counter, 0, 1) });
  } catch (e) {
    Atomics.store(counter, 0, count); // the workers take no more stacks
    await Promise.allSettled(workers);
    throw e;
  }
  return [mine, ...(await Promise.all(workers))];
}

/** Starts a worker; `started` gets a promise that resolves when it has loaded (or never, if it fails first). */
function runWorker(data: SynthWorkerData, started: Promise<void>[]): Promise<readonly SynthedStack[]> {
  let ready: () => void = () => {};
  started.push(new Promise((r) => (ready = r)));
  return new Promise((done, fail) => {
    // No node flags: a worker refuses many of them (--input-type, V8's heap and GC flags) and needs none.
    const worker = new Worker(WORKER, { workerData: data, execArgv: [] });
    let settled = false;
    worker.on("message", (reply: SynthWorkerReply | SynthWorkerReady) => {
      if ("ready" in reply) return ready();
      settled = true;
      if ("ok" in reply) done(reply.ok);
      else fail(rebuild(reply.error));
    });
    worker.once("error", (e) => {
      settled = true;
      fail(e);
    });
    worker.once("exit", (code) => {
      if (!settled) fail(new Error(`a synth worker exited with code ${code} before answering`));
    });
  });
}

/** The worker's error as this thread would have thrown it: a user error stays one (exit 2), fs codes are kept. */
function rebuild(e: { name: string; message: string; hint?: string; code?: string }): Error {
  if (e.name === "UsageError") return new UsageError(e.message, e.hint);
  return Object.assign(new Error(e.message), e.code === undefined ? {} : { code: e.code });
}
