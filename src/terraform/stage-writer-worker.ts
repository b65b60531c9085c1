/**
 * The staging writer thread (see `stage-writer.ts`): writes the batches of files it is sent below the
 * staging folder, in order, and answers each `flush` with how it went. It imports nothing of berth's, so
 * it starts in a few milliseconds while the main thread renders.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";

/**
 * A batch of files, or a request to answer once every earlier batch is written. A batch's texts travel as
 * one string (`text`: each file's relative path then its content, their lengths in `lengths`, two per
 * file): one string is copied in one piece, where a list of thousands of small ones is cloned item by
 * item. Binary files (packages) travel as they are.
 */
export type StageWriterMessage =
  | { readonly text: string; readonly lengths: readonly number[]; readonly binary: readonly (readonly [string, Uint8Array])[] }
  | { readonly flush: true };

/** The answer to a flush: every file written, or the first failure (later files were not attempted). */
export type StageWriterReply = { readonly ok: true } | { readonly error: { readonly message: string; readonly code?: string; readonly path?: string } };

const dir = (workerData as { dir: string }).dir;
const made = new Set<string>();
let failed: StageWriterReply | undefined;

function write(rel: string, content: string | Uint8Array): void {
  const parent = dirname(rel);
  if (!made.has(parent)) {
    mkdirSync(join(dir, parent), { recursive: true });
    made.add(parent);
  }
  writeFileSync(join(dir, rel), content);
}

parentPort!.on("message", (message: StageWriterMessage) => {
  if ("flush" in message) {
    parentPort!.postMessage(failed ?? { ok: true });
    return;
  }
  if (failed !== undefined) return;
  try {
    const { text, lengths } = message;
    for (let i = 0, at = 0; i < lengths.length; i += 2) {
      const rel = text.slice(at, (at += lengths[i]!));
      write(rel, text.slice(at, (at += lengths[i + 1]!)));
    }
    for (const [rel, bytes] of message.binary) write(rel, bytes);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    failed = { error: { message: err.message, code: err.code, path: err.path } };
  }
});
