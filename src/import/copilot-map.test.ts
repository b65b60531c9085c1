import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "../model/resolve.js";
import { mapCopilot } from "./copilot-map.js";
import { readCopilot } from "./copilot-read.js";

const FIXTURE = join(import.meta.dirname, "..", "..", "test", "fixtures", "import", "copilot-shop");

async function imported(region?: string) {
  return mapCopilot(readCopilot(FIXTURE, FIXTURE), { outDir: FIXTURE, region });
}
type Svc = Record<string, Record<string, unknown>>;
const find = (r: Awaited<ReturnType<typeof imported>>, source: RegExp) => r.report.entries.filter((e) => source.test(e.source));

describe("mapCopilot", () => {
  it("maps every service type into a config that validates and resolves in each environment", async () => {
    const r = await imported("eu-west-1");
    const model = resolveModel(validateConfig(r.config));
    expect(model.environments.map((e) => e.name).sort()).toEqual(["prod", "test"]);
    const s = r.config.services as Svc;
    expect(Object.keys(s).sort()).toEqual(["api", "cleanup", "frontend", "nightly", "orders-worker", "preview"]);
    expect(r.config.loadBalancers).toEqual({ internal: { internal: true }, public: {} });
  });

  it("Load Balanced Web Service: routes, aliases, health check, deregistration, size, platform, exec, scaling", async () => {
    const f = ((await imported()).config.services as Svc).frontend!;
    expect(f).toMatchObject({
      port: 8080,
      cpu: 512,
      memory: 1024,
      architecture: "arm64",
      execCommand: true,
      subnet: "private",
      logRetention: "30 days",
      deregistrationDelay: "15 seconds",
      routes: [
        { loadBalancer: "public", host: "shop.example.com" },
        { loadBalancer: "public", path: ["/admin", "/admin/*"] },
      ],
      healthCheck: {
        path: "/healthz",
        matcher: "200,301",
        healthyThreshold: 3,
        unhealthyThreshold: 4,
        interval: "20 seconds",
        timeout: "5 seconds",
        gracePeriod: "45 seconds",
      },
      autoscaling: { min: 2, max: 10, cpu: 70, memory: 80, requestsPerTarget: 1000, scaleInCooldown: "2 minutes", scaleOutCooldown: "30 seconds" },
      build: { context: "frontend", dockerfile: "Dockerfile" },
      databases: { orders: true },
    });
  });

  it("variables, env_file and secrets (SSM, Secrets Manager by name with a key, by ARN)", async () => {
    const f = ((await imported()).config.services as Svc).frontend!;
    expect(f.environment).toEqual({ CURRENCY: "EUR", LOG_LEVEL: "info", ORDERS_API: "http://api.prod.shop.local:9000" });
    expect(f.secrets).toEqual({
      DB_URL: { ssm: "/copilot/shop/prod/secrets/db_url" },
      STRIPE_KEY: { secretsManager: "shop/stripe", key: "api_key" },
      SENTRY_DSN: { secretsManager: "shop/sentry" },
    });
  });

  it("merges environments: overrides as Copilot does, as berth environment overrides", async () => {
    const r = await imported();
    const envs = r.config.environments as Record<string, { services?: Svc; tier: string }>;
    expect(envs.prod!.services!.api).toEqual({ cpu: 1024, memory: 2048, desiredCount: 4 });
    expect(envs.prod!.services!.frontend!.autoscaling).toMatchObject({ min: 3, max: 20, cpu: 70 });
    expect(envs.test!.services!.frontend).toMatchObject({
      desiredCount: 1,
      autoscaling: { min: 1, max: 1 },
      environment: { LOG_LEVEL: "debug", ORDERS_API: "http://api.test.shop.local:9000" },
      secrets: { DB_URL: { ssm: "/copilot/shop/test/secrets/db_url" } },
    });
    expect(envs.test!.services!.cleanup).toEqual({ schedule: { expression: "rate(1 day)", enabled: false } });
    expect(envs.prod!.tier).toBe("prod");
    expect(envs.test!.tier).toBe("staging");
  });

  it("Backend Service on the internal load balancer, publishing topics; placeholders become values to set", async () => {
    const r = await imported();
    const api = (r.config.services as Svc).api!;
    expect(api).toMatchObject({
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/api:latest",
      repository: false,
      port: 9000,
      desiredCount: 2,
      routes: [{ loadBalancer: "internal", path: ["/api", "/api/*"] }],
      healthCheck: { path: "/api/health" },
      topics: { "api-orders": "publish", "api-payments": "publish" },
      containerHealthCheck: { interval: "10 seconds", retries: 2, startPeriod: "30 seconds" },
    });
    const toSet = r.report.entries.filter((e) => e.outcome === "to set").map((e) => e.reason);
    expect(toSet.some((t) => /\$\{TAG\}.*"latest"/.test(t ?? ""))).toBe(true);
    expect(toSet.some((t) => /\$\{DOMAINNAME\}/.test(t ?? ""))).toBe(true);
    expect(toSet.filter((t) => /region/.test(t ?? ""))).toHaveLength(2);
    expect(find(r, /publish\.topics\[1\]\.fifo/)[0]).toMatchObject({ outcome: "mapped", target: ["topics", "api-payments", "fifo"] });
  });

  it("Worker Service: its queue with the dead-letter queue, the topic subscription with its filter, backlog scaling", async () => {
    const r = await imported();
    const w = (r.config.services as Svc)["orders-worker"]!;
    expect(w).toMatchObject({
      worker: { queue: "orders-worker-events" },
      autoscaling: { min: 1, max: 5, backlog: { latency: "10 minutes", perMessage: "2 seconds" } },
    });
    expect(r.config.queues).toEqual({ "orders-worker-events": { retention: "4 days", visibilityTimeout: "5 minutes", deadLetter: { maxReceives: 8 } } });
    expect(r.config.topics).toEqual({
      "api-orders": { subscriptions: [{ queue: "orders-worker-events", rawDelivery: false, filter: { event: ["order_placed", "order_cancelled"] } }] },
      "api-payments": { fifo: true },
    });
    expect(w.spotAbove).toBe(1);
    expect(find(r, /spot_from/)[0]).toMatchObject({ outcome: "derived", target: ["services", "orders-worker", "spotAbove"] });
  });

  it("Scheduled Jobs: cron and @every as EventBridge expressions, retries, timeout", async () => {
    const s = (await imported()).config.services as Svc;
    expect(s.nightly).toMatchObject({ schedule: { expression: "cron(0 3 ? * 2-6 *)", retries: 2, timeout: "2 hours" }, cpu: 1024, memory: 2048 });
    expect(s.nightly!.command).toEqual(["python", "-m", "jobs.nightly"]);
    expect(s.cleanup).toMatchObject({ schedule: { expression: "rate(6 hours)" } });
  });

  it("Request-Driven Web Service: an ECS service behind the public load balancer, and the report says so", async () => {
    const r = await imported();
    expect((r.config.services as Svc).preview).toMatchObject({
      port: 8000,
      cpu: 1024,
      memory: 2048,
      routes: [{ loadBalancer: "public", host: "preview.example.com" }],
      healthCheck: { path: "/ping", healthyThreshold: 2, interval: "10 seconds" },
      build: { context: "preview", dockerfile: "Dockerfile" },
    });
    expect(find(r, /preview\/manifest.yml: type/)[0]?.reason).toMatch(/App Runner.*ECS service behind the internet-facing load balancer/);
  });

  it("environment manifests: CIDR and subnets, an imported VPC, Container Insights, access logs, CDN; certificates reported", async () => {
    const r = await imported();
    const envs = r.config.environments as Record<string, Record<string, unknown>>;
    expect(envs.test).toMatchObject({
      network: { cidr: "10.1.0.0/16", azs: 2, subnets: { public: ["10.1.0.0/24", "10.1.1.0/24"], private: ["10.1.2.0/24", "10.1.3.0/24"] } },
      compute: { containerInsights: true },
    });
    expect(envs.prod).toMatchObject({ loadBalancers: { public: { accessLogs: true, cloudfront: true } }, compute: { containerInsights: true } });
    expect(envs.prod).toMatchObject({
      account: "000000000000",
      network: {
        vpc: {
          id: "vpc-0a1b2c3d4e5f67890",
          cidr: "10.0.0.0/16",
          subnets: { public: ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"], private: ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"] },
        },
      },
    });
    const vpc = find(r, /network\.vpc\.id/);
    expect(vpc.map((e) => [e.outcome, e.target?.join(".")])).toEqual([
      ["mapped", "environments.prod.network.vpc.id"],
      ["to set", "environments.prod.network.vpc.cidr"],
      ["to set", "environments.prod.account"],
    ]);
    expect(vpc.find((e) => e.target?.join(".") === "environments.prod.network.vpc.cidr")?.reason).toMatch(/describe-vpcs --vpc-ids vpc-0a1b2c3d4e5f67890/);
    expect(find(r, /certificates/)[0]).toMatchObject({ outcome: "not mapped" });
  });

  it("addons: the Aurora cluster becomes a database; other resources are reported", async () => {
    const r = await imported();
    expect(r.config.databases).toEqual({ orders: { engine: "aurora-postgresql", version: "16.4", name: "orders" } });
    expect(find(r, /AssetsBucket/)[0]).toMatchObject({ outcome: "not mapped", reason: expect.stringMatching(/AWS::S3::Bucket/) });
  });

  it("maps the sidecar beside the service's container, the ephemeral storage and the FireLens destination", async () => {
    const f = ((await imported()).config.services as Svc).frontend!;
    expect(f.sidecars).toEqual({ nginx: { image: "public.ecr.aws/nginx/nginx:1.25", port: 80 } });
    expect(f.ephemeralStorage).toBe("40 GB");
    expect(f.firelens).toEqual({ options: { Name: "cloudwatch" } });
  });

  it("reports every field it cannot map: security groups, from_cfn; maps nlb to a network load balancer", async () => {
    const r = await imported();
    const notMapped = r.report.entries.filter((e) => e.outcome === "not mapped").map((e) => e.source.replace(/^.*: /, ""));
    expect(notMapped).toEqual(expect.arrayContaining(["network.vpc.security_groups", "secrets.BUCKET_NAME", "count.response_time"]));
    expect(notMapped).not.toContain("nlb");
    expect(r.config.networkLoadBalancers).toEqual({ frontend: {} });
    expect((r.config.services as Record<string, { nlb?: unknown }>).frontend!.nlb).toEqual({ loadBalancer: "frontend", port: 443 });
  });
});
