/** `berth destroy`: destroys the selected stacks downstream first; always confirmed, and in prod only with --allow-destroy. */
import { destroyStacks } from "../runner/destroy-run.js";
import { confirmChange, requireAllowDestroy, terminalAsk } from "../runner/guard.js";
import { checkAccounts, envsOf, finish, openRun, type RunnerFlags } from "./run-context.js";

export async function destroy(flags: RunnerFlags): Promise<void> {
  const ctx = await openRun(flags);
  try {
    await checkAccounts(ctx);
    const guard = { yes: flags.yes, allowDestroy: flags.allowDestroy, ask: terminalAsk() };
    for (const env of envsOf(ctx.selected)) {
      const what = `destroying ${ctx.selected.filter((s) => s.env === env).length} stacks`;
      if (ctx.tierOf(env) === "prod") requireAllowDestroy(env, what, guard);
      await confirmChange(env, ctx.tierOf(env), what, guard);
    }
    finish(ctx, await destroyStacks(ctx.session, ctx.selected));
  } finally {
    ctx.interrupts.dispose();
  }
}
