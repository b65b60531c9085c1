/**
 * A rendered stack: the model's stack plan (id, path, backend, providers, outputs, deploy contract) plus
 * its files and what it reads from upstream stacks. `assembleStack` adds the files every stack has —
 * `versions.tf`, `backend.tf`, `providers.tf`, `variables.tf` from the wires it read, `outputs.tf` from
 * the wires it produces — so no renderer declares an output, a variable or a dependency by hand.
 */
import type { Expr, HclFile } from "../hcl/index.js";
import type { StackPlan } from "../model/stacks.js";
import type { TfValue, Wire } from "../model/wires.js";
import { backendFile, output, providersFile, variable, type VariableSpec, versionsFile } from "./common/files.js";
import type { StackInputs } from "./common/inputs.js";

export type { TfValue } from "../model/wires.js";

/** A variable of this stack filled from an upstream stack's output. */
export interface StackInput {
  readonly variable: string;
  readonly stack: string;
  readonly output: string;
}

/** An output of the stack: its wire (name, description, mock). */
export type StackOutput = Wire;

export interface Stack extends StackPlan {
  readonly files: readonly HclFile[];
  /** Ids of stacks (same env and region) whose outputs this one reads. */
  readonly dependsOn: readonly string[];
  readonly inputs: readonly StackInput[];
  /**
   * Variables no stack outputs and the config does not fix (e.g. an id only AWS knows), with a mock for
   * offline plans; at apply time the user passes them (`-var`, `terraform.tfvars`).
   */
  readonly externals?: readonly StackExternal[];
  /** Binary files berth builds into the stack folder beside the `.tf` files (a function's zipped package). */
  readonly assets?: readonly StackAsset[];
}

/** A zip of a folder (relative to the config's folder) that berth writes as `name` in the stack folder. */
export interface StackAsset {
  readonly name: string;
  readonly kind: "zip";
  readonly dir: string;
}

export interface StackExternal {
  readonly variable: string;
  readonly description: string;
  readonly mock: TfValue;
  /** A credential: its offline mock is `OFFLINE_SECRET_MOCK` and logs never show it. */
  readonly sensitive?: true;
}

/** The value an offline plan gives a credential variable (an ephemeral password): a marker, never a secret. */
export const OFFLINE_SECRET_MOCK = "offline-plan-mock-not-a-secret";

export interface StackParts {
  /** The concern files (`vpc.tf`, `service.tf`…); the common ones are added here. */
  readonly files: readonly HclFile[];
  readonly inputs: StackInputs;
  /** The value of each output the plan lists, by output name. */
  readonly outputs: Readonly<Record<string, Expr>>;
  /** Variables of the stack's own (not wired): `image_tag`, ids given at apply time. */
  readonly parameters?: readonly VariableSpec[];
  readonly externals?: readonly StackExternal[];
  /** The Terraform constraint when the stack needs a newer one than every stack does (write-only arguments). */
  readonly terraform?: string;
}

export function assembleStack(plan: StackPlan, parts: StackParts): Stack {
  const missing = plan.outputs.filter((w) => !(w.name in parts.outputs)).map((w) => w.name);
  const planned = new Set(plan.outputs.map((w) => w.name));
  const extra = Object.keys(parts.outputs).filter((name) => !planned.has(name));
  if (missing.length > 0 || extra.length > 0)
    throw new Error(`bug: stack ${plan.path} outputs differ from its plan (missing ${missing.join(", ") || "none"}; extra ${extra.join(", ") || "none"})`);
  const wires = parts.inputs.wires;
  const variables = [...wires.map((w) => ({ name: w.name, type: w.type, description: w.description })), ...(parts.parameters ?? [])];
  const files: HclFile[] = [
    versionsFile(parts.terraform),
    backendFile(plan.backend),
    providersFile(plan.providers),
    ...(variables.length > 0 ? [{ name: "variables.tf", body: variables.map(variable) }] : []),
    ...parts.files,
    ...(plan.outputs.length > 0 ? [{ name: "outputs.tf", body: plan.outputs.map((w) => output(w, parts.outputs[w.name]!)) }] : []),
  ];
  return {
    ...plan,
    files,
    dependsOn: parts.inputs.upstream,
    inputs: wires.map((w) => ({ variable: w.name, stack: w.stack, output: w.name })),
    ...(parts.externals && parts.externals.length > 0 ? { externals: parts.externals } : {}),
  };
}
