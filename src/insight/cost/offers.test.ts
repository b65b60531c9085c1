/**
 * The offer-file reader of `npm run prices`, on excerpts in the layout of AWS's price list CSV files
 * (test/fixtures/price-list/: metadata lines, the header, then one row per SKU, term and tier; typed in
 * that layout with fewer columns, since the refresh itself needs the internet).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { offerUrl, OfferScanner, selectorFor, splitCsvLine } from "./offers.js";
import { PRICE_TABLES } from "./prices.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "price-list");
const scan = (file: string, keys: string[]) => {
  const s = new OfferScanner(new Map(keys.map((k) => [k, selectorFor(k)!])));
  for (const line of readFileSync(join(FIXTURES, file), "utf8").split("\n")) s.line(line);
  return Object.fromEntries(s.prices());
};

describe("offer files", () => {
  it("splits quoted CSV fields, quotes inside included", () => {
    expect(splitCsvLine('"a","b, c","say ""ARM""",""')).toEqual(["a", "b, c", 'say "ARM"', ""]);
  });

  it("reads on-demand Fargate prices by usage type without the region prefix, ignoring reserved terms and Spot lookalikes", () => {
    expect(
      scan("AmazonECS-eu-west-1-excerpt.csv", ["fargate:vcpu:x86", "fargate:gb:x86", "fargate:vcpu:arm64", "fargate-spot:vcpu:x86", "fargate:gb:arm64"]),
    ).toEqual({
      "fargate:vcpu:x86": 0.04048,
      "fargate:gb:x86": 0.004445,
      "fargate:vcpu:arm64": 0.03238,
      "fargate-spot:vcpu:x86": 0.01299408,
    });
  });

  it("takes the first billed tier of tiered prices, and the instance row of the asked OS and capacity status", () => {
    expect(scan("AmazonEC2-transfer-excerpt.csv", ["transfer:internet", "ec2:t4g.small"])).toEqual({ "transfer:internet": 0.09, "ec2:t4g.small": 0.0168 });
  });

  it("has a selector for every key shipped, and names the offer file", () => {
    for (const t of Object.values(PRICE_TABLES)) for (const key of Object.keys(t.prices)) expect(selectorFor(key), key).toBeDefined();
    expect(offerUrl("AmazonECS", "eu-west-1", false, "csv")).toBe(
      "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonECS/current/eu-west-1/index.csv",
    );
    expect(offerUrl("AmazonRoute53", "eu-west-1", true, "csv")).toBe("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonRoute53/current/index.csv");
  });
});

describe("shipped prices", () => {
  it("cover us-east-1, us-west-2, eu-west-1 and ap-south-1, each with a date, a method, and a source per price", () => {
    expect(Object.keys(PRICE_TABLES).sort()).toEqual(["ap-south-1", "eu-west-1", "us-east-1", "us-west-2"]);
    for (const t of Object.values(PRICE_TABLES)) {
      expect(t.recorded).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(t.currency).toBe("USD");
      expect(t.method.length).toBeGreaterThan(10);
      for (const [key, p] of Object.entries(t.prices)) {
        expect(p.usd, key).toBeGreaterThan(0);
        expect(p.unit, key).not.toBe("");
        const s = selectorFor(key)!;
        expect(p.source, key).toBe(offerUrl(s.offer, t.region, s.global ?? false, "csv"));
      }
    }
  });

  it("hold the same keys in every region", () => {
    const keys = Object.values(PRICE_TABLES).map((t) => Object.keys(t.prices).sort());
    for (const k of keys) expect(k).toEqual(keys[0]);
  });
});
