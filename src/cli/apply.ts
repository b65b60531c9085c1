/** `berth apply`: applies the plans `berth plan` saved, upstream first; prod needs confirmation. */
import { applyStacks } from "../runner/apply-run.js";
import { confirmChange, requireAllowDestroy, terminalAsk } from "../runner/guard.js";
import { destroys } from "../runner/plan-details.js";
import { readMeta } from "../runner/workspace.js";
import { checkAccounts, envsOf, finish, openRun, type RunnerFlags } from "./run-context.js";

export async function apply(flags: RunnerFlags & { planDeferred?: boolean }): Promise<void> {
  const ctx = await openRun(flags);
  try {
    await checkAccounts(ctx);
    const guard = { yes: flags.yes, allowDestroy: flags.allowDestroy, ask: terminalAsk() };
    for (const env of envsOf(ctx.selected).filter((e) => ctx.tierOf(e) === "prod")) {
      const metas = ctx.selected.filter((s) => s.env === env).map((s) => readMeta(ctx.session.outDir, s));
      const planned = metas.filter((m) => m?.status === "planned");
      const deferred = flags.planDeferred ? metas.filter((m) => m?.status === "deferred").length : 0;
      if (planned.length + deferred === 0) continue;
      const destructive = planned.filter((m) => m!.details && destroys(m!.details)).map((m) => m!.stack);
      if (destructive.length > 0) requireAllowDestroy(env, `the saved plans of ${destructive.join(", ")} destroy or replace resources`, guard);
      const then = deferred > 0 ? ` and creating ${deferred} deferred stacks once their upstream is applied` : "";
      await confirmChange(env, "prod", `applying ${planned.length} saved plans${then}`, guard);
    }
    finish(ctx, await applyStacks(ctx.session, ctx.selected, { planDeferred: flags.planDeferred }));
  } finally {
    ctx.interrupts.dispose();
  }
}
