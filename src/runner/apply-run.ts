/**
 * `berth apply`: applies exactly the plans `berth plan` saved, upstream first. A plan is refused as
 * stale when the config renders different files, or when an upstream output it read has changed
 * since (an upstream applied in this run, or by someone else). After each apply the stack's outputs
 * and fingerprint are recorded beside its state, and the spent plan is removed. With no saved plan for
 * any selected stack there is nothing to apply: that is a user error, never a silent success.
 */
import { hostname, userInfo } from "node:os";
import { relative } from "node:path";
import { BerthError, UsageError } from "../errors.js";
import type { Stack, TfValue } from "../terraform/stack.js";
import { outputsJson, runTerraform, type TerraformContext } from "./driver.js";
import type { StackOutcome } from "./events.js";
import { filesHash, sameValue } from "./fingerprint.js";
import { destroys } from "./plan-details.js";
import { planStack } from "./plan-run.js";
import type { StackRecord } from "./records.js";
import { runStacks, type Session, wireVars } from "./session.js";
import { clearPlan, PLAN_FILE, type PlanMeta, readMeta, stackSources } from "./workspace.js";

/** A saved plan that no longer matches the config or the upstream outputs. */
export class StalePlanError extends BerthError {
  readonly exitCode = 1;
  constructor(stack: string, why: string) {
    super(`the saved plan of ${stack} is stale: ${why}; run \`berth plan\` again`);
    this.name = "StalePlanError";
  }
}

export interface ApplyOptions {
  /**
   * Plan a stack that `plan` deferred (its upstream had never been applied) once its upstream is
   * applied in this run, and apply that plan when it only creates or updates: a new environment
   * comes up with one `plan` and one `apply`. A plan that destroys or replaces is saved, not applied.
   */
  readonly planDeferred?: boolean;
}

export async function applyStacks(session: Session, selected: readonly Stack[], opts: ApplyOptions = {}): Promise<StackOutcome[]> {
  requireSavedPlans(session.outDir, selected);
  return runStacks(session, "apply", "apply", selected, "applying", (stack, ctx) => applyStack(session, stack, ctx, opts));
}

export async function applyStack(
  session: Session,
  stack: Stack,
  ctx: TerraformContext,
  opts: ApplyOptions = {},
): Promise<Omit<StackOutcome, "stack" | "elapsedMs">> {
  let meta = readMeta(session.outDir, stack);
  if (!meta) return { state: "not planned", message: "no saved plan" };
  if (meta.status === "deferred") {
    if (!opts.planDeferred) return { state: "deferred", message: "planned before its upstream existed; run `berth plan` again" };
    const planned = await planStack(session, stack, ctx, {});
    if (planned.state === "deferred") return planned;
    if (planned.details && destroys(planned.details)) {
      return {
        ...planned,
        message: "planned now that its upstream is applied; the plan destroys or replaces resources, so review it and run `berth apply` again",
      };
    }
    meta = readMeta(session.outDir, stack)!;
  }
  await checkFresh(session, stack, meta);
  if (meta.status === "unchanged") return { state: "unchanged" };

  await runTerraform(ctx, ["apply", "-input=false", "-no-color", "-auto-approve", PLAN_FILE]);
  const outputs = await outputsJson(ctx);
  session.applied.set(stack.path, outputs);
  const previous = await session.record(stack);
  await writeRecord(session, stack, {
    stack: stack.path,
    fingerprint: meta.fingerprint,
    filesHash: meta.filesHash,
    vars: meta.vars,
    outputs,
    imageTag: meta.imageTag ?? previous?.imageTag,
    appliedAt: new Date().toISOString(),
    appliedBy: `${userInfo().username}@${hostname()}`,
  });
  clearPlan(session.outDir, stack);
  return { state: "applied", details: meta.details };
}

/**
 * Refuses an apply that would find no saved plan at all (`berth plan` never ran for these stacks, ran
 * with another `--out`, or its plans were all applied already): in CI, `apply --yes` must not pass
 * while doing nothing. A stack without a plan beside others that have one is reported as "not planned".
 */
export function requireSavedPlans(outDir: string, selected: readonly Stack[]): void {
  if (selected.length === 0 || selected.some((s) => readMeta(outDir, s) !== undefined)) return;
  const envs = [...new Set(selected.map((s) => s.env))].join(", ");
  const rel = relative(process.cwd(), outDir);
  const where = rel === "" ? "." : rel.startsWith("..") ? outDir : rel;
  throw new UsageError(
    `there is no saved plan to apply for the ${selected.length} selected stacks of ${envs} in the out folder ${where}; run \`berth plan\` first`,
    "`berth plan` saves a plan per changed stack; review it, then run `berth apply` with the same --config, --env, --stack and --out. A plan that was applied already is spent: plan again.",
  );
}

/** The apply happened; a record that cannot be written only costs a re-plan next time, so say exactly that. */
async function writeRecord(session: Session, stack: Stack, record: StackRecord): Promise<void> {
  try {
    await session.store.write(stack, record);
  } catch (e) {
    throw new Error(
      `applied, but the apply record could not be written to ${session.store.where(stack)} (${(e as Error).message}); the next plan will plan this stack again`,
    );
  }
}

async function checkFresh(session: Session, stack: Stack, meta: PlanMeta): Promise<void> {
  if (filesHash(stackSources(session.outDir, stack)) !== meta.filesHash)
    throw new StalePlanError(stack.path, "the config or a .tf file in the stack folder has changed since it was planned");
  const wiring = await wireVars(session, stack, meta.imageTag);
  if (wiring.missing !== undefined) throw new StalePlanError(stack.path, wiring.missing);
  const changed = Object.keys({ ...wiring.vars, ...meta.vars })
    .filter((k) => !sameValue(wiring.vars[k], (meta.vars as Record<string, TfValue>)[k]))
    .sort();
  if (changed.length > 0) throw new StalePlanError(stack.path, `inputs changed since it was planned (${changed.join(", ")})`);
}
