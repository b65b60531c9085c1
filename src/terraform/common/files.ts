/**
 * The files every stack has: `versions.tf` (Terraform and provider constraints), `backend.tf` (S3 state with
 * encryption and lock files), `providers.tf` (region, account, assumed role and default tags), plus helpers for variables and outputs.
 */
import { attr, attrs, block, type BodyItem, comment, type Expr, type HclFile, obj, raw, type Value } from "../../hcl/index.js";
import type { AssumedRole } from "../../model/account.js";
import type { ProviderConfig, StackBackend } from "../../model/stacks.js";
import type { Wire } from "../../model/wires.js";

export const AWS_PROVIDER_CONSTRAINT = ">= 5.100, < 7";
export const TERRAFORM_CONSTRAINT = ">= 1.10";
/** Stacks that set write-only arguments (`*_wo`, never stored in plan or state) need Terraform 1.11. */
export const WRITE_ONLY_TERRAFORM_CONSTRAINT = ">= 1.11";

export function versionsFile(terraform = TERRAFORM_CONSTRAINT): HclFile {
  return {
    name: "versions.tf",
    body: [
      block(
        "terraform",
        [],
        [
          attr("required_version", terraform),
          block("required_providers", [], [attr("aws", obj({ source: "hashicorp/aws", version: AWS_PROVIDER_CONSTRAINT }))]),
        ],
      ),
    ],
  };
}

export function backendFile(backend: StackBackend): HclFile {
  return {
    name: "backend.tf",
    body: [
      comment("State in S3, encrypted, with S3-native lock files (Terraform >= 1.10)."),
      block(
        "terraform",
        [],
        [
          block(
            "backend",
            ["s3"],
            [
              attrs({
                bucket: backend.bucket,
                key: backend.key,
                region: backend.region,
                encrypt: true,
                use_lockfile: true,
                dynamodb_table: backend.lockTable,
                assume_role: backend.role && obj(assumeRole(backend.role)),
              }),
            ],
          ),
        ],
      ),
    ],
  };
}

export function providersFile(providers: readonly ProviderConfig[]): HclFile {
  return {
    name: "providers.tf",
    body: providers.map((p) =>
      block(
        "provider",
        ["aws"],
        [
          p.alias !== undefined && attr("alias", p.alias),
          attr("region", p.region),
          p.account !== undefined && attr("allowed_account_ids", [p.account]),
          p.role && block("assume_role", [], [attrs(assumeRole(p.role))]),
          block("default_tags", [], [attr("tags", obj(p.defaultTags))]),
        ],
      ),
    ),
  };
}

/** The `assume_role` settings of a provider or an S3 backend. */
function assumeRole(role: AssumedRole): { readonly [key: string]: Value | undefined } {
  return { role_arn: role.arn, session_name: role.sessionName, external_id: role.externalId };
}

export interface VariableSpec {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly default?: Value;
  /** Kept out of logs (`sensitive`) and out of plans and state (`ephemeral`): a password given at apply time. */
  readonly secret?: true;
}

export function variable(v: VariableSpec): BodyItem {
  return block(
    "variable",
    [v.name],
    [
      attr("description", v.description),
      attr("type", raw(v.type)),
      v.default !== undefined && attr("default", v.default),
      v.secret && attr("sensitive", true),
      v.secret && attr("ephemeral", true),
    ],
  );
}

export function output(wire: Wire, value: Expr): BodyItem {
  return block("output", [wire.name], [attr("description", wire.description), attr("value", value)]);
}

/** A `####` banner that opens a section of a file, with an optional documentation link. */
export function banner(title: string, docs?: string): BodyItem {
  const bar = "#".repeat(Math.max(40, title.length + 4));
  return comment([bar, `# ${title}`, ...(docs ? [`# ${docs}`] : []), bar].join("\n"));
}

export { ident } from "../../model/wires.js";
