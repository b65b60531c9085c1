/**
 * What `npm run prices` does to one region's price table, given a reader of offer files: groups the keys
 * by the offer file their selector names, takes each key's on-demand price from the rows read, and keeps
 * (and reports) the keys no row matched or no selector covers. The script (scripts/refresh-prices.ts)
 * passes a reader that streams the CSV files over the network; tests pass recorded rows.
 */
import { offerUrl, OfferScanner, type Selector, selectorFor } from "./offers.js";
import type { Price, RegionPrices } from "./prices.js";

/** Reads an offer file and feeds its rows to the scanner. */
export type OfferReader = (url: string, scanner: OfferScanner) => Promise<void>;

export interface Refreshed {
  readonly table: RegionPrices;
  /** Keys that kept their previous value: no selector, or no row of their offer file matched. */
  readonly kept: readonly string[];
  /** Keys whose value changed, with the old and new USD. */
  readonly changed: readonly { readonly key: string; readonly before: number; readonly after: number }[];
}

export async function refreshTable(table: RegionPrices, read: OfferReader, today: string): Promise<Refreshed> {
  const byUrl = new Map<string, Map<string, Selector>>();
  const kept: string[] = [];
  for (const key of Object.keys(table.prices)) {
    const s = selectorFor(key);
    if (!s) {
      kept.push(key);
      continue;
    }
    const url = offerUrl(s.offer, table.region, s.global ?? false, "csv");
    if (!byUrl.has(url)) byUrl.set(url, new Map());
    byUrl.get(url)!.set(key, s);
  }
  const prices: Record<string, Price> = { ...table.prices };
  const changed: { key: string; before: number; after: number }[] = [];
  for (const [url, keys] of byUrl) {
    const scanner = new OfferScanner(keys);
    await read(url, scanner);
    const found = scanner.prices();
    for (const key of keys.keys()) {
      const usd = found.get(key);
      if (usd === undefined) {
        kept.push(key);
        continue;
      }
      const before = prices[key]!;
      if (before.usd !== usd) changed.push({ key, before: before.usd, after: usd });
      // A price read from the offer file needs no note on where it came from.
      prices[key] = { usd, unit: before.unit, source: url };
    }
  }
  return {
    table: {
      ...table,
      recorded: today,
      method: "read from the AWS price list offer files (on-demand rows) by npm run prices",
      prices: Object.fromEntries(
        Object.keys(prices)
          .sort()
          .map((k) => [k, prices[k]!]),
      ),
    },
    kept: kept.sort(),
    changed,
  };
}
