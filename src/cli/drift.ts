/** `berth drift`: a refresh-only plan of every selected stack; exit 3 with --detailed-exitcode when something drifted. */
import { driftStacks } from "../runner/drift-run.js";
import { finish, openRun, type RunnerFlags } from "./run-context.js";

export async function drift(flags: RunnerFlags & { detailedExitcode?: boolean }): Promise<void> {
  const ctx = await openRun(flags);
  try {
    const outcomes = await driftStacks(ctx.session, ctx.selected);
    finish(ctx, outcomes, flags.detailedExitcode && outcomes.some((o) => o.state === "drifted"));
  } finally {
    ctx.interrupts.dispose();
  }
}
