/**
 * `npm run prices`: refreshes berth's shipped prices (src/insight/cost/prices/<region>.json) from AWS's
 * public price list offer files — every key already in a region's file, read from the on-demand rows of
 * its offer's CSV file, streamed (the EC2 file alone is gigabytes). Needs internet access, no AWS account.
 * A key no row matches keeps its value and is listed at the end. `npm run prices -- eu-west-1` does one region.
 * The mapping itself is `refreshTable` (src/insight/cost/refresh.ts), tested offline.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OfferScanner } from "../src/insight/cost/offers.js";
import type { RegionPrices } from "../src/insight/cost/prices.js";
import { refreshTable } from "../src/insight/cost/refresh.js";

const DIR = join(import.meta.dirname, "..", "src", "insight", "cost", "prices");
const DEFAULT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-south-1"];

async function streamCsv(url: string, scanner: OfferScanner): Promise<void> {
  process.stderr.write(`reading ${url}\n`);
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  let rest = "";
  for await (const chunk of res.body.pipeThrough(new TextDecoderStream())) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop() ?? "";
    for (const l of lines) scanner.line(l.replace(/\r$/, ""));
  }
  scanner.line(rest);
}

const regions = process.argv.slice(2).length > 0 ? process.argv.slice(2) : DEFAULT_REGIONS;
const kept: string[] = [];
for (const region of regions) {
  const file = join(DIR, `${region}.json`);
  const refreshed = await refreshTable(JSON.parse(readFileSync(file, "utf8")) as RegionPrices, streamCsv, new Date().toISOString().slice(0, 10));
  writeFileSync(file, `${JSON.stringify(refreshed.table, null, 2)}\n`);
  for (const c of refreshed.changed) process.stderr.write(`${region} ${c.key}: ${c.before} → ${c.after}\n`);
  kept.push(...refreshed.kept.map((k) => `${region} ${k}`));
}
if (kept.length > 0) process.stderr.write(`kept their previous value (no matching row): ${kept.join(", ")}\n`);
