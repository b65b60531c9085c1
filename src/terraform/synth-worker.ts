/** A synth worker thread (see `synthesize.ts`): takes stacks from the shared counter until none are left. */
import { parentPort, workerData } from "node:worker_threads";
import { synthShare } from "./synth-share.js";
import type { SynthWorkerData, SynthWorkerReady, SynthWorkerReply } from "./synthesize.js";
import { stager } from "./write-commit.js";

const data = workerData as SynthWorkerData;
let reply: SynthWorkerReply;
parentPort!.postMessage({ ready: true } satisfies SynthWorkerReady);
try {
  const ok = synthShare(data.model, {
    out: data.out,
    configDir: data.configDir,
    stage: stager(data.stagingDir),
    take: () => Atomics.add(data.counter, 0, 1),
  });
  reply = { ok };
} catch (e) {
  Atomics.store(data.counter, 0, 0x3fffffff); // past any stack: the other threads take no more (and adding to it cannot overflow)
  const err = e as Error & { hint?: string; code?: string };
  reply = { error: { name: err.name, message: err.message, hint: err.hint, code: err.code } };
}
parentPort!.postMessage(reply);
