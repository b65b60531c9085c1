/**
 * Ctrl-C for long runs: the first SIGINT asks terraform to stop gracefully (berth forwards one
 * SIGINT; terraform finishes in-flight changes, saves state and releases its lock) and starts no
 * new stack; the second aborts (terraform exits at once, and berth releases the lock it left).
 */
export interface Interrupts {
  readonly signal: AbortSignal;
  readonly hardSignal: AbortSignal;
  dispose(): void;
}

export function handleInterrupts(note: (message: string) => void, proc: NodeJS.Process = process): Interrupts {
  const graceful = new AbortController();
  const hard = new AbortController();
  const onSigint = () => {
    if (!graceful.signal.aborted) {
      note("interrupted: terraform is finishing what it started and releasing its state locks; no new stack starts. Press Ctrl-C again to abort at once.");
      graceful.abort(new Error("interrupted"));
    } else if (!hard.signal.aborted) {
      note("aborting: terraform stops now; berth then releases any state lock it left behind.");
      hard.abort(new Error("aborted"));
    }
  };
  proc.on("SIGINT", onSigint);
  proc.on("SIGTERM", onSigint);
  return {
    signal: graceful.signal,
    hardSignal: hard.signal,
    dispose: () => {
      proc.off("SIGINT", onSigint);
      proc.off("SIGTERM", onSigint);
    },
  };
}
