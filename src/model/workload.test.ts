/** Workers, scheduled jobs, queues and topics in the model: what they resolve to, and every rule with its config path and fix. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { ConfigError } from "../errors.js";
import { resolveModel } from "./resolve.js";
import type { Environment } from "./types.js";

const base = (extra: Record<string, unknown> = {}, services: Record<string, unknown> = {}) => ({
  project: "shop",
  loadBalancers: { public: {} },
  queues: { "order-events": {}, audit: { deadLetter: false, retention: "1 day" } },
  topics: {
    orders: {
      subscriptions: [
        { queue: "order-events", filter: { type: ["created"] } },
        { queue: "audit", rawDelivery: false },
      ],
    },
  },
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }], topics: { orders: "publish" } }, ...services },
  environments: { prod: { tier: "prod", region: "eu-west-1" }, dev: { tier: "dev", region: "eu-west-1" } },
  ...extra,
});
/** The terminal report of a config the model refuses: one line per issue, its hint on the next. */
function modelErrors(raw: unknown): string[] {
  try {
    resolveModel(validateConfig(raw));
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).report().split("\n");
  }
  throw new Error("expected a ConfigError");
}
/** Every pattern matches the report (an issue line, with its hint on the next line where the pattern says so). */
const expectAll = (errors: string[], patterns: RegExp[]) => {
  const text = errors.join("\n");
  for (const p of patterns) expect(text).toMatch(p);
};
const env = (raw: unknown, name = "prod"): Environment => resolveModel(validateConfig(raw)).environments.find((e) => e.name === name)!;

describe("queues and topics", () => {
  it("resolve with SQS's defaults, a dead-letter queue after 5 receives, and the topics that deliver to each", () => {
    const e = env(base());
    expect(e.queues).toEqual([
      {
        key: "audit",
        name: "shop-prod-audit",
        fifo: false,
        contentBasedDeduplication: false,
        visibilityTimeoutSeconds: 30,
        retentionSeconds: 86400,
        receiveWaitSeconds: 20,
        deadLetter: null,
        topics: ["orders"],
        alarms: [],
      },
      {
        key: "order-events",
        name: "shop-prod-order-events",
        fifo: false,
        contentBasedDeduplication: false,
        visibilityTimeoutSeconds: 30,
        retentionSeconds: 345600,
        receiveWaitSeconds: 20,
        deadLetter: { name: "shop-prod-order-events-dlq", maxReceives: 5, retentionSeconds: 1209600 },
        topics: ["orders"],
        alarms: [
          expect.objectContaining({
            name: "shop-prod-order-events-dead-letters",
            namespace: "AWS/SQS",
            metric: "ApproximateNumberOfMessagesVisible",
            subject: { kind: "dead-letters", queue: "order-events" },
            threshold: 0,
            comparison: "GreaterThanThreshold",
          }),
        ],
      },
    ]);
    // The dead-letter alarm needs the alarm topic.
    expect(e.monitoring.topic?.name).toBe("shop-prod-alarms");
    expect(e.topics[0]!.subscriptions).toEqual([
      { queue: "order-events", filter: { type: ["created"] }, filterScope: "MessageAttributes", rawDelivery: true },
      { queue: "audit", filter: null, filterScope: "MessageAttributes", rawDelivery: false },
    ]);
    expect(e.stacks.map((s) => s.id)).toContain("messaging");
    expect(e.kms.messaging?.alias).toBe("alias/shop-prod-messaging");
    expect(env(base(), "dev").kms.messaging).toBeNull();
  });

  it("give each service the variables and permissions it declared; a worker consumes its queue", () => {
    const e = env(base({}, { mailer: { worker: { queue: "order-events" }, queues: { audit: "send" } } }));
    const api = e.services.find((s) => s.name === "api")!;
    expect(api.topics).toEqual([{ topic: "orders", arnVar: "ORDERS_TOPIC_ARN" }]);
    const mailer = e.services.find((s) => s.name === "mailer")!;
    expect(mailer.kind).toBe("worker");
    expect(mailer.port).toBeNull();
    expect(mailer.environment.map((v) => v.name)).not.toContain("PORT");
    expect(mailer.queues).toEqual([
      { queue: "audit", send: true, consume: false, urlVar: "AUDIT_QUEUE_URL" },
      { queue: "order-events", send: false, consume: true, urlVar: "ORDER_EVENTS_QUEUE_URL" },
    ]);
  });

  it("have no messaging stack without queues or topics", () => {
    const raw = { ...base(), queues: undefined, topics: undefined, services: { api: { port: 8080 } } };
    expect(env(raw).stacks.map((s) => s.id)).not.toContain("messaging");
  });

  it("refuse unknown queues and topics, out-of-range timings and filter policies SNS refuses, with paths", () => {
    const errors = modelErrors(
      base(
        {
          queues: { "order-events": { visibilityTimeout: "13 hours", deadLetter: { retention: "1 day" } }, audit: {} },
          topics: {
            orders: {
              subscriptions: [
                { queue: "order-event" },
                { queue: "audit", filter: { a: ["1"], b: ["1"], c: ["1"], d: ["1"], e: ["1"], f: ["1"] } },
                { queue: "order-events", filter: { type: "created", n: [] } },
              ],
            },
            big: { subscriptions: [{ queue: "audit", filter: { a: Array(20).fill("x"), b: Array(10).fill("y") } }] },
          },
        },
        { mailer: { queues: { nope: "send" }, topics: { order: "publish" } } },
      ),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/queues\.order-events\.visibilityTimeout: must be between 0 seconds and 12 hours; got 46800 seconds/),
        expect.stringMatching(/queues\.order-events\.deadLetter\.retention: \(86400 s\) is shorter than the queue's retention/),
        expect.stringMatching(/topics\.orders\.subscriptions\[0\]\.queue: queue "order-event" does not exist; did you mean "order-events"\?/),
        expect.stringMatching(/topics\.orders\.subscriptions\[1\]\.filter: has 6 keys; SNS accepts at most 5/),
        expect.stringMatching(/topics\.orders\.subscriptions\[2\]\.filter\.type: must be a list of values or operators, e.g. \{ type: \["created"\] \}/),
        expect.stringMatching(/topics\.orders\.subscriptions\[2\]\.filter\.n: is an empty list/),
        expect.stringMatching(/topics\.big\.subscriptions\[0\]\.filter: allows 200 combinations of values; SNS accepts at most 150/),
        expect.stringMatching(/services\.mailer\.queues\.nope: queue "nope" does not exist/),
        expect.stringMatching(/services\.mailer\.topics\.order: topic "order" does not exist; did you mean "orders"\?/),
      ]),
    );
  });

  it("alarm on dead letters unless told not to, and refuse a queue named like another's dead-letter queue", () => {
    const raw = base({ queues: { "order-events": { deadLetter: { alarm: false } }, audit: {}, "audit-dlq": {} } });
    expect(modelErrors(raw)).toEqual(
      expect.arrayContaining([expect.stringMatching(/queues\.audit-dlq: has the name of audit's dead-letter queue \(shop-prod-audit-dlq\)/)]),
    );
    const e = env(base({ queues: { "order-events": { deadLetter: { alarm: false } }, audit: {} } }));
    expect(e.queues.map((q) => [q.key, q.alarms.length])).toEqual([
      ["audit", 1],
      ["order-events", 0],
    ]);
  });

  it("refuse a queue variable that another source already sets", () => {
    expect(modelErrors(base({}, { mailer: { queues: { audit: "send" }, environment: { AUDIT_QUEUE_URL: "x" } } }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/services\.mailer\.queues\.audit: would set AUDIT_QUEUE_URL, which environment already sets/)]),
    );
  });
});

