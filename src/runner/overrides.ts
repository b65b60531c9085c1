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

/** One `provider "aws"` override per provider block of the stack, each with `settings` after its alias. */
export function providerOverrides(stack: Stack, settings: string): string {
  return stack.providers
    .map(({ alias }) => `provider "aws" {\n${alias === undefined ? "" : `  alias                       = ${JSON.stringify(alias)}\n`}${settings}}\n`)
    .join("\n");
}
