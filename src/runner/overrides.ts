/**
 * Override files the runner adds to a stack's work copy, never to the stack folder: a local backend,
 * and settings merged into every `provider "aws"` block of the contract (override files merge by name
 * and alias). Offline plans and LocalStack runs differ only in the provider settings they pass.
 */
import type { Stack } from "../terraform/stack.js";
import type { Overrides } from "./workspace.js";

const LOCAL_BACKEND = `terraform {
  backend "local" {
    path = "terraform.tfstate"
  }
}
`;

/** `backend_override.tf` (local state) and `provider_override.tf` with `settings` (body lines, indented) on each provider. */
export function localOverrides(stack: Stack, settings: string): Overrides {
  return [
    ["backend_override.tf", LOCAL_BACKEND],
    ["provider_override.tf", providerOverrides(stack, settings)],
  ];
}

/**
 * One `provider "aws"` override per provider block of the stack, each with `settings` after its alias, and
 * the contract's account binding lifted: mock or LocalStack credentials are in no real account, so
 * `allowed_account_ids` is unset and an assumed role emptied (an empty `role_arn` assumes nothing, so
 * no STS call is made).
 */
export function providerOverrides(stack: Stack, settings: string): string {
  return stack.providers
    .map(
      ({ alias, account, role }) =>
        `provider "aws" {\n${alias === undefined ? "" : `  alias                       = ${JSON.stringify(alias)}\n`}${settings}${
          account === undefined ? "" : "  allowed_account_ids         = null\n"
        }${role === undefined ? "" : '\n  assume_role {\n    role_arn = ""\n  }\n'}}\n`,
    )
    .join("\n");
}
