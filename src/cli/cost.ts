/** `berth cost`: the monthly estimate of each environment, line by line; `--compare` against a git ref or a saved estimate. */
import { existsSync, readFileSync } from "node:fs";
import { estimatesAtRef } from "../insight/cost/baseline.js";
import { compareEstimates, comparisonText, parseSavedEstimates } from "../insight/cost/compare.js";
import { estimateRegions } from "../insight/cost/estimate.js";
import { costJson, costText } from "../insight/cost/format.js";
import { loadConfig } from "../config/load.js";
import { resolveModel } from "../model/resolve.js";
import { println } from "./output.js";

export interface CostOptions {
  readonly config?: string;
  readonly env?: string;
  readonly json?: boolean;
  readonly compare?: string;
}

export async function cost(opts: CostOptions): Promise<void> {
  const loaded = await loadConfig({ config: opts.config });
  const model = resolveModel(loaded.config, { env: opts.env, file: loaded.display });
  const estimates = model.environments.flatMap(estimateRegions);
  if (!opts.compare) {
    if (opts.json) estimates.forEach((e) => println(JSON.stringify(costJson(e))));
    else println(estimates.map(costText).join("\n\n"));
    return;
  }
  const baseline = existsSync(opts.compare)
    ? parseSavedEstimates(readFileSync(opts.compare, "utf8"), opts.compare).filter((e) => !opts.env || e.environment === opts.env)
    : (await estimatesAtRef(opts.compare, loaded.path, opts.env)).map(costJson);
  const comparisons = compareEstimates(estimates.map(costJson), baseline);
  if (opts.json) comparisons.forEach((c) => println(JSON.stringify(c)));
  else println(comparisons.map((c) => comparisonText(c, opts.compare!)).join("\n\n"));
}
