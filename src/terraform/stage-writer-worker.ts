/**
 * The staging writer thread (see `stage-writer.ts`): writes the batches of files it is sent below the
 * staging folder, in order, and answers each `flush` with how it went. It imports nothing of berth's, so
 * it starts in a few milliseconds while the main thread renders.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";

/** A batch of files (relative path, content), or a request to answer once every earlier batch is written. */
export type StageWriterMessage = { readonly files: readonly (readonly [string, string | Uint8Array])[] } | { readonly flush: true };

/** The answer to a flush: every file written, or the first failure (later files were not attempted). */
export type StageWriterReply = { readonly ok: true } | { readonly error: { readonly message: string; readonly code?: string; readonly path?: string } };

const dir = (workerData as { dir: string }).dir;
const made = new Set<string>();
let failed: StageWriterReply | undefined;

parentPort!.on("message", (message: StageWriterMessage) => {
  if ("flush" in message) {
    parentPort!.postMessage(failed ?? { ok: true });
    return;
  }
  if (failed !== undefined) return;
  try {
    for (const [rel, content] of message.files) {
      const parent = dirname(rel);
      if (!made.has(parent)) {
        mkdirSync(join(dir, parent), { recursive: true });
        made.add(parent);
      }
      writeFileSync(join(dir, rel), content);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    failed = { error: { message: err.message, code: err.code, path: err.path } };
  }
});
