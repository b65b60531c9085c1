/**
 * Where the runner keeps its files for one output directory: the stacks as written
 * (`<out>/<env>/<region>/<stack>/`, with `terraform.tfvars.json` so plain terraform works too),
 * a work copy per stack where terraform runs (`<out>/.berth/work/<path>/`: `.terraform`, the saved
 * plan `tfplan` and `plan-meta.json`; offline plans use `<out>/.berth/offline/<path>/`, so a plan
 * against mocks can never be mistaken for one to apply), and logs (`<out>/.berth/logs/<path>.log`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackFiles } from "../terraform/render.js";
import type { Stack, TfValue } from "../terraform/stack.js";
import type { PlanDetails } from "./plan-details.js";
import { compareText } from "../model/text-order.js";

export const stackDir = (outDir: string, s: Stack): string => join(outDir, s.path);
/** `work` for plans against real state, `offline` for plans against mocks and a local backend. */
export type WorkRoot = "work" | "offline";
export const workDir = (outDir: string, s: Stack, root: WorkRoot = "work"): string => join(outDir, ".berth", root, s.path);
export const logFile = (outDir: string, s: Stack): string => join(outDir, ".berth", "logs", `${s.path}.log`);
export const PLAN_FILE = "tfplan";
export const TFVARS = "terraform.tfvars.json";

/** What `berth plan` decided for a stack, read back by `berth apply`. */
export interface PlanMeta {
  readonly stack: string;
  /** `planned`: a saved plan waits in `tfplan`; `unchanged`: the fingerprint matched the last apply; `deferred`: an upstream stack was never applied. */
  readonly status: "planned" | "unchanged" | "deferred";
  readonly filesHash: string;
  readonly fingerprint: string;
  readonly vars: Readonly<Record<string, TfValue>>;
  readonly imageTag?: string;
  readonly details?: PlanDetails;
  readonly createdAt: string;
}

/** A stack file as terraform sees it: text, or the bytes of a package. */
export type SourceFile = readonly [name: string, content: string | Uint8Array];

/**
 * The Terraform files of a stack as terraform should see them: berth's rendered files (from the current
 * config), plus every other `.tf` file in the stack's folder — the user's own, `*_override.tf` files and
 * copies from the config's `terraform/` folder — and the packages berth zipped there (a function's
 * `package.zip`, as the last synth wrote it), sorted by name.
 */
export function stackSources(outDir: string, stack: Stack): SourceFile[] {
  const rendered = stackFiles(stack);
  const names = new Set(rendered.map(([name]) => name));
  const dir = stackDir(outDir, stack);
  const assets = new Set((stack.assets ?? []).map((a) => a.name));
  const extra: SourceFile[] = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && ((e.name.endsWith(".tf") && !names.has(e.name)) || assets.has(e.name)))
        .map((e): SourceFile => (assets.has(e.name) ? [e.name, readFileSync(join(dir, e.name))] : [e.name, readFileSync(join(dir, e.name), "utf8")]))
    : [];
  return [...rendered, ...extra].sort(([a], [b]) => compareText(a, b));
}

/** Override files the run adds to the work copy (local backend, fake or LocalStack credentials), by name. */
export type Overrides = readonly (readonly [string, string])[];

/**
 * Refreshes the work copy: the stack's files (`sources`, read by the caller with `stackSources`; old
 * `*.tf` removed), the variables, and the run's overrides. `.terraform` and its lock file stay.
 */
export function prepareWorkDir(
  outDir: string,
  stack: Stack,
  vars: Readonly<Record<string, TfValue>>,
  where: { readonly root: WorkRoot; readonly overrides: Overrides; readonly sources: readonly SourceFile[] },
): string {
  const dir = workDir(outDir, stack, where.root);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) {
    if (f.endsWith(".tf") || f.endsWith(".zip") || f === TFVARS || f === PLAN_FILE || f === "plan-meta.json") rmSync(join(dir, f), { force: true });
  }
  for (const [name, text] of where.sources) writeFileSync(join(dir, name), text);
  for (const [name, text] of where.overrides) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, TFVARS), tfvarsText(vars));
  return dir;
}

/** `terraform.tfvars.json` beside the written stack, so `terraform plan` in that folder gets the same inputs. */
export function writeStackVars(outDir: string, stack: Stack, vars: Readonly<Record<string, TfValue>>): void {
  const dir = stackDir(outDir, stack);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, TFVARS), tfvarsText(vars));
}

const tfvarsText = (vars: Readonly<Record<string, TfValue>>) => `${JSON.stringify(vars, null, 2)}\n`;

export function readMeta(outDir: string, stack: Stack): PlanMeta | undefined {
  try {
    return JSON.parse(readFileSync(join(workDir(outDir, stack), "plan-meta.json"), "utf8")) as PlanMeta;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

export function writeMeta(outDir: string, stack: Stack, meta: PlanMeta): void {
  const dir = workDir(outDir, stack);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "plan-meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
}

/** After an apply the saved plan is spent: remove it so it can never be applied twice. */
export function clearPlan(outDir: string, stack: Stack): void {
  const dir = workDir(outDir, stack);
  rmSync(join(dir, PLAN_FILE), { force: true });
  rmSync(join(dir, "plan-meta.json"), { force: true });
}
