/** `berth output`: URLs, repository URLs and endpoints of the applied stacks, from their apply records. */
import { readOutputs, usefulOutputs } from "../runner/outputs.js";
import { selectStacks } from "../runner/select.js";
import { Accounts } from "../runner/accounts.js";
import { awsCli } from "../runner/aws-cli.js";
import { recordStore } from "../runner/records.js";
import { loadStacks } from "./context.js";
import { println, table } from "./output.js";
import type { RunnerFlags } from "./run-context.js";

export async function output(flags: Pick<RunnerFlags, "config" | "env" | "out" | "stack" | "region" | "json" | "endpoint"> & { all?: boolean }): Promise<void> {
  const { stacks } = await loadStacks(flags);
  const selected = selectStacks(stacks, flags.stack, flags.region);
  const store = recordStore(new Accounts(awsCli({ endpoint: flags.endpoint })), flags.out);
  const all = await readOutputs(selected, store);
  if (flags.json) {
    println(JSON.stringify(Object.fromEntries(all.map((s) => [s.stack, s.outputs ?? null])), null, 2));
    return;
  }
  const rows = usefulOutputs(all, flags.all).map((r) => [r.stack, r.name, typeof r.value === "string" ? r.value : JSON.stringify(r.value)]);
  if (rows.length > 0) println(table(["stack", "output", "value"], rows));
  const missing = all.filter((s) => !s.outputs).map((s) => s.stack);
  if (missing.length > 0) println(`${rows.length > 0 ? "\n" : ""}not applied yet: ${missing.join(", ")}`);
}
