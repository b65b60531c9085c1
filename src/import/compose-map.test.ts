import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "../model/resolve.js";
import { mapCompose } from "./compose-map.js";
import { readCompose } from "./compose-read.js";

const FIXTURE = join(import.meta.dirname, "..", "..", "test", "fixtures", "import", "compose-shop");

async function imported(opts: { profiles?: string[]; env?: Record<string, string> } = {}) {
  const project = readCompose(join(FIXTURE, "compose.yaml"), { cwd: FIXTURE, profiles: opts.profiles, env: opts.env ?? {} });
  return mapCompose(project, { outDir: FIXTURE, region: "eu-west-1" });
}

const entry = (r: Awaited<ReturnType<typeof imported>>, source: RegExp) => r.report.entries.filter((e) => source.test(e.source));

describe("mapCompose", () => {
  it("maps services, the entry point, databases and secrets into a config that validates and resolves", async () => {
    const r = await imported();
    const config = validateConfig(r.config);
    const model = resolveModel(config);
    expect(model.environments.map((e) => e.name)).toEqual(["prod"]);
    expect(Object.keys(config.services).sort()).toEqual(["api", "reports", "web"]);
    expect(config.project).toBe("shop-demo");
    expect(config.loadBalancers).toEqual({ public: {} });
  });

  it("makes the service published on 80 the entry point and says which rule applied", async () => {
    const r = await imported();
    const web = r.config.services as Record<string, Record<string, unknown>>;
    expect(web.web).toMatchObject({ port: 3000, routes: [{ loadBalancer: "public" }], healthCheck: { path: "/healthz" } });
    expect(web.api).toMatchObject({ port: 8080 });
    expect(web.api!.routes).toBeUndefined();
    expect(entry(r, /: entry point$/)[0]?.reason).toMatch(/publishes port 80.*80 or 443/);
  });

  it("maps build, image, command, platform, replicas, resources and the container health check", async () => {
    const s = (await imported()).config.services as Record<string, Record<string, unknown>>;
    expect(s.web).toMatchObject({
      build: { context: "web", dockerfile: "Dockerfile.prod" },
      desiredCount: 2,
      cpu: 512,
      memory: 1024,
      containerHealthCheck: {
        command: ["CMD-SHELL", "curl -fsS http://localhost:3000/healthz || exit 1"],
        interval: "15 seconds",
        timeout: "3 seconds",
        startPeriod: "20 seconds",
        retries: 4,
      },
    });
    expect(s.api).toMatchObject({
      image: "ghcr.io/acme/shop-api:1.4.2",
      repository: false,
      command: ["node", "dist/server.js", "--port", "8080"],
      architecture: "arm64",
    });
    // reservations of 1 CPU / 3000M round up to the Fargate size 1024 / 3072 (from the included file)
    expect(s.reports).toMatchObject({ build: { context: "reports" }, cpu: 1024, memory: 3072, command: ["python", "-m", "reports.nightly"] });
  });

  it("merges env_file and environment, keeps secrets out, and interpolates with defaults", async () => {
    const r = await imported({ env: { API_TAG: "2.0.0" } });
    const s = r.config.services as Record<string, Record<string, unknown>>;
    expect(s.web!.environment).toEqual({
      PUBLIC_URL: "https://shop.example.com",
      CURRENCY: "EUR",
      LOG_LEVEL: "info",
      REGION_NAME: "eu",
      API_URL: "http://api:8080",
    });
    expect(s.web!.secrets).toEqual({ STRIPE_KEY: { secret: "stripe-key" }, SESSION_SECRET: { secret: "session-secret" } });
    expect(Object.keys(r.config.secrets as object).sort()).toEqual(["session-secret", "stripe-key"]);
    expect(JSON.stringify(r.config)).not.toContain("s3cr3t-value-do-not-copy");
    expect(JSON.stringify(r.report.entries)).not.toContain("s3cr3t-value-do-not-copy");
    expect(s.api!.image).toBe("ghcr.io/acme/shop-api:2.0.0");
  });

  it("turns the postgres container into an RDS database the dependent services use", async () => {
    const r = await imported();
    expect(r.config.databases).toEqual({ db: { engine: "postgres", version: "16", name: "shop", username: "shop" } });
    const s = r.config.services as Record<string, Record<string, unknown>>;
    expect(s.web!.databases).toEqual({ db: true });
    expect(s.api!.databases).toEqual({ db: true });
    expect(s.api!.environment).toEqual({ FEATURE_FLAGS: "search,reviews" });
    expect(entry(r, /DATABASE_URL/)[0]).toMatchObject({ outcome: "not mapped" });
    expect(JSON.stringify(r.config)).not.toContain('"pw"');
  });

  it("reports what has no AWS equivalent, with the reason", async () => {
    const r = await imported();
    expect(entry(r, /services\.cache$/)[0]).toMatchObject({ outcome: "not mapped", reason: expect.stringMatching(/caches/) });
    expect(entry(r, /volumes\[0\]/)[0]).toMatchObject({ outcome: "not mapped", reason: expect.stringMatching(/bind mount/) });
    expect(entry(r, /services\.debug$/)[0]).toMatchObject({ outcome: "not mapped", reason: expect.stringMatching(/profiles \(debug\)/) });
    expect(entry(r, /depends_on\.api/)[0]?.reason).toMatch(/service_started/);
    expect(entry(r, /x-team/)).toEqual([]);
  });

  it("imports a service whose profile is active, and reports its host networking", async () => {
    const r = await imported({ profiles: ["debug"] });
    expect(Object.keys(r.config.services as object)).toContain("debug");
    expect(entry(r, /debug\.network_mode/)[0]?.reason).toMatch(/host networking/);
  });

  it("asks for the region when none is given", async () => {
    const project = readCompose(join(FIXTURE, "compose.yaml"), { cwd: FIXTURE, env: {} });
    const r = await mapCompose(project, { outDir: FIXTURE });
    expect(r.report.entries.find((e) => e.outcome === "to set")).toMatchObject({ target: ["environments", "prod", "region"] });
  });
});
