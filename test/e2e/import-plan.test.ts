/**
 * `berth import` output plans offline with the real terraform and AWS provider: one environment of each
 * test workspace, its stacks planned with mocked upstream outputs, and the input's facts asserted on
 * `plan.json`. Fails, never skips, when terraform or the provider cannot be found.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planOffline } from "../../src/runner/offline.js";
import { writeStacks } from "../../src/terraform/write.js";
import { importFixture } from "../support/import-fixture.js";
import { readPlan, resource, resources } from "../support/plan-json.js";

async function planEnv(kind: "compose" | "copilot", fixture: string, out: string, env: string) {
  const p = await importFixture(kind, fixture, out);
  const stacks = p.stacks.filter((s) => s.env === env);
  const dir = mkdtempSync(join(tmpdir(), `berth-import-plan-${fixture}-`));
  writeStacks(stacks, dir);
  const results = await planOffline(stacks, dir, { parallelism: 2 });
  const failed = results.filter((r) => r.status !== "succeeded").map((r) => `${r.stack}: ${r.status} ${(r.error as Error | undefined)?.message ?? ""}`);
  return { failed, plan: (id: string) => readPlan(join(dir, stacks.find((s) => s.id === id)!.path, "plan.json")) };
}

describe("imported configs plan offline", { timeout: 600_000 }, () => {
  it("compose-shop, prod: web behind the load balancer on 3000 with /healthz, 2 tasks, RDS PostgreSQL 16", async () => {
    const { failed, plan } = await planEnv("compose", "compose-shop", "berth.config.ts", "prod");
    expect(failed).toEqual([]);
    const web = plan("service-web");
    expect(resource(web, "aws_lb_target_group", "public").values).toMatchObject({ port: 3000, health_check: [{ path: "/healthz" }] });
    expect(resource(web, "aws_ecs_service", "this").values).toMatchObject({ desired_count: 2 });
    expect(resource(web, "aws_ecs_task_definition", "this").values).toMatchObject({ cpu: "512", memory: "1024" });
    const containers = JSON.parse(resource(web, "aws_ecs_task_definition", "this").values.container_definitions as string) as { secrets: { name: string }[] }[];
    expect(containers[0]!.secrets.map((s) => s.name)).toEqual(expect.arrayContaining(["STRIPE_KEY", "SESSION_SECRET", "DB_PASSWORD"]));
    expect(resources(plan("data"), "aws_db_instance")[0]!.values).toMatchObject({ engine: "postgres", engine_version: "16", db_name: "shop" });
  });

  it("copilot-shop, test: scaling, health check, schedules, the worker's queue and subscription", async () => {
    const { failed, plan } = await planEnv("copilot", "copilot-shop", "berth.yaml", "test");
    expect(failed).toEqual([]);
    const frontend = plan("service-frontend");
    expect(resource(frontend, "aws_lb_target_group", "public").values).toMatchObject({
      port: 8080,
      deregistration_delay: "15",
      health_check: [{ path: "/healthz", matcher: "200,301", healthy_threshold: 3, unhealthy_threshold: 4, interval: 20, timeout: 5 }],
    });
    expect(resource(frontend, "aws_appautoscaling_target", "this").values).toMatchObject({ min_capacity: 1, max_capacity: 1 });
    expect(resource(frontend, "aws_ecs_service", "this").values).toMatchObject({ health_check_grace_period_seconds: 45, enable_execute_command: true });
    expect(resource(plan("service-nightly"), "aws_scheduler_schedule", "this").values).toMatchObject({ schedule_expression: "cron(0 3 ? * 2-6 *)" });
    expect(resource(plan("service-cleanup"), "aws_scheduler_schedule", "this").values).toMatchObject({ state: "DISABLED" });
    const messaging = plan("messaging");
    expect(resource(messaging, "aws_sqs_queue", "orders_worker_events").values).toMatchObject({
      message_retention_seconds: 345600,
      visibility_timeout_seconds: 300,
    });
    const sub = resources(messaging, "aws_sns_topic_subscription")[0]!.values;
    expect(JSON.parse(sub.filter_policy as string)).toEqual({ event: ["order_placed", "order_cancelled"] });
    expect(resources(plan("network"), "aws_vpc")[0]!.values).toMatchObject({ cidr_block: "10.1.0.0/16" });
    // nlb: 443/tls → the service's own network load balancer, TCP 443 to the container's 8080 until a domain is set.
    expect(resource(plan("platform"), "aws_lb", "nlb_frontend").values).toMatchObject({ load_balancer_type: "network", internal: false });
    expect(resources(frontend, "aws_lb_listener").map((l) => [l.values.port, l.values.protocol])).toContainEqual([443, "TCP"]);
    // sidecars, logging.destination (FireLens) and storage.ephemeral: the nginx sidecar, the log router, 40 GB.
    const task = resource(frontend, "aws_ecs_task_definition", "this").values;
    const containers = JSON.parse(task.container_definitions as string) as { name: string; logConfiguration: { logDriver: string } }[];
    expect(containers.map((c) => c.name).sort()).toEqual(["frontend", "log_router", "nginx"]);
    expect(containers.find((c) => c.name === "frontend")!.logConfiguration.logDriver).toBe("awsfirelens");
    expect(task.ephemeral_storage).toEqual([{ size_in_gib: 40 }]);
    // count.range.spot_from: 2 → the worker's first task on Fargate, the rest on Spot.
    expect(resource(plan("service-orders-worker"), "aws_ecs_service", "this").values.capacity_provider_strategy).toEqual(
      expect.arrayContaining([{ capacity_provider: "FARGATE", base: 1, weight: 0 }]),
    );
    // publish.topics[].fifo: the payments topic is FIFO.
    expect(resource(messaging, "aws_sns_topic", "api_payments").values).toMatchObject({ name: "shop-test-api-payments.fifo", fifo_topic: true });
  });
});
