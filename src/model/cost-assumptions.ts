/** Resolves the `cost` section: usage assumptions for the estimate, defaults filled in, names checked. */
import { monthlyRuns, scheduledAverageTasks } from "./scheduled-capacity.js";
import type { CostInput } from "../config/schema/insight.js";
import type { Issues } from "./issues.js";
import type { ConfigPath } from "../errors.js";
import type { Cluster, CostAssumptions, Database, HttpApi, LambdaFunction, Queue, Service, Topic } from "./types.js";
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
  efsGb: 10,
  auroraStorageGb: 20,
  auroraIoRequestsMillions: 10,
  backupGb: 0,
  dnsQueriesMillions: 1,
  cloudfrontTrafficGb: 100,
  cloudfrontRequestsMillions: 1,
  siteStorageGb: 1,
  apiRequestsTenThousands: 1,
  functionInvocationsMillions: 1,
  functionDurationMs: 100,
  httpApiRequestsMillions: 1,
  queueMessagesMillions: 1,
  topicPublishesMillions: 1,
  jobMinutes: 5,
  wafRequestsMillions: 1,
  replicatedWritesMillions: 5,
} as const;

export interface CostContext {
  readonly services: readonly Service[];
  readonly databases: readonly Database[];
  readonly cluster: Cluster;
  readonly functions: readonly LambdaFunction[];
  readonly httpApis: readonly HttpApi[];
  readonly queues: readonly Queue[];
  readonly topics: readonly Topic[];
  readonly at: ConfigPath;
  readonly issues: Issues;
  /** False in a recovery region, which runs fewer things (no jobs, no functions): the primary checks the names. */
  readonly checkNames: boolean;
}

export function resolveCostAssumptions(input: CostInput, ctx: CostContext): CostAssumptions {
  const gb = (v: `${number} GB` | undefined, fallback: number) => (v === undefined ? fallback : parseGb(v));
  if (ctx.checkNames) checkNames(input, ctx);
  const jobs = ctx.services.filter((s) => s.schedule !== null);
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
    efsGb: gb(input.efs, COST_DEFAULTS.efsGb),
    databases: Object.fromEntries(
      ctx.databases.map((d) => {
        const i = input.databases?.[d.key];
        return [
          d.key,
          {
            storageGb: gb(i?.storage, COST_DEFAULTS.auroraStorageGb),
            ioRequestsMillions: i?.ioRequests ?? COST_DEFAULTS.auroraIoRequestsMillions,
            backupGb: gb(i?.backup, COST_DEFAULTS.backupGb),
            replicatedWritesMillions: i?.replicatedWrites ?? COST_DEFAULTS.replicatedWritesMillions,
            replicatedBackupGb: gb(i?.replicatedBackup, d.storage?.allocatedGb ?? 0),
          },
        ];
      }),
    ),
    dnsQueriesMillions: input.dnsQueries ?? COST_DEFAULTS.dnsQueriesMillions,
    cloudfront: {
      trafficGb: gb(input.cloudfront?.traffic, COST_DEFAULTS.cloudfrontTrafficGb),
      requestsMillions: input.cloudfront?.requests ?? COST_DEFAULTS.cloudfrontRequestsMillions,
    },
    siteStorageGb: gb(input.siteStorage, COST_DEFAULTS.siteStorageGb),
    apiRequestsTenThousands: input.apiRequests ?? COST_DEFAULTS.apiRequestsTenThousands,
    functions: Object.fromEntries(
      ctx.functions.map((f) => [
        f.key,
        {
          invocationsMillions: input.functions?.[f.key]?.invocations ?? COST_DEFAULTS.functionInvocationsMillions,
          durationMs: input.functions?.[f.key]?.duration ?? COST_DEFAULTS.functionDurationMs,
        },
      ]),
    ),
    httpApis: Object.fromEntries(ctx.httpApis.map((a) => [a.key, input.httpApis?.[a.key]?.requests ?? COST_DEFAULTS.httpApiRequestsMillions])),
    queues: Object.fromEntries(ctx.queues.map((q) => [q.key, input.queues?.[q.key]?.messages ?? COST_DEFAULTS.queueMessagesMillions])),
    topics: Object.fromEntries(ctx.topics.map((t) => [t.key, input.topics?.[t.key]?.publishes ?? COST_DEFAULTS.topicPublishesMillions])),
    jobs: Object.fromEntries(
      jobs.map((s) => [
        s.name,
        {
          runs: s.schedule!.enabled ? monthlyRuns(s.schedule!.expression, s.schedule!.timezone) : 0,
          minutes: input.jobs?.[s.name]?.minutes ?? COST_DEFAULTS.jobMinutes,
        },
      ]),
    ),
    wafRequestsMillions: input.wafRequests ?? COST_DEFAULTS.wafRequestsMillions,
    prices: { ...input.prices },
  };
}

/** Every name the cost section gives is one the environment has. */
function checkNames(input: CostInput, ctx: CostContext): void {
  const known = (section: string, given: Readonly<Record<string, unknown>> | undefined, keys: readonly string[], what: string) => {
    for (const key of Object.keys(given ?? {})) if (!keys.includes(key)) ctx.issues.unknown([...ctx.at, section, key], what, key, keys);
  };
  known(
    "services",
    input.services,
    ctx.services.map((s) => s.name),
    "service",
  );
  known(
    "databases",
    input.databases,
    ctx.databases.map((d) => d.key),
    "database",
  );
  known(
    "functions",
    input.functions,
    ctx.functions.map((f) => f.key),
    "function",
  );
  known(
    "httpApis",
    input.httpApis,
    ctx.httpApis.map((a) => a.key),
    "HTTP API",
  );
  known(
    "queues",
    input.queues,
    ctx.queues.map((q) => q.key),
    "queue",
  );
  known(
    "topics",
    input.topics,
    ctx.topics.map((t) => t.key),
    "topic",
  );
  known(
    "jobs",
    input.jobs,
    ctx.services.filter((s) => s.schedule !== null).map((s) => s.name),
    "scheduled job",
  );
}
