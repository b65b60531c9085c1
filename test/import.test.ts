/**
 * `berth import` end to end, in process: each test workspace (a Compose project, a Copilot application)
 * is imported into a config file, which berth loads, resolves and renders with no edit; the facts of
 * the input (ports, paths, health checks, counts and scaling, secrets, schedules, queues, environments)
 * are asserted on the rendered Terraform.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Stack } from "../src/terraform/stack.js";
import { importFixture } from "./support/import-fixture.js";
import { attrValue, child, findBlock, findBlocks, jsonAttr, nested } from "./support/hcl-query.js";

type Imported = Awaited<ReturnType<typeof importFixture>>;
type Js = ReturnType<typeof jsonAttr>;

function container(s: Stack): Record<string, Js> {
  const defs = jsonAttr(findBlock(s, "resource", "aws_ecs_task_definition", "this"), "container_definitions") as Record<string, Js>[];
  return defs[0]!;
}

describe("berth import compose (compose-shop)", () => {
  let p: Imported;
  beforeAll(async () => {
    p = await importFixture("compose", "compose-shop", "berth.config.ts");
  });

  it("writes a config that validates, resolves and renders with no edit", () => {
    expect(p.result.problems).toEqual([]);
    expect(p.stacks.map((s) => s.id).sort()).toEqual(["data", "network", "platform", "service-api", "service-reports", "service-web"]);
  });

  it("routes the internet-facing load balancer to web's container port 3000, checking /healthz", () => {
    const tg = findBlock(p.stack("prod", "service-web"), "resource", "aws_lb_target_group", "public");
    expect(attrValue(tg, "port")).toBe(3000);
    expect(attrValue(child(tg, "health_check"), "path")).toBe("/healthz");
    expect(findBlocks(p.stack("prod", "service-api"), "resource", "aws_lb_target_group")).toEqual([]);
  });

  it("keeps replicas, resources, the command, the container health check and the secrets", () => {
    const web = p.stack("prod", "service-web");
    expect(attrValue(findBlock(web, "resource", "aws_ecs_service", "this"), "desired_count")).toBe(2);
    const td = findBlock(web, "resource", "aws_ecs_task_definition", "this");
    expect([attrValue(td, "cpu"), attrValue(td, "memory")]).toEqual(["512", "1024"]);
    const c = container(web);
    expect(c.healthCheck).toMatchObject({
      command: ["CMD-SHELL", "curl -fsS http://localhost:3000/healthz || exit 1"],
      interval: 15,
      timeout: 3,
      retries: 4,
      startPeriod: 20,
    });
    const secrets = (c.secrets as { name: string }[]).map((s) => s.name).sort();
    expect(secrets).toEqual(expect.arrayContaining(["DB_PASSWORD", "DB_USER", "SESSION_SECRET", "STRIPE_KEY"]));
    const env = Object.fromEntries((c.environment as { name: string; value: Js }[]).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ CURRENCY: "EUR", LOG_LEVEL: "info" });
    expect(JSON.stringify(p.stacks.map((s) => s.files))).not.toContain("s3cr3t-value-do-not-copy");
    expect(container(p.stack("prod", "service-api")).command).toEqual(["node", "dist/server.js", "--port", "8080"]);
  });

  it("turns the postgres container into RDS PostgreSQL 16", () => {
    const db = findBlocks(p.stack("prod", "data"), "resource", "aws_db_instance")[0]!;
    expect(attrValue(db, "engine")).toBe("postgres");
    expect(attrValue(db, "engine_version")).toBe("16");
    expect(attrValue(db, "db_name")).toBe("shop");
  });
});

describe("berth import copilot (copilot-shop)", () => {
  let p: Imported;
  beforeAll(async () => {
    p = await importFixture("copilot", "copilot-shop", "berth.yaml");
  });

  it("writes a YAML config that validates, resolves and renders in both environments with no edit", () => {
    expect(p.result.problems).toEqual([]);
    for (const env of ["prod", "test"])
      expect(
        p.stacks
          .filter((s) => s.env === env)
          .map((s) => s.id)
          .filter((id) => id.startsWith("service-"))
          .sort(),
      ).toEqual(["service-api", "service-cleanup", "service-frontend", "service-nightly", "service-orders-worker", "service-preview"]);
  });

  it("frontend: health check thresholds, codes, grace period, deregistration delay and the alias and path rules", () => {
    const s = p.stack("prod", "service-frontend");
    const tg = findBlock(s, "resource", "aws_lb_target_group", "public");
    expect(attrValue(tg, "port")).toBe(8080);
    expect(attrValue(tg, "deregistration_delay")).toBe(15);
    const hc = child(tg, "health_check");
    expect([
      attrValue(hc, "path"),
      attrValue(hc, "matcher"),
      attrValue(hc, "healthy_threshold"),
      attrValue(hc, "unhealthy_threshold"),
      attrValue(hc, "interval"),
    ]).toEqual(["/healthz", "200,301", 3, 4, 20]);
    expect(attrValue(findBlock(s, "resource", "aws_ecs_service", "this"), "health_check_grace_period_seconds")).toBe(45);
    const conditions = JSON.stringify(findBlocks(s, "resource", "aws_lb_listener_rule").map((r) => nested(r, "condition")));
    expect(conditions).toContain("shop.example.com");
    expect(conditions).toContain("/admin/*");
  });

  it("frontend scales 2–10 by default, 3–20 in prod and stays at 1 in test", () => {
    const range = (env: string) => {
      const t = findBlock(p.stack(env, "service-frontend"), "resource", "aws_appautoscaling_target", "this");
      return [attrValue(t, "min_capacity"), attrValue(t, "max_capacity")];
    };
    expect(range("prod")).toEqual([3, 20]);
    expect(range("test")).toEqual([1, 1]);
    const policies = findBlocks(p.stack("prod", "service-frontend"), "resource", "aws_appautoscaling_policy").map((b) => b.labels[1]);
    expect(policies).toEqual(expect.arrayContaining(["cpu", "memory"]));
  });

  it("frontend: per-environment variables and SSM secret names", () => {
    const env = (e: string) =>
      Object.fromEntries((container(p.stack(e, "service-frontend")).environment as { name: string; value: Js }[]).map((x) => [x.name, x.value]));
    expect(env("prod")).toMatchObject({ LOG_LEVEL: "info", ORDERS_API: "http://api.prod.shop.local:9000" });
    expect(env("test")).toMatchObject({ LOG_LEVEL: "debug", ORDERS_API: "http://api.test.shop.local:9000" });
    const secret = (e: string) =>
      JSON.stringify((container(p.stack(e, "service-frontend")).secrets as { name: string; valueFrom: Js }[]).find((x) => x.name === "DB_URL"));
    expect(secret("test")).toContain("/copilot/shop/test/secrets/db_url");
    expect(secret("prod")).toContain("/copilot/shop/prod/secrets/db_url");
  });

  it("api: the internal load balancer on /api, 4 tasks of 1 vCPU / 2 GB in prod", () => {
    const s = p.stack("prod", "service-api");
    expect(attrValue(findBlock(s, "resource", "aws_ecs_service", "this"), "desired_count")).toBe(4);
    const td = findBlock(s, "resource", "aws_ecs_task_definition", "this");
    expect([attrValue(td, "cpu"), attrValue(td, "memory")]).toEqual(["1024", "2048"]);
    expect(findBlocks(s, "resource", "aws_lb_target_group", "internal")).toHaveLength(1);
    expect(JSON.stringify(findBlocks(s, "resource", "aws_lb_listener_rule").map((r) => nested(r, "condition")))).toContain("/api/*");
  });

  it("nightly and cleanup: EventBridge schedules, retries and timeout; cleanup paused in test", () => {
    const schedule = (env: string, svc: string) => findBlock(p.stack(env, `service-${svc}`), "resource", "aws_scheduler_schedule", "this");
    expect(attrValue(schedule("prod", "nightly"), "schedule_expression")).toBe("cron(0 3 ? * 2-6 *)");
    expect(attrValue(schedule("prod", "cleanup"), "schedule_expression")).toBe("rate(6 hours)");
    expect(attrValue(schedule("test", "cleanup"), "state")).toBe("DISABLED");
    const machine = JSON.stringify(attrValue(findBlock(p.stack("prod", "service-nightly"), "resource", "aws_sfn_state_machine", "this"), "definition"));
    expect(machine).toMatch(/MaxAttempts.{0,4}2/);
    expect(machine).toMatch(/7200/);
  });

  it("orders-worker: its queue (retention, visibility, 8 receives), the filtered subscription to api's orders topic", () => {
    const m = p.stack("prod", "messaging");
    const q = findBlock(m, "resource", "aws_sqs_queue", "orders_worker_events");
    expect(attrValue(q, "message_retention_seconds")).toBe(345600);
    expect(attrValue(q, "visibility_timeout_seconds")).toBe(300);
    expect(JSON.stringify(attrValue(q, "redrive_policy"))).toMatch(/maxReceiveCount.{0,4}8/);
    const subs = findBlocks(m, "resource", "aws_sns_topic_subscription");
    expect(subs).toHaveLength(1);
    expect(JSON.stringify(attrValue(subs[0]!, "filter_policy"))).toContain("order_placed");
    expect(attrValue(subs[0]!, "raw_message_delivery")).toBe(false);
    expect(findBlocks(p.stack("prod", "service-orders-worker"), "resource", "aws_lb_target_group")).toEqual([]);
  });

  it("test gets its own VPC CIDR and subnets; prod keeps berth's", () => {
    const cidr = (env: string) => attrValue(findBlock(p.stack(env, "network"), "resource", "aws_vpc", "this"), "cidr_block");
    expect(cidr("test")).toBe("10.1.0.0/16");
    const network = (env: string) => JSON.stringify(p.stack(env, "network").files);
    for (const subnet of ["10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24", "10.1.3.0/24"]) expect(network("test")).toContain(`"${subnet}"`);
    expect(network("prod")).not.toContain("10.1.");
  });
});
