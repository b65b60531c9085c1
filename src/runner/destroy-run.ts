/**
 * `berth destroy`: destroys the selected stacks downstream first, each with the variables of its
 * last apply (so it needs no upstream that is already gone), and removes its record afterwards.
 * A stack without a record was never applied by berth and is left alone.
 */
import type { Stack } from "../terraform/stack.js";
import { init, runTerraform } from "./driver.js";
import type { StackOutcome } from "./events.js";
import { runStacks, type Session, workCopy } from "./session.js";

export function destroyStacks(session: Session, selected: readonly Stack[]): Promise<StackOutcome[]> {
  return runStacks(session, "destroy", "destroy", selected, "destroying", async (stack, ctx) => {
    const record = await session.record(stack);
    if (!record) return { state: "not applied", message: `no apply record at ${session.store.where(stack)}` };
    workCopy(session, stack, record.vars);
    await init(ctx, ["-backend=true"]);
    await runTerraform(ctx, ["destroy", "-input=false", "-no-color", "-auto-approve"]);
    await session.store.remove(stack);
    return { state: "destroyed" };
  });
}
