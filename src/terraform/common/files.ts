/**
 * The files every stack has: `versions.tf` (Terraform and provider constraints), `backend.tf` (S3 state with
 * encryption and lock files), `providers.tf` (region and default tags), plus helpers for variables and outputs.
 */
import { attr, attrs, block, type BodyItem, comment, type Expr, type HclFile, obj, raw, type Value } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import type { StackInput, StackOutput, TfValue } from "../stack.js";

export const AWS_PROVIDER_CONSTRAINT = ">= 5.100, < 7";
export const TERRAFORM_CONSTRAINT = ">= 1.10";

export function versionsFile(): HclFile {
  return {
    name: "versions.tf",
    body: [
      block("terraform", [], [
        attr("required_version", TERRAFORM_CONSTRAINT),
        block("required_providers", [], [attr("aws", obj({ source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT }))]),
      ]),
    ],
  };
}

export function backendFile(env: Environment, stackId: string): HclFile {
  return {
    name: "backend.tf",
    body: [
      comment("State in S3, encrypted, with S3-native lock files (Terraform >= 1.10)."),
      block("terraform", [], [
        block("backend", ["s3"], [
          attrs({
            bucket: env.state.bucket,
            key: `${env.state.keyPrefix}/${stackId}.tfstate`,
            region: env.state.region,
            encrypt: true,
            use_lockfile: true,
            dynamodb_table: env.state.lockTable,
          }),
        ]),
      ]),
    ],
  };
}

export function providersFile(env: Environment): HclFile {
  return {
    name: "providers.tf",
    body: [
      block("provider", ["aws"], [
        attr("region", env.region),
        block("default_tags", [], [attr("tags", obj(env.tags))]),
      ]),
    ],
  };
}

export interface VariableSpec {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly default?: Value;
}

export function variable(v: VariableSpec): BodyItem {
  return block("variable", [v.name], [
    attr("description", v.description),
    attr("type", raw(v.type)),
    v.default !== undefined && attr("default", v.default),
  ]);
}

export interface OutputSpec extends StackOutput {
  readonly value: Expr;
}

export function output(o: OutputSpec): BodyItem {
  return block("output", [o.name], [attr("description", o.description), attr("value", o.value)]);
}

/** Upstream inputs become variables; the runner fills them from the upstream stack's outputs. */
export interface WiredVariable extends VariableSpec {
  readonly from: { readonly stack: string; readonly output: string };
}

export function variablesFile(vars: readonly (VariableSpec | WiredVariable)[]): HclFile {
  return { name: "variables.tf", body: vars.map(variable) };
}

export function outputsFile(outputs: readonly OutputSpec[]): HclFile {
  return { name: "outputs.tf", body: outputs.map(output) };
}

export function inputsOf(vars: readonly (VariableSpec | WiredVariable)[]): StackInput[] {
  return vars.flatMap((v) => ("from" in v ? [{ variable: v.name, stack: v.from.stack, output: v.from.output }] : []));
}

export function outputsOf(outputs: readonly OutputSpec[]): StackOutput[] {
  return outputs.map(({ name, description, mock }) => ({ name, description, mock }));
}

/** A `####` banner that opens a section of a file, with an optional documentation link. */
export function banner(title: string, docs?: string): BodyItem {
  const bar = "#".repeat(Math.max(40, title.length + 4));
  return comment([bar, `# ${title}`, ...(docs ? [`# ${docs}`] : []), bar].join("\n"));
}

/** snake_case identifier from a config key: `payment-service` → `payment_service`. */
export const ident = (key: string): string => key.replace(/[^A-Za-z0-9_]/g, "_");

/** Mock values of the right shape for offline plans. */
export const mock = {
  id: (kind: string, n = 0): TfValue => `${kind}-0a1b2c3d4e5f6${n.toString(16).padStart(4, "0")}`,
  arn: (service: string, resource: string, region = "us-east-1"): TfValue => `arn:aws:${service}:${region}:123456789012:${resource}`,
};
