/**
 * What a run reports while it works: the run order, each stack's start and end (state, elapsed time,
 * changes), notes, and the final summary. The CLI subscribes with plain progress lines (the same on a
 * terminal and in CI logs) or with `--json`, one JSON object per line.
 */
import type { DriftEntry, PlanDetails } from "./plan-details.js";

export type Command = "plan" | "apply" | "destroy" | "drift" | "deploy";

/** The end state of one stack in one run. */
export type OutcomeState =
  | "planned"
  | "no changes"
  | "unchanged"
  | "deferred"
  | "applied"
  | "not planned"
  | "destroyed"
  | "not applied"
  | "in sync"
  | "drifted"
  | "failed"
  | "skipped"
  | "cancelled";

export interface StackOutcome {
  readonly stack: string;
  readonly state: OutcomeState;
  readonly elapsedMs: number;
  readonly details?: PlanDetails;
  readonly drift?: readonly DriftEntry[];
  /** Why it was deferred, skipped or failed, in one or a few lines. */
  readonly message?: string;
  readonly logFile?: string;
}

export type RunEvent =
  | { readonly event: "order"; readonly command: Command; readonly stacks: readonly string[] }
  | { readonly event: "start"; readonly command: Command; readonly stack: string; readonly action: string }
  | ({ readonly event: "done"; readonly command: Command } & StackOutcome)
  | { readonly event: "note"; readonly message: string; readonly stack?: string };

export type Reporter = (e: RunEvent) => void;

export const FAILED_STATES: readonly OutcomeState[] = ["failed", "skipped", "cancelled"];

/** Plain progress lines: one when a stack starts, one when it ends, with elapsed time. */
export function lineReporter(write: (line: string) => void): Reporter {
  return (e) => {
    if (e.event === "order") write(`${e.command} order: ${e.stacks.join(" → ") || "(no stacks)"}`);
    else if (e.event === "start") write(`  ${e.stack}: ${e.action}…`);
    else if (e.event === "note") write(`  ${e.stack ? `${e.stack}: ` : ""}${e.message}`);
    else write(`  ${e.stack}: ${e.state}${describe(e)} (${seconds(e.elapsedMs)})`);
  };
}

/** `--json`: every event as one line of JSON. */
export function jsonReporter(write: (line: string) => void): Reporter {
  return (e) => write(JSON.stringify(e));
}

function describe(o: StackOutcome): string {
  const parts: string[] = [];
  if (o.details && o.state !== "unchanged") {
    const c = o.details.counts;
    parts.push(`${c.create + c.replace} to add, ${c.update} to change, ${c.delete + c.replace} to destroy`);
  }
  if (o.drift && o.drift.length > 0) parts.push(`${o.drift.length} resources changed outside terraform`);
  if (o.message) parts.push(o.message.split("\n")[0]!);
  return parts.length > 0 ? ` — ${parts.join("; ")}` : "";
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
