/** Hand-made stacks for runner tests: the contract fields a rendered stack carries, with test defaults. */
import type { Stack } from "../../src/terraform/stack.js";
import type { Wire } from "../../src/model/wires.js";
import { planStacks } from "../../src/model/stacks.js";
import type { Environment } from "../../src/model/types.js";

type Parts = Partial<Omit<Stack, "outputs">> & { readonly id: string; readonly outputs?: readonly (Omit<Wire, "stack" | "type"> & Partial<Wire>)[] };

export function testStack(parts: Parts): Stack {
  const env = parts.env ?? "dev";
  const region = parts.region ?? "us-east-1";
  const path = parts.path ?? `${env}/${region}/${parts.id}`;
  return {
    kind: "network",
    backend: { kind: "s3", bucket: "test-terraform-state", key: `${path}.tfstate`, region, lockTable: undefined },
    providers: [{ alias: undefined, region, defaultTags: {} }],
    files: [],
    dependsOn: [],
    inputs: [],
    ...parts,
    env,
    region,
    path,
    outputs: (parts.outputs ?? []).map((o) => ({ stack: parts.id, type: "string", ...o })),
  };
}

/** A wire for tests: an output of `stack`. */
export const testWire = (stack: string, name: string, mock: Wire["mock"] = "mock"): Wire => ({ stack, name, type: "string", description: name, mock });

/** An environment changed by hand in a test, with its stack plan made again from the changes. */
export function replan(env: Omit<Environment, "stacks">): Environment {
  return { ...env, stacks: planStacks(env) };
}
