/**
 * Runs a synchronous function with Ctrl-C and termination held back, so it can finish its cleanup: a
 * signal that arrives meanwhile is delivered once the function has returned — to the process's other
 * listeners if it has any, otherwise by the signal's default action (the process ends as it would have).
 */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export function withSignalsHeld<T>(fn: () => T): T {
  const hold = (signal: NodeJS.Signals): void => {
    if (process.listenerCount(signal) > 1) return; // someone else handles it
    release();
    process.kill(process.pid, signal);
  };
  const release = (): void => {
    for (const s of SIGNALS) process.off(s, hold);
  };
  for (const s of SIGNALS) process.on(s, hold);
  try {
    return fn();
  } finally {
    // A signal that came during fn waits in the event loop until its next poll phase; two hops of
    // setImmediate always have a poll phase between them, so the listener is still there to take it.
    setImmediate(() => setImmediate(release));
  }
}
