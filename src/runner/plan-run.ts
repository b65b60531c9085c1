/**
 * `berth plan`: plans the selected stacks upstream first. Online it saves each plan (`tfplan`) for
 * `apply`: a stack whose fingerprint (files + variables) equals its last apply is not planned at all,
 * unless `all`; a stack whose upstream was never applied is deferred (no mocks outside offline plans).
 * Offline (the session says so) every selected stack is planned against its upstream mocks with a
 * local backend, and the plan is shown, never saved: nothing a later `apply` could pick up.
 * Either way `plan.json` (`terraform show -json`) lands beside the stack's files.
 */
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Stack } from "../terraform/stack.js";
import { init, plan, runTerraform, type TerraformContext } from "./driver.js";
import type { StackOutcome } from "./events.js";
import { filesHash, fingerprint } from "./fingerprint.js";
import { describeMocks, mockInputs } from "./mocks.js";
import { hasChanges, planDetails } from "./plan-details.js";
import { runStacks, type Session, wireVars, workCopy } from "./session.js";
import { PLAN_FILE, stackDir, stackSources, writeMeta, writeStackVars } from "./workspace.js";
import { isAdoptImports } from "./adopt-write.js";

export interface PlanStacksOptions {
  /** Plan every selected stack, fingerprints or not. */
  readonly all?: boolean;
  /** A new image tag for the service stacks planned (`berth deploy`). */
  readonly imageTag?: string;
}

export function planStacks(session: Session, selected: readonly Stack[], opts: PlanStacksOptions = {}): Promise<StackOutcome[]> {
  const action = session.offline ? "planning offline" : "planning";
  return runStacks(session, "plan", "apply", selected, action, (stack, ctx) => planStack(session, stack, ctx, opts));
}

export async function planStack(
  session: Session,
  stack: Stack,
  ctx: TerraformContext,
  opts: PlanStacksOptions,
): Promise<Omit<StackOutcome, "stack" | "elapsedMs">> {
  if (session.offline) return planOfflineStack(session, stack, ctx);
  const { outDir } = session;
  const wiring = await wireVars(session, stack, opts.imageTag);
  const sources = stackSources(outDir, stack);
  const files = filesHash(sources);
  const createdAt = new Date().toISOString();
  if (wiring.missing !== undefined) {
    writeMeta(outDir, stack, { stack: stack.path, status: "deferred", filesHash: files, fingerprint: "", vars: {}, createdAt });
    return { state: "deferred", message: wiring.missing };
  }
  const vars = wiring.vars;
  const print = fingerprint(files, vars);
  writeStackVars(outDir, stack, vars);
  const record = await session.record(stack);
  if (!opts.all && record?.fingerprint === print) {
    writeMeta(outDir, stack, { stack: stack.path, status: "unchanged", filesHash: files, fingerprint: print, vars, createdAt });
    return { state: "unchanged", message: "same files and inputs as the last apply" };
  }

  workCopy(session, stack, vars, sources);
  logInputs(stack, ctx.logFile, session.endpoint);
  await init(ctx, ["-backend=true"]);
  await plan(ctx, ["-detailed-exitcode", `-out=${PLAN_FILE}`], { okExitCodes: [0, 2] });
  const json = await showPlan(ctx, stack, session.outDir);
  const details = planDetails(json);
  writeMeta(outDir, stack, { stack: stack.path, status: "planned", filesHash: files, fingerprint: print, vars, imageTag: opts.imageTag, details, createdAt });
  return { state: hasChanges(details) ? "planned" : "no changes", details };
}

/**
 * One stack against mocks: no state lock or refresh (the local state is empty), the saved plan
 * removed as soon as it is shown — also when the plan fails or is interrupted.
 */
async function planOfflineStack(session: Session, stack: Stack, ctx: TerraformContext): Promise<Omit<StackOutcome, "stack" | "elapsedMs">> {
  const vars = mockInputs(stack, session.stacks);
  rmSync(join(stackDir(session.outDir, stack), "plan.json"), { force: true });
  // An import block reads the resource from AWS, which fake credentials cannot: `berth adopt`'s are left out.
  const all = stackSources(session.outDir, stack);
  const sources = all.filter(([, text]) => !isAdoptImports(text));
  const dir = workCopy(session, stack, vars, sources);
  mkdirSync(dirname(ctx.logFile), { recursive: true });
  const left = all.filter((f) => !sources.includes(f)).map(([name]) => `left out ${name}: berth adopt's import blocks read AWS\n`);
  writeFileSync(ctx.logFile, `berth offline plan of ${stack.path}: local backend, fake AWS credentials\n${left.join("")}${describeMocks(stack, vars)}\n`);
  try {
    await init(ctx, ["-backend=true"]);
    await plan(ctx, ["-lock=false", "-refresh=false", "-detailed-exitcode", `-out=${PLAN_FILE}`], { okExitCodes: [0, 2] });
    const details = planDetails(await showPlan(ctx, stack, session.outDir));
    return { state: hasChanges(details) ? "planned" : "no changes", details };
  } finally {
    rmSync(join(dir, PLAN_FILE), { force: true });
  }
}

/** `terraform show -json` of the saved plan, written as `plan.json` beside the stack's files. */
async function showPlan(ctx: TerraformContext, stack: Stack, outDir: string): Promise<unknown> {
  const { stdout } = await runTerraform(ctx, ["show", "-json", "-no-color", PLAN_FILE], { logStdout: false });
  writeFileSync(join(stackDir(outDir, stack), "plan.json"), stdout);
  return JSON.parse(stdout);
}

/** Says in the stack's log where its inputs came from: real upstream outputs, never mocks. */
function logInputs(stack: Stack, file: string, endpoint?: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const from = [...new Set(stack.inputs.map((i) => i.stack))];
  const inputs = from.length > 0 ? `inputs from the applied outputs of ${from.join(", ")} (no mock outputs)` : "no upstream inputs";
  appendFileSync(file, `\nberth plan of ${stack.path}: ${inputs}${endpoint ? `; LocalStack endpoint ${endpoint}, local state` : ""}\n`);
}
