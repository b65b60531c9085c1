/**
 * `berth output`: what a user needs after an apply — service URLs, repository URLs, load balancer DNS
 * names, database endpoints — read from the apply records, so it needs neither terraform nor state access.
 */
import type { Stack, TfValue } from "../terraform/stack.js";
import type { RecordStore } from "./records.js";

export interface OutputRow {
  readonly stack: string;
  readonly name: string;
  readonly value: TfValue;
}

/** Outputs worth showing a person; `all` keeps every recorded output. */
const USEFUL = /^(url|repository_url_.*|alb_.*_dns_name|.*endpoint.*|.*_address|cluster_name|service_name)$/;

export interface StackOutputs {
  readonly stack: string;
  /** Undefined when the stack has no apply record. */
  readonly outputs?: Readonly<Record<string, TfValue>>;
  readonly appliedAt?: string;
  readonly imageTag?: string;
}

export async function readOutputs(stacks: readonly Stack[], store: RecordStore): Promise<StackOutputs[]> {
  return Promise.all(
    stacks.map(async (s) => {
      const r = await store.read(s);
      return r ? { stack: s.path, outputs: r.outputs, appliedAt: r.appliedAt, imageTag: r.imageTag } : { stack: s.path };
    }),
  );
}

export function usefulOutputs(all: readonly StackOutputs[], everything = false): OutputRow[] {
  return all.flatMap((s) =>
    Object.entries(s.outputs ?? {})
      .filter(([name]) => everything || USEFUL.test(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => ({ stack: s.stack, name, value })),
  );
}
