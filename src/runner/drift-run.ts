/**
 * `berth drift`: a refresh-only plan of every selected stack with the variables of its last apply,
 * reporting per stack the resources that changed outside terraform. Fingerprints are not consulted:
 * drift happens precisely where berth changed nothing.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Stack } from "../terraform/stack.js";
import { init, plan, runTerraform } from "./driver.js";
import type { StackOutcome } from "./events.js";
import { driftEntries } from "./plan-details.js";
import { runStacks, type Session, workCopy } from "./session.js";

export function driftStacks(session: Session, selected: readonly Stack[]): Promise<StackOutcome[]> {
  return runStacks(session, "drift", "apply", selected, "checking drift", async (stack, ctx) => {
    const record = await session.record(stack);
    if (!record) return { state: "not applied", message: `no apply record at ${session.store.where(stack)}` };
    const dir = workCopy(session, stack, record.vars);
    await init(ctx, ["-backend=true"]);
    await plan(ctx, ["-refresh-only", "-detailed-exitcode", "-out=drift.tfplan"], { okExitCodes: [0, 2] });
    const { stdout } = await runTerraform(ctx, ["show", "-json", "-no-color", "drift.tfplan"], { logStdout: false });
    writeFileSync(join(dir, "drift.json"), stdout);
    const drift = driftEntries(JSON.parse(stdout));
    return drift.length > 0 ? { state: "drifted", drift } : { state: "in sync" };
  });
}
