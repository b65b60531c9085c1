/**
 * `plan --offline`: plans every written stack with the real AWS provider and no AWS account (rule 11).
 * Each stack is copied to a scratch dir with a local backend, fake credentials with the skip flags,
 * and upstream outputs replaced by their mocks; `plan.json` lands beside the stack's own files.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import type { HclFile } from "../hcl/index.js";
import type { Stack, TfValue } from "../terraform/stack.js";
import { init, plan, runTerraform, type TerraformContext } from "./driver.js";
import { ProviderPool } from "./provider-pool.js";
import { runQueue, type StackStatus } from "./queue.js";
import { checkTerraform, terraformEnv, type TerraformEnv } from "./terraform-env.js";

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

/** Resource changes in a plan; a replace is counted once, not as a create plus a delete. */
export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly replace: number;
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

/** Plans each stack in `<outDir>/<stack.path>/`, dependency-first; resolves with one result per stack. */
export async function planOffline(stacks: readonly Stack[], outDir: string, opts: OfflinePlanOptions = {}): Promise<OfflinePlanResult[]> {
  const tf = offlineEnv(opts.tf ?? terraformEnv());
  await checkTerraform(tf);
  const tfvars = new Map(stacks.map((s) => [s.path, mockInputs(s, stacks)]));
  for (const s of stacks) {
    if (!existsSync(stackDir(outDir, s))) throw new UsageError(`stack ${s.path} has not been written to ${stackDir(outDir, s)}.`);
  }

  const providers = new ProviderPool({ tf, outDir });
  const runs = await runQueue({
    stacks: opts.only ? stacks.filter((s) => opts.only!.includes(s.path)) : stacks,
    parallelism: opts.parallelism ?? 2,
    direction: "apply",
    signal: opts.signal,
    run: (stack, signal, worker) => {
      const ctx = { tf, stack: stack.path, dir: workDir(outDir, stack), logFile: logFile(outDir, stack), signal };
      return providers.run(worker, ctx, stack, (ctx) => planStack(stack, stackDir(outDir, stack), tfvars.get(stack.path)!, ctx, opts.log), { retry: true });
    },
  }).finally(() => providers.close());
  return runs.map((r) => ({
    stack: r.stack.path,
    status: r.status,
    elapsedMs: r.elapsedMs,
    changes: r.result,
    planFile: join(stackDir(outDir, r.stack), "plan.json"),
    logFile: logFile(outDir, r.stack),
    error: r.error,
  }));
}

async function planStack(stack: Stack, dir: string, vars: Record<string, TfValue>, ctx: TerraformContext, log?: (m: string) => void): Promise<ChangeCounts> {
  const planFile = join(dir, "plan.json");
  rmSync(planFile, { force: true });
  prepareWorkDir(stack, dir, ctx.dir, vars);
  writeLogHeader(stack, ctx.logFile, vars);
  if (stack.inputs.length > 0) log?.(`${stack.path}: planning with mock outputs of ${[...new Set(stack.inputs.map((i) => i.stack))].join(", ")}`);

  await init(ctx, ["-backend=true"]);
  await plan(ctx, ["-lock=false", "-refresh=false", "-out=tfplan"]);
  const { stdout } = await runTerraform(ctx, ["show", "-json", "-no-color", "tfplan"], { logStdout: false });
  writeFileSync(planFile, stdout);
  return countChanges(JSON.parse(stdout));
}

const stackDir = (outDir: string, s: Stack) => join(outDir, s.path);
const workDir = (outDir: string, s: Stack) => join(outDir, ".berth", "offline", s.path);
const logFile = (outDir: string, s: Stack) => join(outDir, ".berth", "logs", `${s.path}.log`);

/** Credentials and profiles from the user's shell must not reach an offline plan. */
function offlineEnv(tf: TerraformEnv): TerraformEnv {
  const env = Object.fromEntries(Object.entries(tf.env).filter(([k]) => !k.startsWith("AWS_")));
  return { ...tf, env };
}

