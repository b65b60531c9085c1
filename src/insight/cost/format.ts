/** The estimate as text (a table with the arithmetic, assumptions, choices, notes) or as the JSON the issue fixes. */
import type { CostEstimate, CostItem } from "./types.js";

const usd = (n: number) => `$${n.toFixed(2)}`;
/** Whole numbers as they are, small ones to three significant digits (a daily job's 0.0000304 million invocations), others to 4 decimals. */
const num = (n: number) => (Number.isInteger(n) ? String(n) : Math.abs(n) < 0.01 ? String(Number(n.toPrecision(3))) : String(Math.round(n * 10000) / 10000));

/**
 * `{ environment, region, currency, monthly, items: [{ item, quantity, unit, unitPrice, monthly, stack, source }] }`:
 * one object per environment and region (a recovery region is an object of its own).
 */
export function costJson(e: CostEstimate): { environment: string; region: string; currency: "USD"; monthly: number; items: CostItem[] } {
  return {
    environment: e.environment,
    region: e.region,
    currency: e.currency,
    monthly: e.monthly,
    items: e.items.map((i) => ({
      item: i.item,
      quantity: i.quantity,
      unit: i.unit,
      unitPrice: i.unitPrice,
      monthly: i.monthly,
      stack: i.stack,
      source: i.source,
    })),
  };
}

export function costText(e: CostEstimate): string {
  const rows = e.items.map((i) => [i.stack, i.item, `${num(i.quantity)} ${i.unit} × ${i.unitPrice === null ? "?" : `$${i.unitPrice}`}`, usd(i.monthly)]);
  const head = ["stack", "item", "quantity × unit price", "monthly"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]) => cells.map((x, c) => (c === 3 ? x.padStart(widths[c]!) : x.padEnd(widths[c]!))).join("  ");
  const out = [
    `${e.environment} (${e.region}): ${usd(e.monthly)} a month${e.pricesRecorded ? `, prices recorded ${e.pricesRecorded}` : ""}`,
    "",
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
    line(["", "total", "", usd(e.monthly)]),
    "",
    "Assumptions (set them in the config's cost section):",
    ...e.assumptions.map((a) => `  ${a.path}: ${a.value}`),
  ];
  if (e.choices.length > 0) {
    out.push("", "Choices that change the bill:");
    for (const c of e.choices)
      out.push(`  ${c.choice} (${c.path}): ${c.current} → ${c.alternative}: ${c.delta >= 0 ? "+" : "−"}${usd(Math.abs(c.delta))} a month`);
  }
  out.push("", ...e.notes.map((n) => `Note: ${n}`));
  const sources = [...new Set(e.items.map((i) => i.source))].sort();
  out.push("", `Price sources${e.pricesMethod ? ` (${e.pricesMethod})` : ""}:`, ...sources.map((s) => `  ${s}`));
  return out.join("\n");
}
