import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { validateConfig } from "../config/validate.js";
import type { BerthConfig } from "../config/schema/app.js";
import { resolveModel } from "../model/resolve.js";
import { useVariables } from "../model/database-use.js";
import { planLocal, replicaEnvironment } from "./plan.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");
const SKYFOX = join(EXAMPLES, "skyfox");

describe("local plan", () => {
  it("runs SARC-NG's worker as a process without a route and its scheduled job on its schedule, with the queue and the database", async () => {
    const { config } = await loadConfig({ config: join(EXAMPLES, "sarc-ng", "berth.config.ts") });
    const env = resolveModel(config, { env: "dev" }).environments[0]!;
    const plan = planLocal(env, join(EXAMPLES, "sarc-ng"));
    expect(plan.notLocal).toEqual([]);
    expect(plan.notRun).toEqual(["api-internal"]); // the seed's NLB service: no local command (the api serves the same routes)
    expect(plan.services.map((s) => [s.name, s.kind, s.listens, s.loadBalancers])).toEqual([
      ["api", "web", true, ["public"]],
      ["recorder", "worker", false, []],
    ]);
    const queue = { queue: "reservation-events", urlVar: "RESERVATION_EVENTS_QUEUE_URL" };
    expect(plan.services[0]!.queues).toEqual([
      { ...queue, send: true, consume: false },
      { queue: "reservation-usage", urlVar: "RESERVATION_USAGE_QUEUE_URL", send: true, consume: false },
    ]);
    expect(plan.services[1]).toMatchObject({
      command: "npm run recorder",
      cwd: join(EXAMPLES, "sarc-ng", "service"),
      queues: [{ ...queue, send: false, consume: true }],
    });
    expect(plan.jobs).toEqual([
      expect.objectContaining({
        name: "expire",
        command: "npm run expire",
        expression: "cron(0 3 * * ? *)",
        timezone: "UTC",
        retries: 2,
        timeoutMs: 15 * 60_000,
        enabled: true,
        environment: [{ name: "KEEP_DAYS", value: { kind: "literal", value: "90" } }],
      }),
    ]);
    expect(plan.messaging!.queues.map((q) => [q.name, q.deadLetter?.name, q.deadLetter?.maxReceives])).toEqual([
      ["sarc-ng-dev-reservation-events", "sarc-ng-dev-reservation-events-dlq", 5],
      ["sarc-ng-dev-reservation-usage", "sarc-ng-dev-reservation-usage-dlq", 5],
    ]);
    expect(plan.databases.map((d) => d.uses.map((u) => u.service))).toEqual([["api", "expire", "recorder", "fn:api", "fn:prune", "fn:usage"]]);
    // A function gets host, port and name as on AWS, and the local server's TLS setting; its credentials come through DB_SECRET_ID.
    expect(plan.databases[0]!.uses.find((u) => u.service === "fn:usage")!.env).toEqual([
      { name: "DB_HOST", setting: "host" },
      { name: "DB_PORT", setting: "port" },
      { name: "DB_NAME", setting: "database" },
      { name: "DB_SSL_MODE", setting: "sslMode" },
    ]);
    // A job listens on nothing: no PORT.
    expect(replicaEnvironment(plan.jobs[0]!, { gatewayUrl: () => "", secrets: {} })).toEqual({ KEEP_DAYS: "90" });
  });

  it("lists a local service's NLB listeners as not local, with the port to use instead", async () => {
    const { config } = await loadConfig({ config: join(EXAMPLES, "sarc-ng", "berth.config.ts") });
    const internal = config.services!["api-internal"]!;
    const edited = { ...config, services: { ...config.services, "api-internal": { ...internal, local: { command: "npm start", cwd: "service" } } } };
    const plan = planLocal(resolveModel(edited, { env: "dev" }).environments[0]!, join(EXAMPLES, "sarc-ng"));
    expect(plan.notLocal).toContainEqual({
      service: "api-internal (TCP 8080 on internal)",
      why: "no local network load balancer: connect to the service's own port 8080",
    });
  });

  it("runs SARC-NG's functions from their folders: the HTTP API's routes, the SQS consumer's trigger and the daily schedule", async () => {
    const { config } = await loadConfig({ config: join(EXAMPLES, "sarc-ng", "berth.config.ts") });
    const plan = planLocal(resolveModel(config, { env: "dev" }).environments[0]!, join(EXAMPLES, "sarc-ng"));
    expect(plan.functions.map((f) => [f.key, f.functionName, f.dir, f.handler, f.timeoutMs])).toEqual([
      ["api", "sarc-ng-api", join(EXAMPLES, "sarc-ng", "functions", "api", "dist"), "index.handler", 10_000],
      ["prune", "sarc-ng-dev-prune", join(EXAMPLES, "sarc-ng", "functions", "events", "dist"), "index.prune", 60_000],
      ["usage", "sarc-ng-dev-usage", join(EXAMPLES, "sarc-ng", "functions", "events", "dist"), "index.usage", 10_000],
    ]);
    expect(plan.httpApis).toEqual([
      {
        key: "public",
        name: "sarc-ng-dev-public",
        routes: [
          { key: "GET /resources", function: "api" },
          { key: "GET /resources/{id}/availability", function: "api" },
        ],
        cors: null,
      },
    ]);
    const usage = plan.functions.find((f) => f.key === "usage")!;
    expect(usage.queueTrigger).toEqual({
      function: "usage",
      queue: "reservation-usage",
      queueName: "sarc-ng-dev-reservation-usage",
      batchSize: 10,
      batchWindowMs: 0,
      reportFailures: true,
    });
    expect(plan.functions.find((f) => f.key === "prune")!.schedules).toEqual([
      { name: "prune", function: "prune", rule: "sarc-ng-dev-prune-1", expression: "cron(0 4 * * ? *)", timezone: "UTC", enabled: true, input: null },
    ]);
  });

  it("does not run image functions, other runtimes or event-pattern rules locally, and says why; a function's schedule named like a job gets fn:", () => {
    const config = {
      project: "p",
      queues: { jobs: {} },
      functions: {
        img: { image: true },
        py: { dir: "fn/py", runtime: "python3.12", handler: "app.handler" },
        report: { dir: "fn/report", events: [{ schedule: "rate(1 hour)" }, { pattern: { source: ["shop"] } }] },
        nightly: { dir: "fn/nightly", events: [{ schedule: "cron(0 1 * * ? *)" }, { schedule: "rate(2 hours)", input: { full: true } }] },
      },
      services: { report: { schedule: { expression: "rate(1 day)" }, local: { command: "node report.js" } } },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    } as BerthConfig;
    const plan = planLocal(resolveModel(config).environments[0]!, "/app");
    expect(plan.notLocal).toEqual([
      {
        service: "function img",
        why: "it runs a container image; a zip function from a folder runs locally, or give functions.img.local.command: a Lambda runtime client berth dev serves the Runtime API to (e.g. the image with docker run --network host -e AWS_LAMBDA_RUNTIME_API)",
      },
      {
        service: "function py",
        why: "its runtime python3.12 is not Node.js, which berth dev loads itself; or give functions.py.local.command: a Lambda runtime client berth dev serves the Runtime API to",
      },
      {
        service: "function report",
        why: "its event-pattern rule does not fire locally (no local EventBridge bus; run it by hand with an event)",
      },
    ]);
    expect(plan.functions.map((f) => [f.key, f.dir, f.schedules.map((s) => [s.name, s.expression, s.input])])).toEqual([
      [
        "nightly",
        "/app/fn/nightly",
        [
          ["nightly-1", "cron(0 1 * * ? *)", null],
          ["nightly-2", "rate(2 hours)", { full: true }],
        ],
      ],
      ["report", "/app/fn/report", [["fn:report", "rate(1 hour)", null]]],
    ]);
  });

  it("runs a function of another runtime, or an image, by its local.command (a Lambda Runtime API client) in its cwd", () => {
    const config = {
      project: "p",
      functions: {
        py: { dir: "fn/py", runtime: "python3.12", handler: "app.handler", local: { command: "python3 -m awslambdaric app.handler" } },
        img: { image: true, local: { command: "docker run --rm --network host -e AWS_LAMBDA_RUNTIME_API p-img", cwd: "images/img" } },
      },
      services: {},
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    } as BerthConfig;
    const plan = planLocal(resolveModel(config).environments[0]!, "/app");
    expect(plan.notLocal).toEqual([]);
    expect(plan.functions.map((f) => [f.key, f.dir, f.command])).toEqual([
      ["img", "/app/images/img", "docker run --rm --network host -e AWS_LAMBDA_RUNTIME_API p-img"],
      ["py", "/app/fn/py", "python3 -m awslambdaric app.handler"],
    ]);
  });

  it("lists a worker or job without local.command as not run", async () => {
    const { config } = await loadConfig({ config: join(EXAMPLES, "sarc-ng", "berth.config.ts") });
    const { recorder, expire, ...rest } = config.services!;
    const edited = { ...config, services: { ...rest, recorder: { ...recorder!, local: undefined }, expire: { ...expire!, local: undefined } } };
    const plan = planLocal(resolveModel(edited, { env: "dev" }).environments[0]!, join(EXAMPLES, "sarc-ng"));
    expect(plan.notRun).toEqual(["api-internal", "expire", "recorder"]);
    expect(plan.jobs).toEqual([]);
    expect(plan.databases.map((d) => d.uses.map((u) => u.service))).toEqual([["api", "fn:api", "fn:prune", "fn:usage"]]);
  });

  it("gives SkyFox one gateway per load balancer with the model's rules, and each service its command and directory", async () => {
    const { config } = await loadConfig({ config: join(SKYFOX, "berth.config.ts") });
    const env = resolveModel(config).environments[0]!;
    const plan = planLocal(env, SKYFOX);
    expect(plan.gateways.map((g) => [g.key, g.internal])).toEqual([
      ["external", false],
      ["internal", true],
    ]);
    expect(plan.gateways[1]!.rules).toBe(env.loadBalancers[1]!.rules);
    const backend = plan.services.find((s) => s.name === "backend")!;
    expect(backend).toMatchObject({ command: "npm start", cwd: join(SKYFOX, "services/backend"), replicas: 1, loadBalancers: ["external"] });
    expect(backend.healthCheck.path).toBe("/health");
  });

  it("gives a replica the same variable names as on AWS, pointing at local gateways with the same path prefix", async () => {
    const { config } = await loadConfig({ config: join(SKYFOX, "berth.config.ts") });
    const env = resolveModel(config).environments[0]!;
    const backend = planLocal(env, SKYFOX).services.find((s) => s.name === "backend")!;
    const onAws = env.services.find((s) => s.name === "backend")!.environment.map((v) => v.name);
    const local = replicaEnvironment(backend, { port: 41000, gatewayUrl: (k) => (k === "internal" ? "http://127.0.0.1:9001" : "?"), secrets: {} });
    expect(Object.keys(local).sort()).toEqual([...onAws].sort());
    expect(local).toEqual({
      PORT: "41000",
      PAYMENT_SERVICE_URL: "http://127.0.0.1:9001/payment-service",
      MOVIE_SERVICE_URL: "http://127.0.0.1:9001/movie-service",
    });
  });

  it("passes secrets by name from berth's environment, and leaves out services without a local command", () => {
    const config = {
      project: "p",
      services: {
        api: {
          port: 3000,
          secrets: { API_KEY: { ssm: "/p/api-key" }, OTHER: { ssm: "/p/other" } },
          environment: { MODE: "x" },
          local: { command: "node api.js", replicas: 2 },
        },
        worker: { port: 3001 },
      },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    } as BerthConfig;
    const plan = planLocal(resolveModel(config).environments[0]!, "/app");
    expect(plan.notRun).toEqual(["worker"]);
    const api = plan.services[0]!;
    expect(api).toMatchObject({ replicas: 2, cwd: "/app", secrets: ["API_KEY", "OTHER"] });
    expect(replicaEnvironment(api, { port: 5, gatewayUrl: () => "", secrets: { API_KEY: "k", UNRELATED: "u" } })).toEqual({
      PORT: "5",
      MODE: "x",
      API_KEY: "k",
    });
  });

  it("gives the Task API its database under the names the service gets on AWS, plus PGSSLMODE", async () => {
    const { config } = await loadConfig({ config: join(EXAMPLES, "task-api", "berth.config.ts") });
    const env = resolveModel(config, { env: "staging" }).environments[0]!;
    const plan = planLocal(env, join(EXAMPLES, "task-api"));
    expect(plan.services.map((s) => [s.name, s.command, s.cwd])).toEqual([["api", "npm start", join(EXAMPLES, "task-api", "service")]]);
    expect(plan.databases).toEqual([
      {
        engine: "postgres",
        name: "main",
        database: "taskdb",
        uses: [
          {
            service: "api",
            env: [
              { name: "DB_HOST", setting: "host" },
              { name: "DB_PORT", setting: "port" },
              { name: "DB_NAME", setting: "database" },
              { name: "DB_USER", setting: "user" },
              { name: "DB_PASSWORD", setting: "password" },
              { name: "PGSSLMODE", setting: "sslMode" },
            ],
          },
        ],
      },
    ]);
    const onAws = useVariables(env.services[0]!.databases[0]!);
    expect(plan.databases[0]!.uses[0]!.env.map((v) => v.name)).toEqual([...onAws, "PGSSLMODE"]);
  });

  it("plans a database per use with each service's own names, skips databases no local service uses, and keeps MySQL's family", () => {
    const config = {
      project: "p",
      network: { azs: 2 },
      databases: {
        main: { engine: "postgres", version: "16" },
        reports: { engine: "mysql", version: "8.0" },
        unused: { engine: "postgres", version: "16" },
      },
      services: {
        api: { port: 3000, databases: { main: true, reports: { prefix: "REPORTS" } }, local: { command: "node api.js" } },
        admin: { port: 3001, databases: { main: { prefix: "PG" } }, local: { command: "node admin.js" } },
        batch: { port: 3002, databases: { unused: true } },
      },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    } as BerthConfig;
    const plan = planLocal(resolveModel(config).environments[0]!, "/app");
    expect(plan.databases.map((d) => [d.name, d.engine, d.uses.map((u) => u.service)])).toEqual([
      ["main", "postgres", ["admin", "api"]],
      ["reports", "mysql", ["api"]],
    ]);
    const main = plan.databases[0]!;
    expect(main.uses[0]!.env.map((v) => v.name)).toEqual(["PG_HOST", "PG_PORT", "PG_NAME", "PG_USER", "PG_PASSWORD", "PGSSLMODE"]);
    expect(plan.databases[1]!.uses[0]!.env.map((v) => v.name)).toEqual([
      "REPORTS_HOST",
      "REPORTS_PORT",
      "REPORTS_NAME",
      "REPORTS_USER",
      "REPORTS_PASSWORD",
      "REPORTS_SSL_MODE",
    ]);
  });

  it("runs a sidecar with local.command as one process beside its service, and lists one without as not run, with why", () => {
    const config = {
      project: "p",
      services: {
        api: {
          port: 3000,
          sidecars: {
            proxy: {
              image: "envoy:1",
              port: 9901,
              environment: { LEVEL: "info" },
              secrets: { TOKEN: { ssm: "/p/t" } },
              local: { command: "envoy -c local.yaml", cwd: "proxy" },
            },
            agent: { image: "agent:7" },
          },
          volumes: { uploads: { path: "/data/uploads", efs: true } },
          local: { command: "node api.js", replicas: 2 },
        },
      },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    } as BerthConfig;
    const plan = planLocal(resolveModel(config).environments[0]!, "/app");
    expect(plan.services.map((s) => s.name)).toEqual(["api", "api/proxy"]);
    const proxy = plan.services[1]!;
    expect(proxy).toMatchObject({
      command: "envoy -c local.yaml",
      cwd: "/app/proxy",
      kind: "worker",
      listens: false,
      replicas: 1,
      loadBalancers: [],
      sidecarOf: "api",
    });
    expect(replicaEnvironment(proxy, { gatewayUrl: () => "", secrets: { TOKEN: "t" } })).toEqual({ LEVEL: "info", TOKEN: "t" });
    expect(plan.notLocal).toEqual([
      { service: "volume uploads of api", why: expect.stringMatching(/no local EFS: \/data\/uploads is this machine's own path/) },
      { service: "sidecar agent of api", why: expect.stringMatching(/services\.api\.sidecars\.agent\.local\.command\), so api runs without it/) },
    ]);
  });
});

describe("local plan of a static site", () => {
  it("serves the site's folder, resolved against the config's folder, with its SPA setting and cache patterns", () => {
    const raw = {
      project: "shop",
      services: {},
      sites: { web: { dir: "web/dist", spa: true, immutable: ["js/*"] } },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    };
    const env = resolveModel(validateConfig(raw)).environments[0]!;
    expect(planLocal(env, "/repo").sites).toEqual([{ key: "web", dir: "/repo/web/dist", spa: true, immutable: ["js/*"] }]);
  });
});
