/**
 * The import report: for every field read from a Copilot workspace or a Compose file, whether it was
 * mapped as it is, derived (berth chose a value, and says why), not mapped (with the reason), or a value
 * the user must set (a placeholder the source tool filled at deploy time).
 */
import { type ConfigPath, formatPath } from "../errors.js";

export type Outcome = "mapped" | "derived" | "not mapped" | "to set";

export interface ReportEntry {
  /** Where the field came from, e.g. `copilot/api/manifest.yml: http.path` or `compose.yaml: services.web.ports[0]`. */
  readonly source: string;
  readonly outcome: Outcome;
  /** The config path it became (or, when not mapped, the nearest config path it belongs to). */
  readonly target?: ConfigPath;
  readonly reason?: string;
}

export class ImportReport {
  readonly entries: ReportEntry[] = [];

  mapped(source: string, target: ConfigPath): void {
    this.entries.push({ source, outcome: "mapped", target });
  }

  derived(source: string, target: ConfigPath, reason: string): void {
    this.entries.push({ source, outcome: "derived", target, reason });
  }

  notMapped(source: string, reason: string, near?: ConfigPath): void {
    this.entries.push({ source, outcome: "not mapped", target: near, reason });
  }

  toSet(source: string, target: ConfigPath, reason: string): void {
    this.entries.push({ source, outcome: "to set", target, reason });
  }

  count(outcome: Outcome): number {
    return this.entries.filter((e) => e.outcome === outcome).length;
  }
}

const ORDER: readonly Outcome[] = ["to set", "not mapped", "derived", "mapped"];

/** The report as text for the terminal: values to set first, then what was not mapped, derived and mapped. */
export function formatReport(report: ImportReport): string {
  const lines: string[] = [];
  for (const outcome of ORDER) {
    const entries = report.entries.filter((e) => e.outcome === outcome);
    if (entries.length === 0) continue;
    lines.push(`${outcome} (${entries.length}):`);
    for (const e of entries) {
      const target = e.target && e.outcome !== "not mapped" ? ` → ${formatPath(e.target)}` : "";
      lines.push(`  ${e.source}${target}${e.reason ? `: ${e.reason}` : ""}`);
    }
  }
  const total = ORDER.map((o) => `${report.count(o)} ${o}`).join(", ");
  return `${lines.join("\n")}\n${total}`;
}

/** Comments the writers place beside config paths: derived values, values to set, and what could not be mapped there. */
export function commentsByPath(report: ImportReport, config: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of report.entries) {
    if (e.outcome === "mapped" || !e.target) continue;
    const path = existingPrefix(config, e.target);
    const text =
      e.outcome === "to set"
        ? `SET ME: ${e.reason}`
        : e.outcome === "derived"
          ? (e.reason ?? "")
          : `Not mapped: ${e.source.replace(/^[^:]*: /, "")}: ${e.reason}`;
    const key = JSON.stringify(path);
    out.set(key, [...(out.get(key) ?? []), text]);
  }
  return out;
}

/** The longest prefix of `path` that exists in `value`. */
function existingPrefix(value: unknown, path: ConfigPath): ConfigPath {
  const out: (string | number)[] = [];
  let cur: unknown = value;
  for (const part of path) {
    if (cur === null || typeof cur !== "object" || !(part in (cur as object))) break;
    cur = (cur as Record<string | number, unknown>)[part];
    out.push(part);
  }
  return out;
}
