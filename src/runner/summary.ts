/**
 * The plain-text table printed after a run: one row per stack with terraform's add/change/destroy
 * counts (a replace adds one and destroys one, as terraform's own "Plan:" line counts it) and its state.
 */
import { relative } from "node:path";
import { seconds, type StackOutcome } from "./events.js";

/**
 * The table after a run (online or offline): one row per stack (add/change/destroy, state, time), then the
 * replacements, the destructive changes to data or traffic (flagged `!!`), drift, and each failure
 * with its message and log. With `groupOf` (account and region of a stack path) and more than one group,
 * the rows come group by group under a `# <group>` line.
 */
export function formatOutcomes(outcomes: readonly StackOutcome[], cwd = process.cwd(), groupOf?: (stack: string) => string): string {
  const head = ["stack", "add", "change", "destroy", "state", "time"];
  const group = (o: StackOutcome) => groupOf?.(o.stack) ?? "";
  const groups = [...new Set(outcomes.map(group))];
  // Grouped by account and region when the run spans several; the run's order within each.
  const ordered = groups.flatMap((g) => outcomes.filter((o) => group(o) === g));
  const rows = ordered.map((o) => {
    const c = o.state === "unchanged" ? undefined : o.details?.counts;
    const counts = c ? [c.create + c.replace, c.update, c.delete + c.replace].map(String) : ["-", "-", "-"];
    return [o.stack, ...counts, o.state, o.elapsedMs > 0 ? seconds(o.elapsedMs) : ""];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i >= 1 && i <= 3 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  const out = [line(head)];
  ordered.forEach((o, i) => {
    if (groups.length > 1 && (i === 0 || group(ordered[i - 1]!) !== group(o))) out.push(`# ${group(o)}`);
    out.push(line(rows[i]!));
  });

  for (const o of outcomes) {
    const d = o.state === "unchanged" ? undefined : o.details;
    for (const a of d?.critical ?? []) out.push(`!! ${o.stack}: ${d!.replaced.includes(a) ? "replaces" : "destroys"} ${a} (data or traffic is lost)`);
    for (const a of (d?.replaced ?? []).filter((a) => !d!.critical.includes(a))) out.push(`   ${o.stack}: replaces ${a}`);
    if (d?.imported?.length)
      out.push(`   ${o.stack}: imports ${d.imported.length} existing resource${d.imported.length === 1 ? "" : "s"} (${d.imported.join(", ")})`);
    for (const e of o.drift ?? []) out.push(`   ${o.stack}: ${e.address} changed outside terraform (${e.actions.join(", ")})`);
  }
  for (const o of outcomes.filter((o) => o.message && ["failed", "cancelled", "deferred", "skipped"].includes(o.state))) {
    const rel = o.logFile && relative(cwd, o.logFile);
    const log = o.logFile ? `\n    log: ${rel && !rel.startsWith("..") ? rel : o.logFile}` : "";
    out.push(`${o.state === "deferred" ? "   " : "xx"} ${o.stack}: ${o.message!.replace(/\n/g, "\n    ")}${log}`);
  }
  return `${out.join("\n")}\n`;
}
