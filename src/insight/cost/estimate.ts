/**
 * `estimateCost(env)`: the monthly cost of one environment and region, line by line — quantity × unit
 * price — from the resolved model, the shipped prices of its region and the config's usage assumptions.
 */
import type { Environment } from "../../model/types.js";
import { costChoices, endpointNote } from "./choices.js";
import { computeLines } from "./compute.js";
import { databaseLines } from "./data.js";
import { cents, Lines } from "./lines.js";
import { networkLines } from "./network.js";
import { operationsLines } from "./operations.js";
import { PRICED_REGIONS, PriceBook } from "./prices.js";
import type { CostAssumption, CostEstimate } from "./types.js";

/** What the estimate leaves out, said once in every estimate. */
export const NOT_COUNTED =
  "Not counted: free tiers of the account (first 10 alarms, 3 dashboards, 100 GB of internet traffic), data between AZs, S3 and ECR requests, SNS notifications, enhanced monitoring metrics, taxes and discounts (Savings Plans, reserved instances).";

export function estimateCost(env: Environment): CostEstimate {
  const prices = new PriceBook(env.region, env.cost.prices, "cost.prices");
  const lines = new Lines(prices);
  computeLines(env, lines);
  networkLines(env, lines);
  databaseLines(env, lines);
  operationsLines(env, lines);
  const notes = [
    ...(prices.recorded ? [] : [`berth ships no prices for ${env.region} (only ${PRICED_REGIONS.join(", ")}): set every price in cost.prices.`]),
    ...(lines.unpriced.length > 0
      ? [`No price for ${[...new Set(lines.unpriced)].map((k) => `"${k}"`).join(", ")}: these lines count as $0; set them in cost.prices.`]
      : []),
    ...[endpointNote(env, lines)].filter((n): n is string => n !== undefined),
    NOT_COUNTED,
  ];
  return {
    environment: env.name,
    region: env.region,
    currency: "USD",
    monthly: cents(lines.items.reduce((n, i) => n + i.monthly, 0)),
    items: lines.items,
    assumptions: assumptions(env),
    choices: costChoices(env, lines),
    notes,
    pricesRecorded: prices.recorded,
    pricesMethod: prices.method,
  };
}

function assumptions(env: Environment): CostAssumption[] {
  const c = env.cost;
  const gb = (n: number) => `${n} GB a month`;
  return [
    { path: "cost.hoursPerMonth", value: `${c.hoursPerMonth} hours` },
    ...Object.entries(c.tasks).map(([name, n]) => ({ path: `cost.services.${name}.tasks`, value: `${n} tasks on average` })),
    ...(c.instances !== null ? [{ path: "cost.instances", value: `${c.instances} instances on average` }] : []),
    ...(env.loadBalancers.length > 0 ? [{ path: "cost.loadBalancerLcus", value: `${c.loadBalancerLcus} LCU per load balancer` }] : []),
    { path: "cost.internetTraffic", value: gb(c.internetTrafficGb) },
    { path: "cost.privateTraffic", value: gb(c.privateTrafficGb) },
    { path: "cost.logs", value: `${gb(c.logsGb)} per service` },
    ...(env.network.flowLogs ? [{ path: "cost.flowLogs", value: gb(c.flowLogsGb) }] : []),
    ...(env.loadBalancers.some((lb) => lb.accessLogs) ? [{ path: "cost.accessLogs", value: `${c.accessLogsGb} GB stored per load balancer` }] : []),
    ...(env.repositories.length > 0 ? [{ path: "cost.images", value: `${c.imagesGb} GB per repository` }] : []),
    ...env.databases.flatMap((d) => {
      const u = c.databases[d.key]!;
      return [
        ...(d.kind === "aurora"
          ? [
              { path: `cost.databases.${d.key}.storage`, value: `${u.storageGb} GB` },
              { path: `cost.databases.${d.key}.ioRequests`, value: `${u.ioRequestsMillions} million a month` },
            ]
          : []),
        { path: `cost.databases.${d.key}.backup`, value: `${u.backupGb} GB beyond the free share` },
      ];
    }),
    ...(env.domain ? [{ path: "cost.dnsQueries", value: `${c.dnsQueriesMillions} million a month` }] : []),
    ...(env.loadBalancers.some((lb) => lb.cloudfront)
      ? [
          { path: "cost.cloudfront.traffic", value: gb(c.cloudfront.trafficGb) },
          { path: "cost.cloudfront.requests", value: `${c.cloudfront.requestsMillions} million a month` },
        ]
      : []),
    { path: "cost.apiRequests", value: `${c.apiRequestsTenThousands} × 10,000 a month` },
  ];
}
