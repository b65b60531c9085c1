/**
 * `planOffline`: the library entry to offline plans (rule 11) — one offline session over written stacks.
 * The plan runs through the same pipeline as online plans (`plan-run.ts`); `mocks.ts` supplies the
 * inputs and overrides that make it need no AWS account.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import type { Stack } from "../terraform/stack.js";
import type { StackOutcome } from "./events.js";
import type { ChangeCounts } from "./plan-details.js";
import { planStacks } from "./plan-run.js";
import type { StackStatus } from "./queue.js";
import type { RecordStore } from "./records.js";
import { createSession } from "./session.js";
import { checkTerraform, terraformEnv, type TerraformEnv } from "./terraform-env.js";
import { offlineEnv } from "./mocks.js";
import { logFile, stackDir } from "./workspace.js";

export interface OfflinePlanOptions {
  /** Stacks planned at once; default 2 (each plan loads the ~700 MB provider into memory). */
  readonly parallelism?: number;
  readonly signal?: AbortSignal;
  /** Defaults to `terraformEnv()`. */
  readonly tf?: TerraformEnv;
  /** Progress lines for the terminal. */
  readonly log?: (message: string) => void;
  /** Plan only the stacks with these paths; the others still provide mock outputs. */
  readonly only?: readonly string[];
}

export interface OfflinePlanResult {
  /** The stack path, `<env>/<region>/<id>`. */
  readonly stack: string;
  readonly status: StackStatus;
  readonly elapsedMs: number;
  /** Set when the plan succeeded. */
  readonly changes?: ChangeCounts;
  readonly planFile: string;
  readonly logFile: string;
  readonly error?: unknown;
}

/** Offline sessions read no apply record: their inputs are mocks. */
export const NO_RECORDS: RecordStore = {
  read: async () => undefined,
  write: async (stack) => {
    throw new Error(`bug: an offline run tried to record an apply of ${stack.path}`);
  },
  remove: async () => undefined,
  where: () => "(offline: no records)",
};

/** Plans each stack in `<outDir>/<stack.path>/` offline, dependency-first; resolves with one result per stack. */
export async function planOffline(stacks: readonly Stack[], outDir: string, opts: OfflinePlanOptions = {}): Promise<OfflinePlanResult[]> {
  const tf = offlineEnv(opts.tf ?? terraformEnv());
  await checkTerraform(tf);
  for (const s of stacks) {
    if (!existsSync(stackDir(outDir, s))) throw new UsageError(`stack ${s.path} has not been written to ${stackDir(outDir, s)}.`);
  }
  const session = createSession({
    outDir,
    stacks,
    store: NO_RECORDS,
    tf,
    offline: true,
    parallelism: opts.parallelism,
    signal: opts.signal,
    report: (e) => {
      if (e.event === "start" && opts.log) {
        const stack = stacks.find((s) => s.path === e.stack);
        if (stack && stack.inputs.length > 0)
          opts.log(`${stack.path}: planning with mock outputs of ${[...new Set(stack.inputs.map((i) => i.stack))].join(", ")}`);
      }
    },
  });
  const selected = opts.only ? stacks.filter((s) => opts.only!.includes(s.path)) : stacks;
  const outcomes = await planStacks(session, selected);
  return outcomes.map((o) => result(o, stacks.find((s) => s.path === o.stack)!, session.outDir));
}

function result(o: StackOutcome, stack: Stack, outDir: string): OfflinePlanResult {
  const ok = o.state === "planned" || o.state === "no changes";
  return {
    stack: o.stack,
    status: ok ? "succeeded" : o.state === "skipped" || o.state === "cancelled" ? o.state : "failed",
    elapsedMs: o.elapsedMs,
    changes: o.details?.counts,
    planFile: join(stackDir(outDir, stack), "plan.json"),
    logFile: logFile(outDir, stack),
    error: ok ? undefined : new Error(o.message ?? o.state),
  };
}
