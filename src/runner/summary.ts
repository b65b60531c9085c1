/**
 * The plain-text table printed after a plan: one row per stack with terraform's add/change/destroy
 * counts (a replace adds one and destroys one, as terraform's own "Plan:" line counts it) and its status.
 */
import type { ChangeCounts } from "./offline.js";
import type { StackStatus } from "./queue.js";

export interface SummaryRow {
  readonly stack: string;
  readonly status: StackStatus;
  /** Absent when the stack did not plan. */
  readonly changes?: ChangeCounts;
}

const HEADER = ["stack", "add", "change", "destroy", "status"] as const;

export function formatSummary(rows: readonly SummaryRow[]): string {
  const cells = rows.map((r) => {
    const c = r.changes;
    const counts = c ? [c.create + c.replace, c.update, c.delete + c.replace].map(String) : ["-", "-", "-"];
    return [r.stack, ...counts, r.status];
  });
  const table = [[...HEADER], ...cells];
  const widths = HEADER.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  // Stack and status read left to right; counts line up on the right.
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 || i === HEADER.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return `${table.map(line).join("\n")}\n`;
}
