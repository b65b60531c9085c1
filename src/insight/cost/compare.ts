/**
 * The delta between two estimates in the JSON shape `berth cost --json` prints: totals and the items
 * that appeared, disappeared or changed, matched by stack and item.
 */
import { UsageError } from "../../errors.js";
import { cents } from "./lines.js";
import { compareText } from "../../model/text-order.js";

export interface CostJson {
  readonly environment: string;
  /** Absent in estimates saved before berth printed regions: then it matches the environment's primary region. */
  readonly region?: string;
  readonly currency: string;
  readonly monthly: number;
  readonly items: readonly { readonly item: string; readonly stack: string; readonly monthly: number }[];
}

export interface CostChange {
  readonly stack: string;
  readonly item: string;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

export interface CostComparison {
  readonly environment: string;
  readonly region: string | undefined;
  readonly currency: "USD";
  readonly baseline: number;
  readonly monthly: number;
  readonly delta: number;
  readonly changes: readonly CostChange[];
}

export function compareEstimates(current: readonly CostJson[], baseline: readonly CostJson[]): CostComparison[] {
  // One comparison per environment and region; a saved estimate without a region is its environment's first (primary) one.
  const key = (e: CostJson, list: readonly CostJson[]) =>
    `${e.environment}\u0000${e.region ?? list.find((x) => x.environment === e.environment && x.region)?.region ?? ""}`;
  const regionOf = (k: string) => k.split("\u0000")[1] || undefined;
  const keyed = (list: readonly CostJson[], other: readonly CostJson[]) =>
    new Map(list.map((e) => [e.region !== undefined ? key(e, list) : key(e, other), e] as const));
  const now = keyed(current, baseline);
  const then = keyed(baseline, current);
  const names = [...new Set([...now.keys(), ...then.keys()])];
  return names.map((k) => {
    const now_ = now.get(k);
    const before = then.get(k);
    const environment = (now_ ?? before)!.environment;
    const region = regionOf(k);
    const a = totalsByLine(before?.items ?? []);
    const b = totalsByLine(now_?.items ?? []);
    const changes: CostChange[] = [];
    for (const k of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const x = a.get(k) ?? 0;
      const y = b.get(k) ?? 0;
      const [stack, item] = k.split("\u0000") as [string, string];
      if (x !== y) changes.push({ stack, item, before: x, after: y, delta: cents(y - x) });
    }
    const baselineTotal = before?.monthly ?? 0;
    const total = now_?.monthly ?? 0;
    return { environment, region, currency: "USD", baseline: baselineTotal, monthly: total, delta: cents(total - baselineTotal), changes };
  });
}

/**
 * Monthly USD by stack and line, the line named without its parenthesised detail (counts, sizes), so a
 * change from 2 to 3 tasks is one changed line, not one removed and one added; on-demand and Spot add up.
 */
function totalsByLine(items: CostJson["items"]): Map<string, number> {
  const out = new Map<string, number>();
  for (const i of items) {
    const k = `${i.stack}\u0000${i.item.replace(/\s*\(.*\)$/, "")}`;
    out.set(k, cents((out.get(k) ?? 0) + i.monthly));
  }
  return out;
}

/** Reads a saved estimate: the output of `berth cost --json` (one object per line, or one JSON array). */
export function parseSavedEstimates(text: string, file: string): CostJson[] {
  const fail = (why: string) => new UsageError(`${file} is not a saved cost estimate: ${why}`, "save one with: berth cost --json > estimate.json");
  let values: unknown[];
  try {
    const t = text.trim();
    values = t.startsWith("[")
      ? (JSON.parse(t) as unknown[])
      : t
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l) as unknown);
  } catch (e) {
    throw fail((e as Error).message);
  }
  for (const v of values) {
    const o = v as Partial<CostJson> | null;
    if (typeof o !== "object" || o === null || typeof o.environment !== "string" || typeof o.monthly !== "number" || !Array.isArray(o.items)) {
      throw fail("expected objects with environment, monthly and items");
    }
  }
  return values as CostJson[];
}

export function comparisonText(c: CostComparison, against: string): string {
  const usd = (n: number) => `${n < 0 ? "−" : n > 0 ? "+" : ""}$${Math.abs(n).toFixed(2)}`;
  const lines = [
    `${c.environment}${c.region ? ` (${c.region})` : ""}: $${c.monthly.toFixed(2)} a month against $${c.baseline.toFixed(2)} at ${against}: ${usd(c.delta)}`,
  ];
  for (const ch of [...c.changes].sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || compareText(x.item, y.item))) {
    lines.push(`  ${usd(ch.delta).padStart(10)}  ${ch.stack}  ${ch.item} ($${ch.before.toFixed(2)} → $${ch.after.toFixed(2)})`);
  }
  if (c.changes.length === 0) lines.push("  no line changed");
  return lines.join("\n");
}