describe("workers", () => {
  it("scale on the backlog per task (latency ÷ time per message) and run on Fargate Spot when asked", () => {
    const e = env(
      base(
        {},
        {
          mailer: {
            worker: { queue: "order-events", spot: true },
            autoscaling: { min: 1, max: 8, backlog: { latency: "5 minutes", perMessage: "2 seconds" } },
          },
        },
      ),
    );
    const mailer = e.services.find((s) => s.name === "mailer")!;
    expect(mailer.autoscaling?.backlogPerTask).toBe(150);
    expect(mailer.strategy).toEqual([{ provider: "FARGATE_SPOT", base: 0, weight: 1 }]);
    expect(e.services.find((s) => s.name === "api")!.strategy).toEqual(e.cluster.strategy);
  });

  it("refuse routes, backlog scaling without a queue, a floor of 0, Spot on EC2 and a latency no task can meet", () => {
    const errors = modelErrors(
      base(
        { compute: { ec2: { instanceType: "t3.small" } } },
        {
          mailer: { worker: { queue: "order-events", spot: true }, routes: [{ loadBalancer: "public", path: "/mail/*" }], port: 8081 },
          consumer: { autoscaling: { min: 1, max: 2, backlog: { latency: "1 minute", perMessage: "1 second" } } },
          slow: { worker: { queue: "audit" }, autoscaling: { min: 0, max: 2, backlog: { latency: "1 second", perMessage: "5 seconds" } } },
          web: { routes: [{ loadBalancer: "public", path: "/web/*" }] },
        },
      ),
    );
    expectAll(errors, [
      /services\.mailer\.routes: a worker is not behind a load balancer.*\n\s+hint: remove routes, or remove worker/,
      /services\.mailer\.worker\.spot: needs Fargate, but the cluster runs on EC2 instances/,
      /services\.consumer\.autoscaling\.backlog: scales on a queue's backlog, but the service consumes no queue\n\s+hint: make it a worker: worker: \{ queue:/,
      /services\.slow\.autoscaling\.min: must be at least 1 with backlog scaling/,
      /services\.slow\.autoscaling\.backlog\.latency: \(1 s\) is shorter than the time one message takes \(5 s\)/,
      /services\.web\.port: is required: the service has routes.*\n\s+hint: add port: 8080/,
    ]);
  });
});

