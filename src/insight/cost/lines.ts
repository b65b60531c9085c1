/** Collects priced line items: quantity × the price book's unit price, rounded to cents, with the price's source. */
import type { PriceBook } from "./prices.js";
import type { CostItem } from "./types.js";

export const cents = (n: number): number => Math.round(n * 100) / 100;
/** Float noise off (547.4999999 → 547.5), small quantities kept (a daily job: 0.00003042 million invocations). */
const tidy = (n: number): number => Number(n.toPrecision(10));

export class Lines {
  readonly items: CostItem[] = [];
  /** Price keys with no price, for the notes. */
  readonly unpriced: string[] = [];

  constructor(readonly prices: PriceBook) {}

  /** Adds `quantity` of `unit` at the price of `key`; zero quantities are left out. */
  add(stack: string, item: string, quantity: number, unit: string, key: string): void {
    if (quantity <= 0) return;
    const price = this.prices.get(key, unit);
    if (!price) this.unpriced.push(key);
    this.items.push({
      item,
      quantity: tidy(quantity),
      unit,
      unitPrice: price ? price.usd : null,
      monthly: price ? cents(quantity * price.usd) : 0,
      stack,
      source: price ? price.source : `no price: set cost.prices["${key}"]`,
    });
  }

  /** What `add` would cost, without adding it (for choices and notes). */
  price(quantity: number, key: string): number {
    return cents(quantity * (this.prices.get(key, "")?.usd ?? 0));
  }
}
