/** `berth apply`: applies the plans `berth plan` saved, upstream first; prod needs confirmation. */
import { applyStacks } from "../runner/apply-run.js";
import { confirmChange, requireAllowDestroy, terminalAsk } from "../runner/guard.js";
import { destroys } from "../runner/plan-details.js";
import { readMeta } from "../runner/workspace.js";
import { envsOf, finish, openRun, type RunnerFlags } from "./run-context.js";

export async function apply(flags: RunnerFlags): Promise<void> {
  const ctx = await openRun(flags);
  try {
    const guard = { yes: flags.yes, allowDestroy: flags.allowDestroy, ask: terminalAsk() };
    for (const env of envsOf(ctx.selected).filter((e) => ctx.tierOf(e) === "prod")) {
      const planned = ctx.selected.filter((s) => s.env === env).map((s) => readMeta(ctx.session.outDir, s)).filter((m) => m?.status === "planned");
      if (planned.length === 0) continue;
      const destructive = planned.filter((m) => m!.details && destroys(m!.details)).map((m) => m!.stack);
      if (destructive.length > 0) requireAllowDestroy(env, `the saved plans of ${destructive.join(", ")} destroy or replace resources`, guard);
      await confirmChange(env, "prod", `applying ${planned.length} saved plans`, guard);
    }
    finish(ctx, await applyStacks(ctx.session, ctx.selected));
  } finally {
    ctx.interrupts.dispose();
  }
}
