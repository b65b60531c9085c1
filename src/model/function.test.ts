/** Functions and HTTP APIs in the model: what they resolve to, and every rule with its config path and fix. */
import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { routeAnswers } from "./function.js";
import { resolveModel } from "./resolve.js";
import type { Environment } from "./types.js";

const base = (functions: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  project: "shop",
  network: { nat: "single" },
  queues: { "order-events": { visibilityTimeout: "3 minutes" }, audit: { deadLetter: false } },
  topics: { orders: {} },
  databases: { main: { engine: "postgres", version: "16" } },
  secrets: { stripe: {} },
  httpApis: { public: { cors: { origins: ["https://shop.example.com"] } } },
  services: {},
  functions: {
    orders: {
      dir: "functions/orders",
      databases: { main: true },
      http: { api: "public", routes: ["GET /orders", "POST /orders"] },
      topics: { orders: "publish" },
      secrets: { STRIPE: { secret: "stripe" } },
    },
    ...functions,
  },
  environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" } }, dev: { tier: "dev", region: "eu-west-1" } },
  ...extra,
});

function schemaErrors(raw: unknown): string {
  try {
    validateConfig(raw);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the schema to refuse the config");
}

const env = (raw: unknown, name = "prod"): Environment => resolveModel(validateConfig(raw)).environments.find((e) => e.name === name)!;

describe("functions", () => {
  it("resolve with Lambda's defaults (arm64, 256 MB, 30 s), the VPC for a database, and variables that carry ids, never secret values", () => {
    const f = env(base()).functions[0]!;
    expect(f).toMatchObject({
      key: "orders",
      name: "shop-prod-orders",
      dir: "functions/orders",
      handler: "index.handler",
      runtime: "nodejs22.x",
      architecture: "arm64",
      memory: 256,
      timeoutSeconds: 30,
      reservedConcurrency: -1,
      vpc: true,
      logGroup: "/aws/lambda/shop-prod-orders",
      logRetentionDays: 30,
      logsKey: true,
      alias: "live",
      http: { api: "public", routes: ["GET /orders", "POST /orders"] },
      events: [],
      queueTrigger: null,
    });
    expect(f.databases).toEqual([{ database: "main", port: 5432, hostVar: "DB_HOST", portVar: "DB_PORT", nameVar: "DB_NAME", secretIdVar: "DB_SECRET_ID" }]);
    expect(f.secrets).toEqual([{ variable: "STRIPE_SECRET_ID", source: "secretsmanager", ref: "shop-prod/stripe", declared: "stripe" }]);
    expect(f.topics).toEqual([{ topic: "orders", arnVar: "ORDERS_TOPIC_ARN" }]);
    expect(env(base(), "dev").functions[0]!.logRetentionDays).toBe(7);
    const prefixed = env(base({ pg: { dir: "pg", databases: { main: { prefix: "PG" } } } })).functions.find((x) => x.key === "pg")!;
    expect(prefixed.databases[0]).toMatchObject({ hostVar: "PG_HOST", portVar: "PG_PORT", nameVar: "PG_NAME", secretIdVar: "PG_SECRET_ID" });
  });

  it("open the database subnets' network ACL to the private subnets when only a function uses the database", () => {
    expect(env(base()).network.databaseAcl).toEqual({ ports: [5432], from: ["private"] });
  });

  it("give the HTTP API its routes from the functions, with CORS defaults and the host on the environment's domain", () => {
    const raw = base(
      {},
      { environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" }, httpApis: { public: { host: "api" } } } } },
    );
    const api = env(raw).httpApis[0]!;
    expect(api).toMatchObject({
      key: "public",
      name: "shop-prod-public",
      routes: [
        { key: "GET /orders", function: "orders" },
        { key: "POST /orders", function: "orders" },
      ],
      throttle: { rate: 100, burst: 200 },
      domainName: "api.shop.example.com",
      accessLogGroup: "/aws/apigateway/shop-prod-public",
    });
    expect(api.cors).toEqual({
      origins: ["https://shop.example.com"],
      methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      headers: ["content-type", "authorization"],
      maxAgeSeconds: 300,
    });
    expect(env(raw).stacks.map((s) => s.id)).toEqual(expect.arrayContaining(["function-orders", "api-public"]));
  });

  it("consume the queue that triggers them, and name their rules and events dead-letter queue after the function", () => {
    const f = env(
      base({
        worker: {
          dir: "w",
          timeout: "30 seconds",
          queue: { queue: "order-events", batchSize: 50, batchWindow: "5 seconds", maxConcurrency: 5 },
          queues: { "order-events": "send" },
          events: [{ schedule: "rate(5 minutes)" }, { pattern: { source: ["shop.orders"] }, bus: "orders" }],
        },
      }),
    ).functions.find((x) => x.key === "worker")!;
    expect(f.vpc).toBe(false);
    expect(f.queues).toEqual([{ queue: "order-events", send: true, consume: true, urlVar: "ORDER_EVENTS_QUEUE_URL" }]);
    expect(f.queueTrigger).toEqual({ queue: "order-events", batchSize: 50, batchWindowSeconds: 5, maxConcurrency: 5, reportFailures: true });
    expect(f.events.map((e) => [e.name, e.schedule, e.bus])).toEqual([
      ["shop-prod-worker-1", "rate(5 minutes)", "default"],
      ["shop-prod-worker-2", null, "orders"],
    ]);
    expect(f.eventsDeadLetter).toBe("shop-prod-worker-events-dlq");
  });
});

describe("function rules", () => {
  it("a function in the VPC without a route out of the private subnets", () => {
    const report = modelReport(base({}, { network: { nat: "none" } }));
    expect(report).toMatch(/functions\.orders\.databases: puts the function in the private subnets, which have no route out \(network\.nat is "none"\)/);
    expect(report).toMatch(/set network\.nat: "single"/);
  });

  it("an SQS-triggered function whose queue hides messages less than 6 × its timeout", () => {
    const report = modelReport(base({ worker: { dir: "w", timeout: "1 minute", queue: { queue: "order-events" } } }));
    expect(report).toMatch(
      /functions\.worker\.queue\.queue: "order-events" hides a received message for 180 seconds, less than 6 × the function's timeout \(60 s\)/,
    );
    expect(report).toMatch(/set queues\.order-events\.visibilityTimeout: "360 seconds"/);
  });

  it("a batch above 10 without a batching window", () => {
    expect(modelReport(base({ worker: { dir: "w", queue: { queue: "order-events", batchSize: 100 } } }))).toMatch(
      /functions\.worker\.queue\.batchSize: of 100 needs a batching window/,
    );
  });

  it("a route on two functions", () => {
    const report = modelReport(base({ other: { dir: "o", http: { api: "public", routes: ["GET /orders"] } } }));
    expect(report).toMatch(/functions\.other\.http\.routes: has "GET \/orders", which functions\.orders already answers on HTTP API "public"/);
  });

  it("an HTTP API host that a load balancer's record already takes", () => {
    const raw = base(
      {},
      {
        loadBalancers: { public: {} },
        services: { web: { port: 3000, routes: [{ loadBalancer: "public", host: "api.shop.example.com" }] } },
        environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" }, httpApis: { public: { host: "api" } } } },
      },
    );
    expect(modelReport(raw)).toMatch(
      /environments\.prod\.httpApis\.public\.host: makes api\.shop\.example\.com the HTTP API's, but load balancer public already answers on that name[^\n]*\n +hint: give the API another host/,
    );
    const elsewhere = {
      ...raw,
      environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" }, httpApis: { public: { host: "fn" } } } },
    };
    expect(env(elsewhere).httpApis[0]!.domainName).toBe("fn.shop.example.com");
  });

  it("an HTTP API custom host in an environment without a domain", () => {
    const report = modelReport(base({}, { httpApis: { public: { host: "api" } } }));
    expect(report).toMatch(/httpApis\.public\.host: needs the environment's domain/);
  });

  it("a health-check path that no GET route of the API answers, at its path (the environment's when it sets it)", () => {
    const report = modelReport(base({}, { httpApis: { public: { healthCheck: { path: "/health" } } } }));
    expect(report).toMatch(
      /httpApis\.public\.healthCheck\.path: "\/health" matches no GET route of HTTP API "public" \(GET \/orders\), so Route 53's check would always fail[^\n]*\n +hint: use a path a GET route answers, e\.g\. "\/orders"/,
    );
    const inEnv = base(
      {},
      {
        environments: {
          prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" }, httpApis: { public: { healthCheck: { path: "/order" } } } },
        },
      },
    );
    expect(modelReport(inEnv)).toMatch(/environments\.prod\.httpApis\.public\.healthCheck\.path: "\/order" matches no GET route/);
    expect(env(base({}, { httpApis: { public: { healthCheck: { path: "/orders" } } } })).httpApis[0]!.healthCheckPath).toBe("/orders");
    expect(schemaErrors(base({}, { httpApis: { public: { healthCheck: { path: "orders" } } } }))).toMatch(
      /healthCheck\.path: expected a path such as "\/health"/,
    );
  });

  it("matches a health-check path to route keys as API Gateway does", () => {
    expect(routeAnswers("GET /orders", "GET", "/orders")).toBe(true);
    expect(routeAnswers("ANY /orders", "GET", "/orders")).toBe(true);
    expect(routeAnswers("POST /orders", "GET", "/orders")).toBe(false);
    expect(routeAnswers("GET /orders/{id}", "GET", "/orders/7")).toBe(true);
    expect(routeAnswers("GET /orders/{id}", "GET", "/orders")).toBe(false);
    expect(routeAnswers("GET /orders/{id}", "GET", "/orders/7/lines")).toBe(false);
    expect(routeAnswers("GET /files/{proxy+}", "GET", "/files/a/b")).toBe(true);
    expect(routeAnswers("GET /files/{proxy+}", "GET", "/files")).toBe(false);
    expect(routeAnswers("GET /", "GET", "/")).toBe(true);
    expect(routeAnswers("GET /orders", "GET", "/orders/")).toBe(false);
  });

  it("an unknown queue, API, topic or database, with the closest known name", () => {
    const report = modelReport(
      base({ worker: { dir: "w", queue: { queue: "order-event" }, http: { api: "publc", routes: ["$default"] }, queues: { audt: "send" } } }),
    );
    expect(report).toMatch(/functions\.worker\.queue\.queue: queue "order-event" does not exist; did you mean "order-events"\?/);
    expect(report).toMatch(/functions\.worker\.http\.api: HTTP API "publc" does not exist; did you mean "public"\?/);
    expect(report).toMatch(/functions\.worker\.queues\.audt: queue "audt" does not exist; did you mean "audit"\?/);
  });

  it("code from both or neither of dir and image, a handler with an image, a tag on an image URI", () => {
    const report = modelReport(
      base({
        both: { dir: "a", image: true },
        neither: {},
        handled: { image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/x:1", handler: "index.handler", imageTag: "v2" },
      }),
    );
    expect(report).toMatch(/functions\.both: needs its code: either dir \(a folder berth zips\) or image \(a container image\), and only one/);
    expect(report).toMatch(/functions\.neither: needs its code/);
    expect(report).toMatch(/functions\.handled\.handler: comes from the image/);
    expect(report).toMatch(/functions\.handled\.imageTag: applies to the function's own repository/);
  });

  it("a function with its own image gets a repository beside the services'", () => {
    const e = env(base({ thumbs: { image: true } }));
    expect(e.functions.find((f) => f.key === "thumbs")).toMatchObject({
      dir: null,
      image: { kind: "repository", repository: "shop-prod-thumbs-function", tag: "latest" },
    });
    expect(e.repositories.map((r) => [r.service, r.name])).toEqual([["function-thumbs", "shop-prod-thumbs-function"]]);
  });

  it("a database without the VPC, a reserved variable, and events that are neither or both", () => {
    const report = modelReport(
      base({
        worker: {
          dir: "w",
          vpc: false,
          databases: { main: true },
          environment: { AWS_REGION: "eu-west-1" },
          events: [{}, { schedule: "rate(5 minutes)", pattern: { source: ["x"] } }, { schedule: "cron(0 3 * * *)" }, { schedule: "rate(1 hour)", bus: "b" }],
        },
      }),
    );
    expect(report).toMatch(/functions\.worker\.vpc: is false, but the function uses a database/);
    expect(report).toMatch(/functions\.worker\.environment\.AWS_REGION: is a name Lambda reserves/);
    expect(report).toMatch(/functions\.worker\.events\[0\]: needs exactly one of schedule and pattern/);
    expect(report).toMatch(/functions\.worker\.events\[1\]: needs exactly one of schedule and pattern/);
    expect(report).toMatch(/functions\.worker\.events\[2\]\.schedule: cron\(0 3 \* \* \*\) has 5 fields/);
    expect(report).toMatch(/functions\.worker\.events\[3\]\.bus: applies to event patterns only/);
  });

  it("an override of a function or API the config does not declare", () => {
    const report = modelReport(base({}, { environments: { prod: { tier: "prod", region: "eu-west-1", functions: { order: { memory: "1 GB" } } } } }));
    expect(report).toMatch(/environments\.prod\.functions\.order: function "order" does not exist; did you mean "orders"\?/);
  });
});

describe("function schema ranges", () => {
  it("memory, timeout, reserved concurrency, batch size and routes outside what AWS accepts", () => {
    expect(schemaErrors(base({ a: { dir: "a", memory: "64 MB" } }))).toMatch(/Lambda memory must be between 128 and 10240 MiB; got "64 MB"/);
    expect(schemaErrors(base({ a: { dir: "a", memory: "11 GB" } }))).toMatch(/Lambda memory must be between 128 and 10240 MiB/);
    expect(schemaErrors(base({ a: { dir: "a", timeout: "16 minutes" } }))).toMatch(/must be between 1 and 900 seconds; got "16 minutes"/);
    expect(schemaErrors(base({ a: { dir: "a", reservedConcurrency: -1 } }))).toMatch(/functions\.a\.reservedConcurrency/);
    expect(schemaErrors(base({ a: { dir: "a", queue: { queue: "audit", batchSize: 20000 } } }))).toMatch(/functions\.a\.queue\.batchSize/);
    expect(schemaErrors(base({ a: { dir: "a", http: { api: "public", routes: ["/orders"] } } }))).toMatch(/expected a route such as "GET \/reservations"/);
    expect(schemaErrors(base({ a: { dir: "a", runtime: "nodejs16.x" } }))).toMatch(/functions\.a\.runtime/);
    expect(schemaErrors(base({ a: { dir: "a", secrets: { S: { secret: "stripe", key: "k" } } } }))).toMatch(/functions\.a\.secrets\.S/);
  });
});

describe("functions.<key>.build", () => {
  it("runs in dir by default, or in its own folder; relative POSIX paths", () => {
    const fns = env(
      base({
        a: { dir: "functions/a/", build: "npm run build", events: [{ schedule: "rate(1 hour)" }] },
        b: { dir: "functions\\b\\dist", build: { command: "npm ci && npm run build", dir: "functions/b/" }, events: [{ schedule: "rate(1 hour)" }] },
      }),
    ).functions;
    expect(fns.find((f) => f.key === "a")!.build).toEqual({ command: "npm run build", dir: "functions/a" });
    expect(fns.find((f) => f.key === "b")!.build).toEqual({ command: "npm ci && npm run build", dir: "functions/b" });
    expect(fns.find((f) => f.key === "orders")!.build).toBeNull();
  });

  it("is refused on a function that runs an image (nothing to zip)", () => {
    expect(modelReport(base({ img: { image: true, build: "make", events: [{ schedule: "rate(1 hour)" }] } }))).toMatch(
      /functions\.img\.build: builds the code berth zips from dir, and this function has none/,
    );
  });
});
