/**
 * Runs a synchronous function with Ctrl-C and termination held back, so it can finish its cleanup: a
 * signal that arrives meanwhile is delivered once the function has returned — to the process's other
 * listeners if it has any, otherwise by the signal's default action (the process ends as it would have).
 * One set of listeners serves every call, so back-to-back writes do not pile listeners up.
 */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

let installed = false;
let release: NodeJS.Immediate | undefined;

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
  uninstall();
  process.kill(process.pid, signal);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, deliver);
  installed = false;
}
