/**
 * What the runner commands share: flags → a runner session over the config's stacks (terraform or
 * OpenTofu, the apply-record store, LocalStack endpoint, parallelism, Ctrl-C handling, progress or
 * NDJSON output), the `--stack` selection, the tiers of the environments, and exit codes.
 */
import { UsageError } from "../errors.js";
import type { Model, Tier } from "../model/types.js";
import { Accounts } from "../runner/accounts.js";
import { type AwsCli, awsCli } from "../runner/aws-cli.js";
import { FAILED_STATES, jsonReporter, lineReporter, type Reporter, type StackOutcome } from "../runner/events.js";
import { handleInterrupts, type Interrupts } from "../runner/interrupts.js";
import { offlineEnv } from "../runner/mocks.js";
import { NO_RECORDS } from "../runner/offline.js";
import { type RecordStore, recordStore } from "../runner/records.js";
import { selectStacks } from "../runner/select.js";
import { createSession, type Session } from "../runner/session.js";
import { formatOutcomes } from "../runner/summary.js";
import { checkTerraform, terraformEnv } from "../runner/terraform-env.js";
import { prepareOutDir } from "../terraform/out-dir.js";
import type { Stack } from "../terraform/stack.js";
import { type CommonOptions, loadStacks } from "./context.js";

export interface RunnerFlags extends CommonOptions {
  readonly out: string;
  readonly stack?: string[];
  /** Only the stacks of this region (`--region`). */
  readonly region?: string;
  readonly parallelism: number;
  readonly json?: boolean;
  readonly tfBinary?: string;
  readonly endpoint?: string;
  readonly yes?: boolean;
  readonly allowDestroy?: boolean;
  /** Plan against upstream mocks with fake credentials: no AWS account, no records (`plan --offline`). */
  readonly offline?: boolean;
}

export interface RunContext {
  readonly model: Model;
  /** The config's folder, for the `terraform/` extension files `writeStacks` copies. */
  readonly configDir: string;
  readonly stacks: Stack[];
  readonly selected: Stack[];
  readonly session: Session;
  readonly aws: AwsCli;
  /** The accounts of the run's environments: their roles' credentials, and the check before changes. */
  readonly accounts: Accounts;
  readonly report: Reporter;
  readonly interrupts: Interrupts;
  readonly json: boolean;
  tierOf(env: string): Tier;
}

export async function openRun(flags: RunnerFlags): Promise<RunContext> {
  checkFlags(flags);
  const { model, stacks, configDir } = await loadStacks(flags);
  const selected = selectStacks(stacks, flags.stack, flags.region);
  const base = flags.tfBinary ? { ...process.env, BERTH_TF_BINARY: flags.tfBinary } : process.env;
  const tf = flags.offline ? offlineEnv(terraformEnv({ base })) : terraformEnv({ base });
  await checkTerraform(tf);
  const outDir = prepareOutDir(flags.out);
  const aws = awsCli({ endpoint: flags.endpoint });
  // LocalStack runs use local state, so their records stay local too; offline runs read none.
  const accounts = new Accounts(aws);
  const store: RecordStore = flags.offline ? NO_RECORDS : recordStore(accounts, outDir);
  const json = flags.json === true;
  const report = json ? jsonReporter((l) => process.stdout.write(`${l}\n`)) : lineReporter((l) => process.stdout.write(`${l}\n`));
  const interrupts = handleInterrupts((message) => report({ event: "note", message }));
  const session = createSession({
    outDir,
    stacks,
    store,
    tf,
    endpoint: flags.endpoint,
    offline: flags.offline,
    parallelism: flags.parallelism,
    signal: interrupts.signal,
    hardSignal: interrupts.hardSignal,
    report,
  });
  const tiers = new Map(model.environments.map((e) => [e.name, e.tier]));
  return { model, configDir, stacks, selected, session, aws, accounts, report, interrupts, json, tierOf: (env) => tiers.get(env) ?? "dev" };
}

function checkFlags(flags: RunnerFlags): void {
  if (!Number.isInteger(flags.parallelism) || flags.parallelism < 1) throw new UsageError(`--parallelism must be a positive integer; got ${flags.parallelism}`);
  if (flags.offline && flags.endpoint !== undefined) {
    throw new UsageError(
      "--offline and --endpoint exclude each other: an offline plan uses fake credentials and reaches no endpoint",
      "drop --offline to plan against the endpoint, or drop --endpoint",
    );
  }
  if (flags.endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.endpoint)) {
    throw new UsageError(`--endpoint must be an http(s) URL; got ${JSON.stringify(flags.endpoint)}`, "e.g. --endpoint http://localhost:4566 for LocalStack");
  }
}

/**
 * Prints the final table (or nothing with --json) and sets the exit code: 130 when Ctrl-C stopped the
 * run, 1 when a stack failed, 3 for changes when asked (`--detailed-exitcode`).
 */
export function finish(ctx: RunContext, outcomes: readonly StackOutcome[], changesExitCode?: boolean): void {
  if (!ctx.json) process.stdout.write(`\n${formatOutcomes(outcomes, process.cwd(), groupOf(ctx.stacks))}`);
  const failed = outcomes.some((o) => FAILED_STATES.includes(o.state));
  if (ctx.interrupts.signal.aborted) {
    ctx.report({ event: "note", message: "cancelled" });
    process.exitCode = 130;
  } else if (failed) process.exitCode = 1;
  else if (changesExitCode) process.exitCode = 3;
}

/** A stack path's group in the summary: `account <id> · <region>` (the caller's account when the config names none). */
export function groupOf(stacks: readonly Stack[]): (path: string) => string {
  const byPath = new Map(stacks.map((s) => [s.path, s]));
  return (path) => {
    const s = byPath.get(path);
    if (!s) return "";
    return `account ${s.providers[0]?.account ?? "of the caller's credentials"} · ${s.region}`;
  };
}

/** Environments of the selected stacks, each once, in order. */
/** Refuses (exit 2) credentials in another account than a selected environment's, before anything changes. */
export async function checkAccounts(ctx: RunContext): Promise<void> {
  const names = new Set(envsOf(ctx.selected));
  await ctx.accounts.check(ctx.model.environments.filter((e) => names.has(e.name)));
}

export const envsOf = (stacks: readonly Stack[]): string[] => [...new Set(stacks.map((s) => s.env))];
