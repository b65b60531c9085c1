/** The cost estimate of one environment and region: priced line items, the assumptions behind them, notes. */

export interface CostItem {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  /** USD per unit; `null` when berth ships no price for it and the config sets none (then `monthly` is 0). */
  readonly unitPrice: number | null;
  /** quantity × unitPrice, in USD, rounded to cents. */
  readonly monthly: number;
  /** The stack that creates what is billed. */
  readonly stack: string;
  /** The AWS offer file the price comes from, or the config path that sets it. */
  readonly source: string;
}

/** A usage assumption: what the estimate assumes, and the config path that changes it. */
export interface CostAssumption {
  readonly path: string;
  readonly value: string;
}

/** A choice in the config that changes the bill, and what the alternative would cost per month. */
export interface CostChoice {
  readonly choice: string;
  readonly current: string;
  readonly alternative: string;
  /** Monthly USD of the alternative minus the current; negative saves. */
  readonly delta: number;
  readonly path: string;
}

export interface CostEstimate {
  readonly environment: string;
  readonly region: string;
  readonly currency: "USD";
  readonly monthly: number;
  readonly items: readonly CostItem[];
  readonly assumptions: readonly CostAssumption[];
  readonly choices: readonly CostChoice[];
  /** Findings worth a sentence (endpoints costing more than a NAT gateway, unpriced items, what is not counted). */
  readonly notes: readonly string[];
  /** The day the shipped prices were recorded; `undefined` for a region berth ships no prices for. */
  readonly pricesRecorded: string | undefined;
  /** How the shipped prices were recorded, said with the sources so nobody takes a transcription for the offer files. */
  readonly pricesMethod: string | undefined;
}
