/**
 * Staging on a writer thread: `stage(rel, content)` hands the file to a thread that writes it below the
 * staging folder while this thread goes on rendering, so creating thousands of files on disk overlaps
 * with printing them instead of following it. Files are sent in batches (a message per file costs more
 * than writing a small one); `flush()` sends the rest and resolves once everything is on disk, or rejects
 * with the first write's error as `writeFileSync` would have thrown it. Content sent is not held here,
 * so memory stays one batch per thread. Used by `synthesize` (the path every synth takes); `writeStacks`
 * and tests stage synchronously with `stager`.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { StageWriterMessage, StageWriterReply } from "./stage-writer-worker.js";
import type { Stage } from "./write-plan.js";

const WORKER = new URL("./stage-writer-worker.js", import.meta.url);
/** Files per message: large enough that messaging costs little, small enough that the writer starts early. */
const BATCH_FILES = 48;

export interface StageWriter {
  readonly stage: Stage;
  /** Resolves when every staged file is written; rejects with the first failure. */
  flush(): Promise<void>;
  /** Stops the thread (after `flush`, or to abandon the write). */
  close(): Promise<void>;
}

/** A writer thread for the staging folder `dir`, or undefined when none can run (from the TypeScript sources). */
export function startStageWriter(dir: string): StageWriter | undefined {
  if (!existsSync(fileURLToPath(WORKER))) return undefined;
  const worker = new Worker(WORKER, { workerData: { dir }, execArgv: [] });
  let text = "";
  let lengths: number[] = [];
  let binary: [string, Uint8Array][] = [];
  let files = 0;
  let broken: Error | undefined;
  worker.on("error", (e) => {
    broken ??= e;
  });
  const send = (message: StageWriterMessage) => worker.postMessage(message);
  const sendBatch = () => {
    if (files === 0) return;
    send({ text, lengths, binary });
    text = "";
    lengths = [];
    binary = [];
    files = 0;
  };
  const stage: Stage = (rel, content) => {
    if (typeof content === "string") {
      text += rel + content;
      lengths.push(rel.length, content.length);
    } else binary.push([rel, content]);
    if (++files >= BATCH_FILES) sendBatch();
  };
  const flush = (): Promise<void> => {
    sendBatch();
    if (broken !== undefined) return Promise.reject(broken);
    return new Promise((done, fail) => {
      const onExit = (code: number) => fail(broken ?? new Error(`the staging writer exited with code ${code}`));
      worker.once("exit", onExit);
      worker.once("message", (reply: StageWriterReply) => {
        worker.off("exit", onExit);
        if ("ok" in reply) done();
        else fail(Object.assign(new Error(reply.error.message), { code: reply.error.code, path: reply.error.path }));
      });
      send({ flush: true });
    });
  };
  const close = async () => {
    await worker.terminate();
  };
  return { stage, flush, close };
}
