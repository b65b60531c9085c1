/**
 * `berth plan`: synthesizes the stacks, then plans them in dependency order through one pipeline.
 * Online (the default) it saves a plan per changed stack for `berth apply`, skipping stacks unchanged
 * since their last apply; `--offline` plans every selected stack against its upstream mocks with fake
 * credentials and no AWS account. Every flag means the same in both, or is refused.
 */
import { relative } from "node:path";
import { hasChanges } from "../runner/plan-details.js";
import { planStacks } from "../runner/plan-run.js";
import { writeStacks } from "../terraform/write.js";
import { println } from "./output.js";
import { finish, openRun, type RunnerFlags } from "./run-context.js";

export interface PlanOptions extends RunnerFlags {
  readonly all?: boolean;
  readonly detailedExitcode?: boolean;
}

export async function plan(opts: PlanOptions): Promise<void> {
  const ctx = await openRun(opts);
  try {
    const written = writeStacks(ctx.stacks, ctx.session.outDir, { configDir: ctx.configDir });
    const out = relative(process.cwd(), written.outDir) || ".";
    if (ctx.session.offline) {
      if (!ctx.json)
        println(
          `wrote ${written.written} of ${written.files} files to ${out}; planning ${ctx.selected.length} stacks offline (mocked upstream outputs, fake credentials)`,
        );
    }
    const outcomes = await planStacks(ctx.session, ctx.selected, { all: opts.all });
    const changes = outcomes.some((o) => (o.state === "planned" && o.details && hasChanges(o.details)) || o.state === "deferred");
    finish(ctx, outcomes, opts.detailedExitcode && changes);
    if (ctx.json || process.exitCode) return;
    if (ctx.session.offline) println(`\nplan.json written beside each stack in ${out}`);
    else if (outcomes.some((o) => o.state === "planned")) println("\nsaved plans are applied with `berth apply` (stale plans are refused)");
  } finally {
    ctx.interrupts.dispose();
  }
}
