/**
 * Sidecars (and routeTo), FireLens, EFS volumes, ephemeral storage, spotAbove and FIFO messaging plan offline with the
 * real terraform and AWS provider: the facts of the config asserted on each stack's `plan.json`. Fails,
 * never skips, when terraform or the provider cannot be found.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateConfig } from "../../src/config/validate.js";
import { resolveModel } from "../../src/model/resolve.js";
import { planOffline } from "../../src/runner/offline.js";
import { renderStacks } from "../../src/terraform/render.js";
import { writeStacks } from "../../src/terraform/write.js";
import { type PlanJson, readPlan, resource, resources } from "../support/plan-json.js";

const config = {
  project: "shop",
  network: { azs: 2, nat: "single" },
  loadBalancers: { public: {} },
  queues: { ledger: { fifo: true, contentBasedDeduplication: true } },
  topics: { payments: { fifo: true, subscriptions: [{ queue: "ledger" }] } },
  services: {
    api: {
      port: 8080,
      cpu: 512,
      memory: 1024,
      routes: [{ loadBalancer: "public" }],
      topics: { payments: "publish" },
      autoscaling: { min: 1, max: 6, cpu: 60 },
      spotAbove: 2,
      dependsOn: { envoy: "HEALTHY" },
      sidecars: {
        envoy: { image: "envoyproxy/envoy:v1.31", port: 9901, memory: 128, healthCheck: { command: ["CMD-SHELL", "curl -f localhost:9901/ready"] } },
      },
      firelens: { options: { Name: "firehose", region: "eu-west-1", delivery_stream: "shop-logs" }, secretOptions: { token: { ssm: "/shop/logs/token" } } },
      volumes: { uploads: { path: "/data/uploads", efs: true } },
      ephemeralStorage: "50 GB",
    },
    ledger: { worker: { queue: "ledger" } },
    web: {
      port: 3000,
      routes: [{ loadBalancer: "public", path: "/web/*" }],
      routeTo: "nginx",
      sidecars: { nginx: { image: "public.ecr.aws/nginx/nginx:1.27", port: 80 } },
    },
  },
  environments: { dev: { tier: "dev", region: "eu-west-1" } },
};

let plan: (id: string) => PlanJson;
let failed: string[];
beforeAll(async () => {
  const stacks = renderStacks(resolveModel(validateConfig(config)));
  const dir = mkdtempSync(join(tmpdir(), "berth-task-storage-plan-"));
  writeStacks(stacks, dir);
  const results = await planOffline(stacks, dir, { parallelism: 2 });
  failed = results.filter((r) => r.status !== "succeeded").map((r) => `${r.stack}: ${r.status} ${(r.error as Error | undefined)?.message ?? ""}`);
  plan = (id) => readPlan(join(dir, stacks.find((s) => s.id === id)!.path, "plan.json"));
}, 600_000);

describe("sidecars, FireLens, EFS, spotAbove and FIFO plan offline", { timeout: 600_000 }, () => {
  it("plans every stack", () => {
    expect(failed).toEqual([]);
  });

  it("the task definition: the service, its sidecar and the log router, FireLens logs, EFS over TLS with IAM, 50 GB of ephemeral storage", () => {
    const task = resource(plan("service-api"), "aws_ecs_task_definition", "this").values;
    const containers = JSON.parse(task.container_definitions as string) as Record<string, unknown>[];
    const byName = Object.fromEntries(containers.map((c) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(["api", "envoy", "log_router"]);
    expect(byName.api).toMatchObject({
      dependsOn: [{ containerName: "envoy", condition: "HEALTHY" }],
      logConfiguration: {
        logDriver: "awsfirelens",
        options: { Name: "firehose", delivery_stream: "shop-logs" },
        secretOptions: [{ name: "token", valueFrom: "/shop/logs/token" }],
      },
      mountPoints: [{ sourceVolume: "uploads", containerPath: "/data/uploads", readOnly: false }],
    });
    expect(byName.envoy).toMatchObject({
      image: "envoyproxy/envoy:v1.31",
      memory: 128,
      portMappings: [{ containerPort: 9901 }],
      logConfiguration: { logDriver: "awsfirelens" },
    });
    expect(byName.log_router).toMatchObject({ firelensConfiguration: { type: "fluentbit" }, logConfiguration: { logDriver: "awslogs" } });
    expect(task.ephemeral_storage).toEqual([{ size_in_gib: 50 }]);
    const volume = (task.volume as { name: string; efs_volume_configuration: Record<string, unknown>[] }[]).find((v) => v.name === "uploads")!;
    expect(volume.efs_volume_configuration[0]).toMatchObject({ transit_encryption: "ENABLED", authorization_config: [{ iam: "ENABLED" }] });
  });

  it("EFS: an encrypted file system, an access point at /uploads, a mount target per private subnet, NFS from the service only", () => {
    const api = plan("service-api");
    expect(resource(api, "aws_efs_file_system", "uploads").values).toMatchObject({ creation_token: "shop-dev-api-uploads", encrypted: true });
    expect(resource(api, "aws_efs_access_point", "uploads").values).toMatchObject({
      root_directory: [{ path: "/uploads" }],
      posix_user: [{ uid: 1000, gid: 1000 }],
    });
    expect(resources(api, "aws_efs_mount_target", "uploads")).toHaveLength(2);
    expect(resource(api, "aws_vpc_security_group_ingress_rule", "efs_uploads_from_tasks").values).toMatchObject({
      from_port: 2049,
      to_port: 2049,
      ip_protocol: "tcp",
    });
  });

  it("spotAbove: two tasks on Fargate, the rest on Spot; the cluster has both providers", () => {
    expect(resource(plan("service-api"), "aws_ecs_service", "this").values.capacity_provider_strategy).toEqual(
      expect.arrayContaining([
        { capacity_provider: "FARGATE", base: 2, weight: 0 },
        { capacity_provider: "FARGATE_SPOT", base: 0, weight: 1 },
      ]),
    );
    expect(resource(plan("platform"), "aws_ecs_cluster_capacity_providers", "this").values.capacity_providers).toEqual(
      expect.arrayContaining(["FARGATE", "FARGATE_SPOT"]),
    );
  });

  it("routeTo: the web service's target group and registration use the nginx sidecar's port", () => {
    const web = plan("service-web");
    expect(resource(web, "aws_lb_target_group", "public").values).toMatchObject({ port: 80 });
    expect(resource(web, "aws_ecs_service", "this").values.load_balancer).toEqual([expect.objectContaining({ container_name: "nginx", container_port: 80 })]);
  });

  it("FIFO: the queue, its dead-letter queue and the topic end in .fifo", () => {
    const m = plan("messaging");
    expect(resource(m, "aws_sqs_queue", "ledger").values).toMatchObject({ name: "shop-dev-ledger.fifo", fifo_queue: true, content_based_deduplication: true });
    expect(resource(m, "aws_sqs_queue", "ledger_dlq").values).toMatchObject({ name: "shop-dev-ledger-dlq.fifo", fifo_queue: true });
    expect(resource(m, "aws_sns_topic", "payments").values).toMatchObject({ name: "shop-dev-payments.fifo", fifo_topic: true });
  });
});
