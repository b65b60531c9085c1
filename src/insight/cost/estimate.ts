/**
 * `estimateCost(env)`: the monthly cost of one environment and region, line by line — quantity × unit
 * price — from the resolved model, the shipped prices of its region and the config's usage assumptions.
 */
import type { Environment } from "../../model/types.js";
import { costChoices, endpointNote } from "./choices.js";
import { computeLines } from "./compute.js";
import { databaseLines } from "./data.js";
import { edgeLines } from "./edge.js";
import { functionLines } from "./functions.js";
import { jobLines } from "./jobs.js";
import { cents, Lines } from "./lines.js";
import { messagingLines } from "./messaging.js";
import { networkLines } from "./network.js";
import { operationsLines } from "./operations.js";
import { PRICED_REGIONS, PriceBook } from "./prices.js";
import { replicationLines } from "./replication.js";
import { siteLines } from "./sites.js";
import type { CostAssumption, CostEstimate } from "./types.js";

/** What the estimate leaves out, said once in every estimate. */
export const NOT_COUNTED =
  "Not counted: free tiers of the account (first 10 alarms, 3 dashboards, 100 GB of internet traffic), data between AZs, S3 and ECR requests, the free tiers of Lambda, SQS, SNS, EventBridge Scheduler and Step Functions (not assumed: every request is priced), SNS email notifications of the alarm topic, events your code publishes to an EventBridge bus, data HTTP APIs and functions send to the internet (cost.internetTraffic is the load balancers'), enhanced monitoring metrics, taxes and discounts (Savings Plans, reserved instances).";

/** One estimate per region of the environment: its own, then each recovery region's (their stacks, their prices). */
export function estimateRegions(env: Environment): CostEstimate[] {
  return [estimateCost(env), ...env.recovery.map((r) => estimateCost(r, env))];
}

/** The estimate of one region; a recovery region's takes its primary, whose replicas it stores. */
export function estimateCost(env: Environment, primary?: Environment): CostEstimate {
  const prices = new PriceBook(env.region, env.cost.prices, "cost.prices");
  const lines = new Lines(prices);
  computeLines(env, lines);
  networkLines(env, lines);
  databaseLines(env, lines);
  operationsLines(env, lines);
  functionLines(env, lines);
  messagingLines(env, lines);
  jobLines(env, lines);
  edgeLines(env, lines);
  siteLines(env, lines);
  replicationLines(env, lines, primary);
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
    // A scheduled job runs a task per run (cost.jobs), not a number of tasks all month.
    ...Object.entries(c.tasks)
      .filter(([name]) => !(name in c.jobs))
      .map(([name, n]) => ({ path: `cost.services.${name}.tasks`, value: `${n} tasks on average` })),
    ...(c.instances !== null ? [{ path: "cost.instances", value: `${c.instances} instances on average` }] : []),
    ...(env.loadBalancers.length + env.networkLoadBalancers.length > 0
      ? [{ path: "cost.loadBalancerLcus", value: `${c.loadBalancerLcus} LCU (NLCU for a network load balancer) per load balancer` }]
      : []),
    { path: "cost.internetTraffic", value: gb(c.internetTrafficGb) },
    { path: "cost.privateTraffic", value: gb(c.privateTrafficGb) },
    { path: "cost.logs", value: `${gb(c.logsGb)} per service, function and HTTP API access log` },
    ...(env.network.flowLogs ? [{ path: "cost.flowLogs", value: gb(c.flowLogsGb) }] : []),
    ...(env.loadBalancers.some((lb) => lb.accessLogs) ? [{ path: "cost.accessLogs", value: `${c.accessLogsGb} GB stored per load balancer` }] : []),
    ...(env.repositories.length > 0 ? [{ path: "cost.images", value: `${c.imagesGb} GB per repository` }] : []),
    ...(env.services.some((s) => s.volumes.some((v) => v.efs.kind === "managed")) ? [{ path: "cost.efs", value: `${c.efsGb} GB per EFS file system` }] : []),
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
    ...(env.domain && env.region === env.primaryRegion ? [{ path: "cost.dnsQueries", value: `${c.dnsQueriesMillions} million a month` }] : []),
    ...(env.loadBalancers.some((lb) => lb.cloudfront) || env.sites.length > 0
      ? [
          { path: "cost.cloudfront.traffic", value: gb(c.cloudfront.trafficGb) },
          { path: "cost.cloudfront.requests", value: `${c.cloudfront.requestsMillions} million a month` },
        ]
      : []),
    ...(env.sites.length > 0 ? [{ path: "cost.siteStorage", value: gb(c.siteStorageGb) }] : []),
    { path: "cost.apiRequests", value: `${c.apiRequestsTenThousands} × 10,000 a month` },
    ...env.functions.flatMap((f) => {
      const u = c.functions[f.key]!;
      return [
        { path: `cost.functions.${f.key}.invocations`, value: `${u.invocationsMillions} million a month` },
        { path: `cost.functions.${f.key}.duration`, value: `${u.durationMs} ms each` },
      ];
    }),
    ...env.httpApis.map((a) => ({ path: `cost.httpApis.${a.key}.requests`, value: `${c.httpApis[a.key]} million a month` })),
    ...env.queues.map((q) => ({ path: `cost.queues.${q.key}.messages`, value: `${c.queues[q.key]} million a month` })),
    ...env.topics.map((t) => ({ path: `cost.topics.${t.key}.publishes`, value: `${c.topics[t.key]} million a month` })),
    ...Object.entries(c.jobs).map(([name, j]) => ({ path: `cost.jobs.${name}.minutes`, value: `${j.minutes} minutes a run, ${j.runs} runs a month` })),
    ...(env.loadBalancers.some((lb) => lb.waf) ? [{ path: "cost.wafRequests", value: `${c.wafRequestsMillions} million a month per web ACL` }] : []),
    ...env.databases.flatMap((d) => [
      ...(d.global?.secondary
        ? [{ path: `cost.databases.${d.key}.replicatedWrites`, value: `${c.databases[d.key]!.replicatedWritesMillions} million a month` }]
        : []),
      ...(d.backupReplication ? [{ path: `cost.databases.${d.key}.replicatedBackup`, value: `${c.databases[d.key]!.replicatedBackupGb} GB` }] : []),
    ]),
  ];
}
