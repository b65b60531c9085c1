/**
 * A stack: one Terraform root module for one concern in one environment × region, as rendered files
 * plus what the runner needs to wire it (upstream inputs, declared outputs with their offline mocks).
 */
import type { HclFile } from "../hcl/index.js";

/** A JSON value a Terraform variable can take. */
export type TfValue = string | number | boolean | null | readonly TfValue[] | { readonly [key: string]: TfValue };

export interface StackOutput {
  readonly name: string;
  readonly description: string;
  /** A well-formed stand-in (ARN, id or DNS name shape) used only by `plan --offline` and `validate`. */
  readonly mock: TfValue;
}

/** A variable of this stack filled from an upstream stack's output. */
export interface StackInput {
  readonly variable: string;
  readonly stack: string;
  readonly output: string;
}

export interface Stack {
  /** `network`, `platform`, `service-<name>`. */
  readonly id: string;
  readonly env: string;
  readonly region: string;
  /** Path below the output directory: `<env>/<region>/<id>`. */
  readonly path: string;
  readonly files: readonly HclFile[];
  /** Ids of stacks (same env and region) whose outputs this one reads. */
  readonly dependsOn: readonly string[];
  readonly inputs: readonly StackInput[];
  readonly outputs: readonly StackOutput[];
  /**
   * Variables no stack outputs and the config does not fix (e.g. an id only AWS knows), with a mock for
   * offline plans; at apply time the user passes them (`-var`, `terraform.tfvars`).
   */
  readonly externals?: readonly StackExternal[];
}

export interface StackExternal {
  readonly variable: string;
  readonly description: string;
  readonly mock: TfValue;
}

/** A stack of one environment and region; its id places it at `<env>/<region>/<id>`. */
export function stackOf(env: { readonly name: string; readonly region: string }, id: string, parts: Omit<Stack, "id" | "env" | "region" | "path">): Stack {
  return { id, env: env.name, region: env.region, path: `${env.name}/${env.region}/${id}`, ...parts };
}
