/**
 * Runs a synchronous function with Ctrl-C and termination held back, so it can finish its cleanup: a
 * signal that arrives meanwhile is delivered once the function has returned — to the process's other
 * listeners if it has any, otherwise by the signal's default action (the process ends as it would have).
 * One set of listeners serves every call, so back-to-back writes do not pile listeners up.
 */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

let installed = false;
let release: NodeJS.Immediate | undefined;
/** Asynchronous holds running, and the first signal that came during them. */
let asyncHolds = 0;
let pending: NodeJS.Signals | undefined;

/**
 * The same for an asynchronous function (its event loop keeps running, so the listener sees the signal
 * at once): the signal is kept until the function has settled, then delivered the same way.
 */
export async function withSignalsHeldAsync<T>(fn: () => Promise<T>): Promise<T> {
  if (release) clearImmediate(release);
  release = undefined;
  if (!installed) {
    for (const s of SIGNALS) process.on(s, deliver);
    installed = true;
  }
  asyncHolds++;
  try {
    return await fn();
  } finally {
    // A signal already sent may still wait in the event loop for its next poll phase (the function's last
    // step may have run first); two hops of setImmediate always have one between them.
    await new Promise((hop) => setImmediate(() => setImmediate(hop)));
    asyncHolds--;
    if (asyncHolds === 0) {
      const signal = pending;
      pending = undefined;
      if (signal) deliver(signal);
      else uninstall();
    }
  }
}

export function withSignalsHeld<T>(fn: () => T): T {
  if (release) clearImmediate(release);
  release = undefined;
  if (!installed) {
    for (const s of SIGNALS) process.on(s, deliver);
    installed = true;
  }
  try {
    return fn();
  } finally {
    // A signal that came during fn waits in the event loop until its next poll phase; two hops of
    // setImmediate always have a poll phase between them, so the listener is still there to take it.
    release = setImmediate(() => {
      release = setImmediate(() => {
        release = undefined;
        uninstall();
      });
    });
  }
}

function deliver(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // someone else handles it
  if (asyncHolds > 0) {
    pending ??= signal;
    return;
  }
  uninstall();
  process.kill(process.pid, signal);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, deliver);
  installed = false;
}
