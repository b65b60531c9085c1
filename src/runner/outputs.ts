/**
 * `berth output`: what a user needs after an apply — service URLs, repository URLs, load balancer DNS
 * names, database endpoints — read from the apply records, so it needs neither terraform nor state access.
 */
import type { Stack, TfValue } from "../terraform/stack.js";
import type { RecordStore } from "./records.js";
import { compareText } from "../model/text-order.js";

export interface OutputRow {
  readonly stack: string;
  readonly name: string;
  readonly value: TfValue;
}

export interface StackOutputs {
  readonly stack: string;
  /** Undefined when the stack has no apply record. */
  readonly outputs?: Readonly<Record<string, TfValue>>;
  readonly appliedAt?: string;
  readonly imageTag?: string;
  /** The outputs the contract marks as worth showing a person. */
  readonly shown: readonly string[];
}

export async function readOutputs(stacks: readonly Stack[], store: RecordStore): Promise<StackOutputs[]> {
  return Promise.all(
    stacks.map(async (s) => {
      const r = await store.read(s);
      const shown = s.outputs.filter((w) => w.shown).map((w) => w.name);
      return r ? { stack: s.path, outputs: r.outputs, appliedAt: r.appliedAt, imageTag: r.imageTag, shown } : { stack: s.path, shown };
    }),
  );
}

/** The recorded outputs the contract marks as worth showing; `everything` keeps every recorded output. */
export function usefulOutputs(all: readonly StackOutputs[], everything = false): OutputRow[] {
  return all.flatMap((s) =>
    Object.entries(s.outputs ?? {})
      .filter(([name]) => everything || s.shown.includes(name))
      .sort(([a], [b]) => compareText(a, b))
      .map(([name, value]) => ({ stack: s.stack, name, value })),
  );
}
