/**
 * `npm run prices` offline: `refreshTable` with a reader that feeds recorded offer-file rows instead of
 * the network — the JSON form's shape (products, terms.OnDemand, priceDimensions, usagetype) read into
 * the CSV form's rows, each key mapped by its usage type, and the keys nothing matched reported.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { offerJsonRows, offerUrl, type OfferScanner } from "./offers.js";
import type { RegionPrices } from "./prices.js";
import { refreshTable } from "./refresh.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "price-list");
const lambdaOffer = JSON.parse(readFileSync(join(FIXTURES, "AWSLambda-us-east-1-excerpt.json"), "utf8")) as unknown;

const table: RegionPrices = {
  region: "us-east-1",
  currency: "USD",
  recorded: "2026-01-01",
  method: "transcribed",
  prices: {
    "lambda:requests": { usd: 0.25, unit: "million requests", source: "somewhere", note: "unverified" },
    "lambda:gb-second:x86": { usd: 0.0000166667, unit: "GB-second", source: "somewhere" },
    "lambda:gb-second:arm64": { usd: 0.00001, unit: "GB-second", source: "somewhere" },
    "sqs:requests": { usd: 0.4, unit: "million requests", source: "somewhere" },
    "rds:pi": { usd: 1, unit: "vCPU-month", source: "config" },
  },
};

describe("offerJsonRows", () => {
  it("turns the JSON offer file's products and on-demand price dimensions into rows, one per SKU, term and tier", () => {
    const rows = offerJsonRows(lambdaOffer);
    expect(rows).toHaveLength(9); // 1 + 3 tiers + 3 tiers + 1 + 1
    expect(rows.find((r) => r.usageType === "Lambda-GB-Second" && r.StartingRange === "6000000000")).toMatchObject({
      TermType: "OnDemand",
      Currency: "USD",
      PricePerUnit: "0.0000150000",
      "Product Family": "Serverless",
    });
  });

  it("reads nothing from a file without on-demand terms", () => {
    expect(offerJsonRows({ products: {}, terms: {} })).toEqual([]);
    expect(offerJsonRows({})).toEqual([]);
  });
});

describe("refreshTable (npm run prices, offline)", () => {
  const read = (offers: Record<string, unknown>) => async (url: string, scanner: OfferScanner) => {
    const offer = offers[url];
    if (offer) for (const row of offerJsonRows(offer)) scanner.row(row);
  };

  it("maps each usage type to berth's key (per million, first billed tier), and reports the keys it kept", async () => {
    const lambdaUrl = offerUrl("AWSLambda", "us-east-1", false, "csv");
    const seen: string[] = [];
    const r = await refreshTable(
      table,
      async (url, scanner) => {
        seen.push(url);
        await read({ [lambdaUrl]: lambdaOffer })(url, scanner);
      },
      "2026-12-05",
    );
    expect(r.table.prices["lambda:requests"]).toEqual({ usd: 0.2, unit: "million requests", source: lambdaUrl });
    expect(r.table.prices["lambda:gb-second:x86"]!.usd).toBe(0.0000166667);
    expect(r.table.prices["lambda:gb-second:arm64"]!.usd).toBe(0.0000133334);
    // SQS's file had no matching row; rds:pi has no selector: both keep their values and are reported.
    expect(r.kept).toEqual(["rds:pi", "sqs:requests"]);
    expect(r.table.prices["sqs:requests"]).toEqual(table.prices["sqs:requests"]);
    expect(r.changed).toEqual([
      { key: "lambda:requests", before: 0.25, after: 0.2 },
      { key: "lambda:gb-second:arm64", before: 0.00001, after: 0.0000133334 },
    ]);
    // One read per offer file, not per key.
    expect(seen).toEqual([lambdaUrl, offerUrl("AWSQueueService", "us-east-1", false, "csv")]);
    expect([r.table.recorded, r.table.method]).toEqual(["2026-12-05", "read from the AWS price list offer files (on-demand rows) by npm run prices"]);
    expect(Object.keys(r.table.prices)).toEqual(Object.keys(table.prices).sort());
  });

  it("ignores the Provisioned Concurrency product and tiers beyond the first", async () => {
    const keys = { ...table, prices: { "lambda:gb-second:x86": table.prices["lambda:gb-second:x86"]! } };
    const r = await refreshTable(keys, read({ [offerUrl("AWSLambda", "us-east-1", false, "csv")]: lambdaOffer }), "2026-12-05");
    expect([r.table.prices["lambda:gb-second:x86"]!.usd, r.kept, r.changed]).toEqual([0.0000166667, [], []]);
  });
});
