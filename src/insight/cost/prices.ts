/**
 * Unit prices shipped with berth, one file per region (`prices/<region>.json`: USD, unit, the AWS offer
 * file each comes from, and the date recorded), and the config's overrides (`cost.prices`) on top.
 */
import apSouth1 from "./prices/ap-south-1.json" with { type: "json" };
import euWest1 from "./prices/eu-west-1.json" with { type: "json" };
import usEast1 from "./prices/us-east-1.json" with { type: "json" };
import usWest2 from "./prices/us-west-2.json" with { type: "json" };

export interface Price {
  readonly usd: number;
  readonly unit: string;
  readonly source: string;
  /** Where a price was read when not from the offer file itself, or why it is unverified. */
  readonly note?: string;
}

export interface RegionPrices {
  readonly region: string;
  readonly currency: "USD";
  /** The day the prices were recorded (YYYY-MM-DD). */
  readonly recorded: string;
  /** How they were recorded: read from the offer files by `npm run prices`, or transcribed by hand. */
  readonly method: string;
  readonly prices: Readonly<Record<string, Price>>;
}

export const PRICE_TABLES: Readonly<Record<string, RegionPrices>> = Object.fromEntries(
  ([usEast1, usWest2, euWest1, apSouth1] as RegionPrices[]).map((t) => [t.region, t]),
);

export const PRICED_REGIONS = Object.keys(PRICE_TABLES).sort();

/** Where a price comes from when the config sets it. */
export const CONFIG_SOURCE = "config";

export class PriceBook {
  private readonly table: RegionPrices | undefined;

  constructor(
    readonly region: string,
    private readonly overrides: Readonly<Record<string, number>>,
    overridesAt: string,
  ) {
    this.table = PRICE_TABLES[region];
    this.overridesAt = overridesAt;
  }

  /** Config path of the overrides, for the source column (`cost.prices`). */
  readonly overridesAt: string;

  get recorded(): string | undefined {
    return this.table?.recorded;
  }

  /** How the shipped prices were recorded (read from the offer files, or transcribed by hand). */
  get method(): string | undefined {
    return this.table?.method;
  }

  /** The price of a key: the config's override, else the shipped one; `undefined` when neither exists. */
  get(key: string, unit: string): Price | undefined {
    const own = this.overrides[key];
    if (own !== undefined) return { usd: own, unit, source: `${this.overridesAt}["${key}"]` };
    return this.table?.prices[key];
  }
}