describe("scheduled jobs", () => {
  it("resolve to a schedule, a state machine and their roles, with a failure alarm and no ECS service to roll out", () => {
    const e = env(base({}, { cleanup: { schedule: { expression: "cron(0 3 * * ? *)", timezone: "Europe/Lisbon", retries: 2, timeout: "15 minutes" } } }));
    const job = e.services.find((s) => s.name === "cleanup")!;
    expect(job.kind).toBe("job");
    expect(job.schedule).toEqual({
      expression: "cron(0 3 * * ? *)",
      timezone: "Europe/Lisbon",
      retries: 2,
      timeoutSeconds: 900,
      enabled: true,
      scheduleName: "shop-prod-cleanup",
      stateMachineName: "shop-prod-cleanup",
      roleNames: { scheduler: "shop-prod-cleanup-scheduler", stateMachine: "shop-prod-cleanup-sfn" },
    });
    expect(job.alarms.map((a) => [a.name, a.namespace, a.metric])).toEqual([["shop-prod-cleanup-failed", "AWS/States", "ExecutionsFailed"]]);
    expect(e.monitoring.topic).not.toBeNull();
    const plan = e.stacks.find((s) => s.id === "service-cleanup")!;
    expect(plan.deploy?.service).toBeUndefined();
    expect(plan.outputs.map((w) => w.name)).toContain("state_machine_arn");
  });

  it("refuse a cron AWS would refuse, routes, autoscaling, alarms, a time zone on a rate and a timeout under a minute", () => {
    const errors = modelErrors(
      base(
        {},
        {
          nightly: { schedule: { expression: "cron(0 3 * * *)" }, routes: [{ loadBalancer: "public", path: "/n/*" }], port: 80 },
          hourly: { schedule: { expression: "rate(1 hours)", timezone: "Europe/Lisbon", timeout: "30 seconds" }, autoscaling: { min: 1, max: 2, cpu: 50 } },
          both: { schedule: { expression: "rate(1 day)" }, worker: { queue: "audit" } },
          loud: { schedule: { expression: "rate(2 days)" }, alarms: { cpu: true } },
        },
      ),
    );
    expectAll(errors, [
      /services\.nightly\.schedule\.expression: cron\(0 3 \* \* \*\) has 5 fields; EventBridge takes 6.*\n\s+hint: add the year and put "\?" in one day field, e\.g\. "cron\(0 3 \* \* \? \*\)"/,
      /services\.nightly\.routes: a scheduled job is not behind a load balancer/,
      /services\.hourly\.schedule\.expression: rate\(1 hours\) must use the singular unit for 1\n\s+hint: write "rate\(1 hour\)"/,
      /services\.hourly\.schedule\.timezone: applies to cron expressions only/,
      /services\.hourly\.schedule\.timeout: must be at least 1 minute/,
      /services\.hourly\.autoscaling: does not apply to a scheduled job/,
      /services\.both\.schedule: and worker exclude each other/,
      /services\.loud\.alarms: do not apply to a scheduled job/,
    ]);
    expect(errors.join("\n")).not.toMatch(/desiredCount/);
  });
});

describe("spotAbove", () => {
  it("keeps the first N tasks on Fargate and runs every task above them on Spot; the cluster keeps its own strategy", () => {
    const e = env(
      base({}, { web: { port: 3000, routes: [{ loadBalancer: "public", path: "/web/*" }], autoscaling: { min: 1, max: 10, cpu: 60 }, spotAbove: 2 } }),
    );
    expect(e.services.find((s) => s.name === "web")!.strategy).toEqual([
      { provider: "FARGATE", base: 2, weight: 0 },
      { provider: "FARGATE_SPOT", base: 0, weight: 1 },
    ]);
    expect(e.services.find((s) => s.name === "api")!.strategy).toEqual(e.cluster.strategy);
  });

  it("refuses it with worker.spot, on EC2 and on a scheduled job", () => {
    const errors = modelErrors(
      base(
        { compute: { ec2: { instanceType: "t3.small" } } },
        { mailer: { worker: { queue: "audit", spot: true }, spotAbove: 1 }, nightly: { schedule: { expression: "rate(1 day)" }, spotAbove: 0 } },
      ),
    );
    expectAll(errors, [/services\.mailer\.spotAbove: and worker\.spot both place the tasks on Spot/, /services\.nightly\.spotAbove: needs Fargate/]);
    expectAll(modelErrors(base({}, { nightly: { schedule: { expression: "rate(1 day)" }, spotAbove: 0 } })), [
      /services\.nightly\.spotAbove: does not apply to a scheduled job/,
    ]);
  });
});