/** A fresh scratch dir: the stack's `*.tf`, the overrides, and the mock tfvars. */
function prepareWorkDir(stack: Stack, from: string, dir: string, vars: Record<string, TfValue>): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(from).filter((f) => f.endsWith(".tf"))) copyFileSync(join(from, f), join(dir, f));
  writeFileSync(join(dir, "backend_override.tf"), BACKEND_OVERRIDE);
  writeFileSync(join(dir, "provider_override.tf"), providerOverride(stack.files));
  writeFileSync(join(dir, "terraform.tfvars.json"), `${JSON.stringify(vars, null, 2)}\n`);
}

function writeLogHeader(stack: Stack, file: string, vars: Record<string, TfValue>): void {
  mkdirSync(dirname(file), { recursive: true });
  const lines = [
    ...stack.inputs.map((i) => `  ${i.variable} = ${JSON.stringify(vars[i.variable])}  (mock of ${i.stack}.${i.output})`),
    ...(stack.externals ?? []).map((e) => `  ${e.variable} = ${JSON.stringify(vars[e.variable])}  (mock of a value given at apply time)`),
  ];
  const mocks = lines.length > 0 ? `mock upstream outputs (offline plan only, never used for apply):\n${lines.join("\n")}` : "no upstream inputs";
  writeFileSync(file, `berth offline plan of ${stack.path}: local backend, fake AWS credentials\n${mocks}\n`);
}

const BACKEND_OVERRIDE = `terraform {
  backend "local" {
    path = "terraform.tfstate"
  }
}
`;

/**
 * Fake credentials and skip flags, merged into every `provider "aws"` block of the stack (override
 * files merge by name and alias). A stack without one gets none: an override needs a base block.
 */
export function providerOverride(files: readonly HclFile[]): string {
  return [...providerAliases(files)]
    .map(
      (alias) => `provider "aws" {
${alias === undefined ? "" : `  alias                       = ${JSON.stringify(alias)}\n`}  access_key                  = "mock-access-key"
  secret_key                  = "mock-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}
`,
    )
    .join("\n");
}

/** The aliases of the stack's `provider "aws"` blocks (undefined for the default one). */
export function providerAliases(files: readonly HclFile[]): Set<string | undefined> {
  const aliases = new Set<string | undefined>();
  for (const file of files) {
    for (const item of file.body) {
      if (item.kind !== "block" || item.type !== "provider" || item.labels[0] !== "aws") continue;
      const alias = item.body.find((a) => a.kind === "attribute" && a.name === "alias");
      aliases.add(alias?.kind === "attribute" && alias.value.kind === "string" ? alias.value.value : undefined);
    }
  }
  return aliases;
}

/** Each input variable set to the mock of the upstream output it reads (same env and region). */
export function mockInputs(stack: Stack, stacks: readonly Stack[]): Record<string, TfValue> {
  const vars: Record<string, TfValue> = {};
  for (const input of stack.inputs) {
    const upstream = stacks.find((s) => s.env === stack.env && s.region === stack.region && s.id === input.stack);
    if (!upstream) {
      throw new UsageError(
        `stack ${stack.path} reads outputs of stack ${input.stack}, which is not among the stacks to plan.`,
        `plan ${stack.env}/${stack.region}/${input.stack} together with it.`,
      );
    }
    const output = upstream.outputs.find((o) => o.name === input.output);
    if (!output) throw new Error(`bug: stack ${stack.path} reads output ${input.output} that ${upstream.path} does not declare`);
    vars[input.variable] = output.mock;
  }
  for (const external of stack.externals ?? []) vars[external.variable] = external.mock;
  return vars;
}

/** Counts `resource_changes[].change.actions` of a `terraform show -json` plan; no-op and read are not changes. */
export function countChanges(planJson: unknown): ChangeCounts {
  const changes = (planJson as { resource_changes?: { change: { actions: string[] } }[] }).resource_changes ?? [];
  const counts = { create: 0, update: 0, delete: 0, replace: 0 };
  for (const { change } of changes) {
    const a = change.actions;
    if (a.includes("create") && a.includes("delete")) counts.replace++;
    else if (a.includes("create")) counts.create++;
    else if (a.includes("update")) counts.update++;
    else if (a.includes("delete")) counts.delete++;
  }
  return counts;
}
