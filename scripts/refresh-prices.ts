/**
 * `npm run prices`: refreshes berth's shipped prices (src/insight/cost/prices/<region>.json) from AWS's
 * public price list offer files — every key already in a region's file, read from the on-demand rows of
 * its offer's CSV file, streamed (the EC2 file alone is gigabytes). Needs internet access, no AWS account.
 * A key no row matches keeps its value and is listed at the end. `npm run prices -- eu-west-1` does one region.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { offerUrl, OfferScanner, type Selector, selectorFor } from "../src/insight/cost/offers.js";
import type { RegionPrices } from "../src/insight/cost/prices.js";

const DIR = join(import.meta.dirname, "..", "src", "insight", "cost", "prices");
const DEFAULT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-south-1"];

async function scan(url: string, keys: ReadonlyMap<string, Selector>): Promise<Map<string, number>> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  const scanner = new OfferScanner(keys);
  let rest = "";
  for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const l of lines) scanner.line(l.replace(/\r$/, ""));
  }
  scanner.line(rest);
  return scanner.prices();
}

async function refresh(region: string): Promise<string[]> {
  const file = join(DIR, `${region}.json`);
  const table = JSON.parse(readFileSync(file, "utf8")) as RegionPrices;
  const byUrl = new Map<string, Map<string, Selector>>();
  const kept: string[] = [];
  for (const key of Object.keys(table.prices)) {
    const s = selectorFor(key);
    if (!s) {
      kept.push(key);
      continue;
    }
    const url = offerUrl(s.offer, region, s.global ?? false, "csv");
    if (!byUrl.has(url)) byUrl.set(url, new Map());
    byUrl.get(url)!.set(key, s);
  }
  const prices = { ...table.prices };
  for (const [url, keys] of byUrl) {
    process.stderr.write(`${region}: reading ${url}\n`);
    const found = await scan(url, keys);
    for (const key of keys.keys()) {
      const usd = found.get(key);
      if (usd === undefined) kept.push(key);
      else prices[key] = { usd, unit: prices[key]!.unit, source: url };
    }
  }
  const out: RegionPrices = {
    ...table,
    recorded: new Date().toISOString().slice(0, 10),
    method: "read from the AWS price list offer files (on-demand rows) by npm run prices",
    prices: Object.fromEntries(
      Object.keys(prices)
        .sort()
        .map((k) => [k, prices[k]!]),
    ),
  };
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  return kept.map((k) => `${region} ${k}`);
}

const regions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_REGIONS;
const kept: string[] = [];
for (const r of regions) kept.push(...(await refresh(r)));
if (kept.length > 0) process.stderr.write(`kept their previous value (no matching row): ${kept.join(", ")}\n`);
