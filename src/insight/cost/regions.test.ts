import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load.js";
import type { BerthConfig } from "../../config/schema/app.js";
import { resolveModel } from "../../model/resolve.js";
import type { Environment } from "../../model/types.js";
import { estimateCost, estimateRegions } from "./estimate.js";
import { renderStacks } from "../../terraform/render.js";
import { attribute, TerraformView } from "../checks/terraform-view.js";
import { costJson, costText } from "./format.js";
import { JOB_STATES } from "./jobs.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "examples");
let sarc: BerthConfig;
beforeAll(async () => {
  sarc = (await loadConfig({ config: join(EXAMPLES, "sarc-ng", "berth.config.ts") })).config;
});

const env = (config: BerthConfig, name = "prod"): Environment => resolveModel(config, { env: name }).environments[0]!;
const changed = (change: (c: BerthConfig) => void): BerthConfig => {
  const c = structuredClone(sarc);
  change(c);
  return c;
};
const line = (e: { items: readonly { item: string; monthly: number; quantity: number; unitPrice: number | null }[] }, prefix: string) => {
  const found = e.items.filter((i) => i.item.startsWith(prefix));
  expect(found.length, prefix).toBe(1);
  return found[0]!;
};

describe("estimateRegions: one estimate per environment and region", () => {
  it("sarc-ng prod: us-east-1, then the recovery region us-west-2 with its own stacks and prices", () => {
    const [primary, recovery, ...rest] = estimateRegions(env(sarc));
    expect(rest).toEqual([]);
    expect([primary!.region, recovery!.region]).toEqual(["us-east-1", "us-west-2"]);
    expect(costJson(recovery!)).toMatchObject({ environment: "prod", region: "us-west-2", currency: "USD" });
    // The standby: one task per service, no scheduled job, no schedule-only function (they stay in the primary);
    // the HTTP API, the function behind it and the queue consumer run there too.
    expect(recovery!.items.some((i) => i.stack === "service-expire" || i.stack === "function-prune")).toBe(false);
    for (const stack of ["function-usage", "function-api", "api-public"])
      expect(
        recovery!.items.some((i) => i.stack === stack),
        stack,
      ).toBe(true);
    expect(line(primary!, "Fargate vCPU, api (").quantity).toBe(3 * 1 * 730);
    expect(line(recovery!, "Fargate vCPU, api (").quantity).toBe(1 * 1 * 730);
    // Aurora global: the secondary cluster's instances are billed there, and the write I/O replicated into it.
    expect(recovery!.items.filter((i) => i.item.startsWith("Aurora aurora-mysql db.r5.large")).length).toBeGreaterThan(0);
    const replicated = line(recovery!, "Aurora global replicated write I/O into us-west-2, main");
    expect([replicated.quantity, replicated.unitPrice, replicated.monthly]).toEqual([5, 0.2, 1]);
    // The hosted zone, its queries and its DNSSEC signing key are the primary's only.
    expect(primary!.items.filter((i) => i.stack === "dns").length).toBe(3);
    expect(recovery!.items.filter((i) => i.stack === "dns")).toEqual([]);
    // Each region's failover record has its health check: HTTPS at 0.50 + 1.00.
    expect(line(primary!, "Route 53 health check of sarc-ng-prod-public (").monthly).toBe(0.5);
    expect(line(recovery!, "Route 53 health check HTTPS option, HTTP API sarc-ng-prod-public").monthly).toBe(1);
    // So does each region's record of the HTTP API's host, in the API's stack.
    expect(line(primary!, "Route 53 health check of HTTP API sarc-ng-prod-public (failover primary)")).toMatchObject({ stack: "api-public", monthly: 0.5 });
    expect(line(recovery!, "Route 53 health check HTTPS option, HTTP API sarc-ng-prod-public").monthly).toBe(1);
    // ECR replication of the 4 repositories (api, api-internal, recorder, expire) into us-west-2: 4 × 2 GB × 0.02; the copies are stored there.
    expect(line(primary!, "ECR replication transfer to us-west-2").monthly).toBe(0.16);
    // the standby runs no job, yet ECR replicates the job's repository too
    expect(recovery!.items.filter((i) => i.item.startsWith("ECR storage")).map((i) => i.item)).toEqual([
      "ECR storage, sarc-ng-prod-api (cost.images)",
      "ECR storage, sarc-ng-prod-api-internal (cost.images)",
      "ECR storage, sarc-ng-prod-recorder (cost.images)",
      "ECR storage of the replica sarc-ng-prod-expire (cost.images)",
    ]);
  });

  it("a single-region environment is one estimate", () => {
    expect(estimateRegions(env(sarc, "dev")).map((e) => e.region)).toEqual(["us-east-1"]);
  });
});

