/** Resolves the `cost` section: usage assumptions for the estimate, defaults filled in, names checked. */
import { scheduledAverageTasks } from "./scheduled-capacity.js";
import type { CostInput } from "../config/schema/insight.js";
import type { Issues } from "./issues.js";
import type { ConfigPath } from "../errors.js";
import type { Cluster, CostAssumptions, Database, Service } from "./types.js";
import { parseGb } from "./units.js";

export const COST_DEFAULTS = {
  hoursPerMonth: 730,
  loadBalancerLcus: 1,
  internetTrafficGb: 100,
  privateTrafficGb: 50,
  logsGb: 5,
  flowLogsGb: 10,
  accessLogsGb: 10,
  imagesGb: 2,
  auroraStorageGb: 20,
  auroraIoRequestsMillions: 10,
  backupGb: 0,
  dnsQueriesMillions: 1,
  cloudfrontTrafficGb: 100,
  cloudfrontRequestsMillions: 1,
  apiRequestsTenThousands: 1,
} as const;

export interface CostContext {
  readonly services: readonly Service[];
  readonly databases: readonly Database[];
  readonly cluster: Cluster;
  readonly at: ConfigPath;
  readonly issues: Issues;
}

export function resolveCostAssumptions(input: CostInput, ctx: CostContext): CostAssumptions {
  const gb = (v: `${number} GB` | undefined, fallback: number) => (v === undefined ? fallback : parseGb(v));
  const serviceNames = ctx.services.map((s) => s.name);
  for (const key of Object.keys(input.services ?? {})) {
    if (!serviceNames.includes(key)) ctx.issues.unknown([...ctx.at, "services", key], "service", key, serviceNames);
  }
  const databaseKeys = ctx.databases.map((d) => d.key);
  for (const key of Object.keys(input.databases ?? {})) {
    if (!databaseKeys.includes(key)) ctx.issues.unknown([...ctx.at, "databases", key], "database", key, databaseKeys);
  }
  const ec2 = ctx.cluster.capacity.kind === "ec2" ? ctx.cluster.capacity : null;
  if (!ec2 && input.instances !== undefined)
    ctx.issues.add([...ctx.at, "instances"], "applies only to EC2 capacity (compute.ec2); this environment runs on Fargate");
  return {
    hoursPerMonth: input.hoursPerMonth ?? COST_DEFAULTS.hoursPerMonth,
    // Scheduled scaling (staging off at night, say) lowers the default: the desired count held in each scheduled range.
    tasks: Object.fromEntries(ctx.services.map((s) => [s.name, input.services?.[s.name]?.tasks ?? scheduledAverageTasks(s.autoscaling, s.desiredCount)])),
    instances: ec2 ? (input.instances ?? ec2.desired) : null,
    loadBalancerLcus: input.loadBalancerLcus ?? COST_DEFAULTS.loadBalancerLcus,
    internetTrafficGb: gb(input.internetTraffic, COST_DEFAULTS.internetTrafficGb),
    privateTrafficGb: gb(input.privateTraffic, COST_DEFAULTS.privateTrafficGb),
    logsGb: gb(input.logs, COST_DEFAULTS.logsGb),
    flowLogsGb: gb(input.flowLogs, COST_DEFAULTS.flowLogsGb),
    accessLogsGb: gb(input.accessLogs, COST_DEFAULTS.accessLogsGb),
    imagesGb: gb(input.images, COST_DEFAULTS.imagesGb),
    databases: Object.fromEntries(
      ctx.databases.map((d) => {
        const i = input.databases?.[d.key];
        return [
          d.key,
          {
            storageGb: gb(i?.storage, COST_DEFAULTS.auroraStorageGb),
            ioRequestsMillions: i?.ioRequests ?? COST_DEFAULTS.auroraIoRequestsMillions,
            backupGb: gb(i?.backup, COST_DEFAULTS.backupGb),
          },
        ];
      }),
    ),
    dnsQueriesMillions: input.dnsQueries ?? COST_DEFAULTS.dnsQueriesMillions,
    cloudfront: {
      trafficGb: gb(input.cloudfront?.traffic, COST_DEFAULTS.cloudfrontTrafficGb),
      requestsMillions: input.cloudfront?.requests ?? COST_DEFAULTS.cloudfrontRequestsMillions,
    },
    apiRequestsTenThousands: input.apiRequests ?? COST_DEFAULTS.apiRequestsTenThousands,
    prices: { ...input.prices },
  };
}
