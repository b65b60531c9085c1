import { describe, expect, it } from "vitest";
import type { CopilotManifest } from "./copilot-read.js";
import { mapService, secretsManagerRef } from "./copilot-service.js";
import { ImportReport } from "./report.js";

function map(type: CopilotManifest["type"], manifest: Record<string, unknown>) {
  const svc = {
    name: "svc",
    type,
    manifest: { name: "svc", type, ...manifest },
    src: { display: "copilot/svc/manifest.yml", value: {}, lineOf: () => undefined },
    addons: [],
  };
  const report = new ImportReport();
  const result = mapService(svc, svc.manifest, { report, root: "/ws", outDir: "/ws" });
  return { ...result, report, note: (field: string) => report.entries.find((e) => e.source.endsWith(`: ${field}`)) };
}

describe("Copilot service fields", () => {
  it("secrets manager references: name, name with a JSON key, ARN with and without a key", () => {
    expect(secretsManagerRef("db")).toEqual({ secretsManager: "db" });
    expect(secretsManagerRef("db:password::")).toEqual({ secretsManager: "db", key: "password" });
    expect(secretsManagerRef("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf")).toEqual({ secretsManager: "prod/db" });
    expect(secretsManagerRef("arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:username::")).toEqual({
      secretsManager: "prod/db",
      key: "username",
    });
  });

  it("count: a number, a range string, cooldowns and targets", () => {
    expect(map("Backend Service", { count: 3 }).service.desiredCount).toBe(3);
    const a = map("Load Balanced Web Service", { count: { range: "1-4", cpu_percentage: { value: 60 }, cooldown: { in: "1m", out: "15s" } } }).service
      .autoscaling;
    expect(a).toEqual({ min: 1, max: 4, cpu: 60, scaleInCooldown: "1 minute", scaleOutCooldown: "15 seconds" });
    const bad = map("Backend Service", { count: { range: "lots" } });
    expect(bad.service.autoscaling).toBeUndefined();
    expect(bad.note("count.range")?.outcome).toBe("not mapped");
    expect(map("Request-Driven Web Service", { count: "high-availability" }).note("count")?.reason).toMatch(/App Runner autoscaling/);
    const spot = map("Load Balanced Web Service", { count: { range: { min: 1, max: 10, spot_from: 3 } } });
    expect(spot.service).toMatchObject({ autoscaling: { min: 1, max: 10 }, spotAbove: 2 });
    expect(spot.note("count.range.spot_from")?.reason).toMatch(/Spot from the 3rd task on: the first 2 on Fargate/);
  });

  it("http: false, a path with slashes, several aliases, the health check as a string", () => {
    expect(map("Load Balanced Web Service", { http: false }).service.routes).toBeUndefined();
    const m = map("Load Balanced Web Service", {
      image: { port: 80 },
      http: { path: "/v1/", alias: ["a.example.com", { name: "b.example.com" }], healthcheck: "ping" },
    });
    expect(m.service.routes).toEqual([{ loadBalancer: "public", path: ["/v1", "/v1/*"], host: ["a.example.com", "b.example.com"] }]);
    expect(m.service.healthCheck).toEqual({ path: "/ping" });
    expect(m.loadBalancers).toEqual({ public: {} });
  });

  it("nlb: a network load balancer of the service's own, its listeners and health check; TLS imported as TCP until the domain is set", () => {
    const m = map("Load Balanced Web Service", {
      image: { port: 8080 },
      nlb: {
        port: "443/tls",
        target_port: 8080,
        ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        healthcheck: { port: 8081, healthy_threshold: 3, unhealthy_threshold: 2, interval: "15s", timeout: "10s" },
        additional_listeners: [{ port: "53/udp", target_port: 5353 }],
        stickiness: true,
      },
    });
    expect(m.networkLoadBalancers).toEqual({ svc: { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" } });
    expect(m.service.nlb).toEqual([
      { loadBalancer: "svc", port: 443, targetPort: 8080, healthCheck: { port: 8081, healthyThreshold: 3, unhealthyThreshold: 2, interval: "15 seconds" } },
      { loadBalancer: "svc", port: "53/udp", targetPort: 5353 },
    ]);
    expect(m.note("nlb.port")).toMatchObject({ outcome: "derived", reason: expect.stringContaining('set the domain and write "443/tls"') });
    expect(m.note("nlb.ssl_policy")).toMatchObject({ outcome: "mapped", target: ["networkLoadBalancers", "svc", "sslPolicy"] });
    expect(m.note("nlb.healthcheck.timeout")).toMatchObject({ outcome: "not mapped" });
    expect(m.note("nlb.stickiness")).toMatchObject({ outcome: "not mapped" });
    expect(map("Load Balanced Web Service", { nlb: { port: "tcp" } }).note("nlb.port")).toMatchObject({ outcome: "not mapped" });
  });

  it("a backend service without http keeps its port and says it loses service discovery", () => {
    const m = map("Backend Service", { image: { port: 8080, location: "nginx:1" } });
    expect(m.service).toMatchObject({ port: 8080, image: "nginx:1", repository: false });
    expect(m.service.routes).toBeUndefined();
    expect(m.report.entries.find((e) => e.outcome === "derived" && e.source.endsWith("image.port"))?.reason).toMatch(/service discovery/);
  });

  it("deployment recreate, windows, an unknown field, a schedule EventBridge cannot run", () => {
    expect(map("Backend Service", { deployment: { rolling: "recreate" } }).service.deployment).toEqual({ minHealthyPercent: 0, maxPercent: 100 });
    expect(map("Backend Service", { platform: "windows/x86_64" }).note("platform")?.outcome).toBe("not mapped");
    expect(map("Backend Service", { shiny: true }).note("shiny")?.outcome).toBe("not mapped");
    const job = map("Scheduled Job", { on: { schedule: "@every 10s" } });
    expect(job.service.schedule).toEqual({ expression: "rate(1 day)", enabled: false });
    expect(job.note("on.schedule")?.reason).toMatch(/at most once a minute/);
  });

  it("a worker without a dead-letter setting gets none, as in Copilot, and says so", () => {
    const w = map("Worker Service", { subscribe: { queue: {} } });
    expect(w.queues).toEqual({ "svc-events": { deadLetter: false } });
    expect(w.service.worker).toEqual({ queue: "svc-events" });
  });

  it("FIFO: the worker's queue and a published topic, with content-based deduplication; SQS throughput settings reported", () => {
    const w = map("Worker Service", {
      subscribe: { queue: { fifo: { content_based_deduplication: true, high_throughput: true } } },
      publish: { topics: [{ name: "ledger", fifo: true }, { name: "audit" }] },
    });
    expect(w.queues).toEqual({ "svc-events": { deadLetter: false, fifo: true, contentBasedDeduplication: true } });
    expect(w.topics).toEqual({ "svc-ledger": { fifo: true }, "svc-audit": {} });
    expect(w.note("subscribe.queue.fifo")).toMatchObject({ outcome: "mapped" });
    expect(w.note("subscribe.queue.fifo.high_throughput")).toMatchObject({ outcome: "not mapped" });
    expect(w.note("publish.topics[0].fifo")).toMatchObject({ outcome: "mapped", target: ["topics", "svc-ledger", "fifo"] });
  });
});

describe("Copilot sidecars", () => {
  it("map image, port, essential, variables, secrets, health check, command and the start order, and say what they cannot", () => {
    const m = map("Load Balanced Web Service", {
      image: { port: 8080 },
      depends_on: { envoy: "healthy", migrate: "success" },
      sidecars: {
        envoy: {
          image: "envoyproxy/envoy:v1.31",
          port: "9901/tcp",
          variables: { ENVOY_LOG_LEVEL: "info" },
          healthcheck: { command: ["CMD-SHELL", "curl -f localhost:9901/ready"], interval: "10s", retries: 2 },
          mount_points: [{ source_volume: "data", path: "/data" }],
        },
        migrate: {
          image: { location: "shop/migrate:1" },
          essential: false,
          command: "migrate up",
          secrets: { DB_URL: "/shop/db_url" },
          depends_on: { envoy: "start" },
        },
        built: { image: { build: "sidecar/Dockerfile" } },
      },
    });
    expect(m.service.dependsOn).toEqual({ envoy: "HEALTHY", migrate: "SUCCESS" });
    expect(m.service.sidecars).toEqual({
      envoy: {
        image: "envoyproxy/envoy:v1.31",
        port: 9901,
        environment: { ENVOY_LOG_LEVEL: "info" },
        healthCheck: { command: ["CMD-SHELL", "curl -f localhost:9901/ready"], interval: "10 seconds", retries: 2 },
        mountPoints: [{ volume: "data", path: "/data" }],
      },
      migrate: {
        image: "shop/migrate:1",
        essential: false,
        command: ["migrate", "up"],
        secrets: { DB_URL: { ssm: "/shop/db_url" } },
        dependsOn: { envoy: "START" },
      },
    });
    expect(m.note("sidecars.envoy.image")).toMatchObject({ outcome: "mapped", target: ["services", "svc", "sidecars", "envoy", "image"] });
    expect(m.note("sidecars.envoy.mount_points")).toMatchObject({ outcome: "mapped", target: ["services", "svc", "sidecars", "envoy", "mountPoints"] });
    expect(m.note("sidecars.built.image")).toMatchObject({ outcome: "not mapped", reason: expect.stringMatching(/builds only the service's image/) });
    expect(m.note("depends_on.envoy")).toMatchObject({ outcome: "mapped", target: ["services", "svc", "dependsOn", "envoy"] });
    expect(m.note("sidecars")).toBeUndefined();
    const proxied = map("Load Balanced Web Service", {
      image: { port: 8080 },
      http: { path: "/", target_container: "nginx" },
      sidecars: { nginx: { image: "nginx:1.27", port: 80 } },
    });
    expect(proxied.service.routeTo).toBe("nginx");
    expect(proxied.note("http.target_container")).toMatchObject({ outcome: "mapped", target: ["services", "svc", "routeTo"] });
  });
});

describe("Copilot storage", () => {
  it("maps EFS volumes (managed, with a user, existing with an access point) and ephemeral storage; reports bind mounts and root_dir", () => {
    const m = map("Backend Service", {
      storage: {
        ephemeral: 100,
        volumes: {
          uploads: { path: "/data/uploads", efs: true },
          cache: { path: "/cache", efs: { uid: 101, gid: 102 } },
          shared: {
            path: "/shared",
            read_only: true,
            efs: { id: "fs-0123456789abcdef0", root_dir: "/team", auth: { iam: true, access_point_id: "fsap-0123456789abcdef0" } },
          },
          scratch: { path: "/scratch" },
        },
      },
    });
    expect(m.service.ephemeralStorage).toBe("100 GB");
    expect(m.service.volumes).toEqual({
      uploads: { path: "/data/uploads", efs: true },
      cache: { path: "/cache", efs: { uid: 101, gid: 102 } },
      shared: { path: "/shared", readOnly: true, efs: { id: "fs-0123456789abcdef0", accessPoint: "fsap-0123456789abcdef0" } },
    });
    expect(m.note("storage.volumes.uploads")).toMatchObject({ outcome: "mapped", target: ["services", "svc", "volumes", "uploads"] });
    expect(m.note("storage.volumes.uploads.efs")).toMatchObject({ outcome: "derived", reason: expect.stringMatching(/one of the service's own/) });
    expect(m.note("storage.volumes.shared.efs.root_dir")).toMatchObject({ outcome: "not mapped" });
    expect(m.note("storage.volumes.scratch")).toMatchObject({ outcome: "not mapped", reason: expect.stringMatching(/EFS volumes only/) });
    expect(map("Backend Service", { storage: { ephemeral: 20 } }).service.ephemeralStorage).toBeUndefined();
  });
});

describe("Copilot logging", () => {
  it("maps FireLens: the destination as options, image, metadata and secret options; reports a config file", () => {
    const m = map("Backend Service", {
      logging: {
        retention: 14,
        image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0",
        destination: { Name: "firehose", region: "eu-west-1", delivery_stream: "app-logs", retry_limit: 2 },
        enableMetadata: false,
        secretOptions: { apikey: "/shop/logs/apikey", token: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/token-AbCdEf" },
        configFilePath: "/fluent-bit/extra.conf",
      },
    });
    expect(m.service.logRetention).toBe("14 days");
    expect(m.service.firelens).toEqual({
      options: { Name: "firehose", region: "eu-west-1", delivery_stream: "app-logs", retry_limit: "2" },
      image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.0",
      metadata: false,
      secretOptions: { apikey: { ssm: "/shop/logs/apikey" }, token: { secretsManager: "shop/token" } },
    });
    expect(m.note("logging.destination")).toMatchObject({ outcome: "mapped", target: ["services", "svc", "firelens", "options"] });
    expect(m.note("logging.configFilePath")).toMatchObject({ outcome: "not mapped" });
  });
});