describe("estimateCost: functions, HTTP APIs, queues, topics, scheduled jobs", () => {
  it("prices a function's requests and GB-seconds by architecture, with no free tier", () => {
    const e = estimateCost(env(sarc));
    // 1 million requests × 0.20; 1 M × 0.1 s × 0.5 GB = 50,000 GB-s × 0.0000133334 (arm64) = 0.67
    expect(line(e, "Lambda requests, api").monthly).toBe(0.2);
    const compute = line(e, "Lambda compute, api");
    expect([compute.quantity, compute.unitPrice, compute.monthly]).toEqual([50_000, 0.0000133334, 0.67]);
    const x86 = estimateCost(env(changed((c) => void (c.functions!.api!.architecture = "x86_64"))));
    // 50,000 × 0.0000166667 = 0.83
    expect(line(x86, "Lambda compute, api").monthly).toBe(0.83);
    // The choice prices the same GB-seconds on arm64: 0.67 − 0.83
    expect(x86.choices.find((c) => c.path === "functions.<name>.architecture")).toMatchObject({ current: "x86_64 for api", delta: -0.16 });
    expect(estimateCost(env(sarc)).choices.some((c) => c.path === "functions.<name>.architecture")).toBe(false);
  });

  it("follows the cost assumptions of functions, HTTP APIs and queues", () => {
    const c = changed((x) => {
      x.cost = {
        functions: { api: { invocations: 10, duration: 250 } },
        httpApis: { public: { requests: 10 } },
        queues: { "reservation-events": { messages: 4 } },
        jobs: { expire: { minutes: 12 } },
      };
    });
    const e = estimateCost(env(c));
    // 10 M × 0.25 s × 0.5 GB = 1,250,000 GB-s × 0.0000133334 = 16.67
    expect(line(e, "Lambda compute, api").monthly).toBe(16.67);
    expect(line(e, "Lambda requests, api").monthly).toBe(2);
    expect(line(e, "API Gateway HTTP API requests, public").monthly).toBe(10);
    // 4 M messages × 3 requests × 0.40
    expect(line(e, "SQS requests, reservation-events").monthly).toBe(4.8);
    expect(e.assumptions).toContainEqual({ path: "cost.jobs.expire.minutes", value: "12 minutes a run, 30.42 runs a month" });
    expect(e.assumptions.some((a) => a.path === "cost.services.expire.tasks")).toBe(false);
  });

  it("counts KMS data-key requests of queues under the messaging key: each principal once per 300 s", () => {
    const e = estimateCost(env(sarc));
    // api and api-internal send, recorder receives: 3 × 730 h × 12 = 26,280 requests = 2.628 × 10,000 × 0.03 = 0.0788
    const kms = line(e, "KMS data-key requests, reservation-events");
    expect([kms.quantity, kms.monthly]).toEqual([2.628, 0.08]);
  });

  it("prices a scheduled job's runs: scheduler invocations, state transitions, the task's minutes", () => {
    const e = estimateCost(env(changed((x) => void (x.services!.expire!.schedule!.expression = "rate(1 hour)"))));
    // Hourly: 730 runs a month; 730 × 1 state = 0.73 thousand transitions × 0.025 = 0.02
    expect(line(e, "Step Functions state transitions, expire").quantity).toBe(0.73);
    expect(line(e, "EventBridge Scheduler invocations, expire").quantity).toBe(0.00073);
    // 730 runs × 5 min = 60.83 task-hours × 0.25 vCPU × 0.04048 = 0.62
    expect(line(e, "Fargate vCPU, expire runs").monthly).toBe(0.62);
  });

  it("counts the states the renderer writes into a job's state machine", () => {
    const model = resolveModel(sarc, { env: "prod" });
    const tf = new TerraformView(renderStacks(model));
    const machine = tf.find("service-expire", "aws_sfn_state_machine")!;
    const definition = attribute(machine.block, "definition") as { States: Record<string, unknown> };
    expect(Object.keys(definition.States)).toHaveLength(JOB_STATES);
  });

  it("prints a daily job's small quantities readably", () => {
    const text = costText(estimateCost(env(sarc)));
    // cron(0 3 * * ? *): 28 runs in the four reference weeks → 30.42 a month
    expect(text).toContain("0.0000304 million invocations × $1");
    expect(text).toContain("0.0304 1,000 state transitions × $0.025");
  });

  it("prices SNS publishes of each topic", () => {
    const c = changed((x) => {
      x.topics = { orders: { subscriptions: [{ queue: "reservation-events" }] } };
      x.cost = { topics: { orders: { publishes: 3 } } };
    });
    expect(line(estimateCost(env(c)), "SNS publishes, orders").monthly).toBe(1.5);
  });

  it("prices a WAF web ACL: the ACL, one rule per managed group plus the rate limit, the requests", () => {
    const c = changed((x) => {
      x.loadBalancers!.public!.waf = { rateLimit: 1000 };
      x.cost = { wafRequests: 20 };
    });
    const model = env(c);
    const e = estimateCost(model);
    expect(line(e, "WAF web ACL").monthly).toBe(5);
    expect(line(e, "WAF rules").quantity).toBe(model.loadBalancers[0]!.waf!.managedRuleGroups.length + 1);
    expect(line(e, "WAF requests inspected").monthly).toBe(12);
  });

  it("refuses cost assumptions for functions, APIs, queues, topics or jobs that do not exist", () => {
    expect(() => resolveModel(changed((x) => void (x.cost = { functions: { apii: {} } })))).toThrow(/cost\.functions\.apii: function "apii" does not exist/);
    expect(() => resolveModel(changed((x) => void (x.cost = { jobs: { api: { minutes: 3 } } })))).toThrow(
      /cost\.jobs\.api: scheduled job "api" does not exist/,
    );
  });
});
