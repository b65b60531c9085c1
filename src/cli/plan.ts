/**
 * `berth plan`: synthesizes the stacks, then plans them in dependency order. Online (the default) it
 * saves a plan per changed stack for `berth apply`, skipping stacks unchanged since their last apply;
 * `--offline` plans every stack with mocked upstream outputs and no AWS account.
 */
import { relative } from "node:path";
import { TerraformError, UsageError } from "../errors.js";
import { hasChanges } from "../runner/plan-details.js";
import { planOffline } from "../runner/offline.js";
import { planStacks } from "../runner/plan-run.js";
import { formatSummary } from "../runner/summary.js";
import { terraformEnv } from "../runner/terraform-env.js";
import { writeStacks } from "../terraform/write.js";
import { writeStackVars } from "../runner/workspace.js";
import { loadStacks } from "./context.js";
import { println } from "./output.js";
import { finish, openRun, type RunnerFlags } from "./run-context.js";

export interface PlanOptions extends RunnerFlags {
  readonly offline?: boolean;
  readonly all?: boolean;
  readonly detailedExitcode?: boolean;
}

export async function plan(opts: PlanOptions): Promise<void> {
  if (opts.offline) return planOfflineCommand(opts);
  const ctx = await openRun(opts);
  try {
    writeStacks(ctx.stacks, ctx.session.outDir);
    // Writing swaps whole environment folders: give the stacks this run does not plan their inputs back.
    for (const s of ctx.stacks.filter((s) => !ctx.selected.includes(s))) {
      const record = await ctx.session.record(s);
      if (record) writeStackVars(ctx.session.outDir, s, record.vars);
    }
    const outcomes = await planStacks(ctx.session, ctx.selected, { all: opts.all });
    const changes = outcomes.some((o) => (o.state === "planned" && o.details && hasChanges(o.details)) || o.state === "deferred");
    finish(ctx, outcomes, opts.detailedExitcode && changes);
    if (!ctx.json && outcomes.some((o) => o.state === "planned")) println("\nsaved plans are applied with `berth apply` (stale plans are refused)");
  } finally {
    ctx.interrupts.dispose();
  }
}

async function planOfflineCommand(opts: PlanOptions): Promise<void> {
  if (!Number.isInteger(opts.parallelism) || opts.parallelism < 1) throw new UsageError(`--parallelism must be a positive integer; got ${opts.parallelism}`);
  const { stacks } = await loadStacks(opts);
  const written = writeStacks(stacks, opts.out);
  const out = relative(process.cwd(), written.outDir) || ".";
  println(`wrote ${written.files} files to ${out}; planning ${stacks.length} stacks offline (mocked upstream outputs, fake credentials)`);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once("SIGINT", onInterrupt);
  try {
    const results = await planOffline(stacks, written.outDir, {
      parallelism: opts.parallelism,
      signal: controller.signal,
      tf: opts.tfBinary ? terraformEnv({ base: { ...process.env, BERTH_TF_BINARY: opts.tfBinary } }) : undefined,
      log: (m) => process.stderr.write(`${m}\n`),
    });
    println();
    process.stdout.write(formatSummary(results));
    const failed = results.filter((r) => r.status !== "succeeded");
    for (const r of failed) {
      if (r.error instanceof TerraformError) process.stderr.write(`\n${r.stack}: ${r.error.message}\n  log: ${relative(process.cwd(), r.logFile)}\n`);
      else if (r.error) process.stderr.write(`\n${r.stack}: ${(r.error as Error).message ?? String(r.error)}\n`);
    }
    if (failed.length > 0) process.exitCode = 1;
    else println(`\nplan.json written beside each stack in ${out}`);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
