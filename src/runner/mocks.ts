/**
 * What makes a plan need no AWS account: upstream outputs replaced by their mocks (from the wires), a
 * local backend, fake credentials with the skip flags on every provider, and no AWS variable of the
 * caller's shell. Used by offline sessions; never by a plan that can be applied.
 */
import { UsageError } from "../errors.js";
import { upstreamKey } from "../model/stack-ids.js";
import type { Stack, TfValue } from "../terraform/stack.js";
import type { TerraformEnv } from "./terraform-env.js";
import { localOverrides, providerOverrides } from "./overrides.js";
import type { Overrides } from "./workspace.js";

/** Credentials and profiles from the user's shell must not reach an offline plan. */
export function offlineEnv(tf: TerraformEnv): TerraformEnv {
  const env = Object.fromEntries(Object.entries(tf.env).filter(([k]) => !k.startsWith("AWS_")));
  return { ...tf, env };
}

const FAKE_CREDENTIALS = `  access_key                  = "mock-access-key"
  secret_key                  = "mock-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
`;

/** The offline work copy's overrides: a local backend, and fake credentials with the skip flags on every provider. */
export function offlineOverrides(stack: Stack): Overrides {
  return localOverrides(stack, FAKE_CREDENTIALS);
}

/** The `provider_override.tf` of an offline work copy. */
export const providerOverride = (stack: Stack): string => providerOverrides(stack, FAKE_CREDENTIALS);

/** Each input variable set to the mock of the upstream output it reads (same env; same region unless the wire names one); externals get theirs. */
export function mockInputs(stack: Stack, stacks: readonly Stack[]): Record<string, TfValue> {
  const vars: Record<string, TfValue> = {};
  for (const input of stack.inputs) {
    const key = upstreamKey(stack.env, stack.region, input.stack);
    const upstream = stacks.find((s) => `${s.env}/${s.region}/${s.id}` === key);
    if (!upstream) {
      throw new UsageError(
        `stack ${stack.path} reads outputs of stack ${input.stack}, which is not among the stacks to plan.`,
        `plan ${key} together with it.`,
      );
    }
    const output = upstream.outputs.find((o) => o.name === input.output);
    if (!output) throw new Error(`bug: stack ${stack.path} reads output ${input.output} that ${upstream.path} does not declare`);
    vars[input.variable] = output.mock;
  }
  for (const external of stack.externals ?? []) vars[external.variable] = external.mock;
  return vars;
}

/** The log's account of the mocks a stack was planned with. */
export function describeMocks(stack: Stack, vars: Readonly<Record<string, TfValue>>): string {
  const lines = [
    ...stack.inputs.map((i) => `  ${i.variable} = ${JSON.stringify(vars[i.variable])}  (mock of ${i.stack}.${i.output})`),
    ...(stack.externals ?? []).map(
      (e) => `  ${e.variable} = ${e.sensitive ? "(sensitive)" : JSON.stringify(vars[e.variable])}  (mock of a value given at apply time)`,
    ),
  ];
  return lines.length > 0 ? `mock upstream outputs (offline plan only, never used for apply):\n${lines.join("\n")}` : "no upstream inputs";
}
