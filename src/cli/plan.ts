/** `berth plan`: synthesizes the stacks, then plans each one in dependency order and prints a summary table. */
import { relative } from "node:path";
import { TerraformError, UsageError } from "../errors.js";
import { planOffline } from "../runner/offline.js";
import { formatSummary } from "../runner/summary.js";
import { writeStacks } from "../terraform/write.js";
import { type CommonOptions, loadStacks } from "./context.js";
import { println } from "./output.js";

export interface PlanOptions extends CommonOptions {
  readonly out: string;
  readonly offline?: boolean;
  readonly parallelism: number;
}

export async function plan(opts: PlanOptions): Promise<void> {
  if (!opts.offline) {
    throw new UsageError("planning against an AWS account is not available yet; only offline plans are", "add --offline to plan with mocked upstream outputs and no AWS account");
  }
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
