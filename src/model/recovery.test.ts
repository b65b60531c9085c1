/** Recovery regions: the standby's stacks, names, network and databases, and the rules with their paths and fixes. */
import { describe, expect, it } from "vitest";
import { modelErrors } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { ConfigError } from "../errors.js";
import { printFile } from "../hcl/index.js";
import { renderStacks } from "../terraform/render.js";
import { regionSuffix } from "./recovery.js";
import { resolveModel } from "./resolve.js";

type Raw = Record<string, unknown>;
const aurora = { engine: "aurora-mysql", version: "8.0.mysql_aurora.3.03.1", global: "shop-global" };
const config = (prod: Raw, db: Raw = aurora): Raw => ({
  project: "shop",
  network: { cidr: "10.0.0.0/16", azs: ["us-east-1a", "us-east-1b"], subnets: { public: ["10.0.1.0/24", "10.0.2.0/24"] } },
  databases: { main: db },
  loadBalancers: { public: { defaultAction: { forward: "api" } } },
  services: {
    api: {
      port: 8080,
      routes: [{ loadBalancer: "public" }],
      healthCheck: { path: "/health" },
      databases: { main: true },
      autoscaling: { min: 3, max: 6, cpu: 70 },
    },
    nightly: { schedule: { expression: "cron(0 3 * * ? *)" }, command: ["true"], databases: { main: true } },
  },
  environments: {
    prod: {
      tier: "prod",
      region: "us-east-1",
      account: { id: "333333333333", role: "berth-deployer" },
      domain: { name: "shop.example.com" },
      ...prod,
    },
  },
});
const RECOVERY = { recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" }, desiredCount: 0 } };
/** The hints of the model's issues, for the fixes the messages leave out. */
function hints(raw: Raw): string {
  try {
    resolveModel(validateConfig(raw));
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => i.hint ?? "").join("\n");
  }
  throw new Error("expected a ConfigError");
}
const prodOf = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!;

describe("an environment with a recovery region", () => {
  it("adds the region's stacks after the primary's, in their own folders and state keys, assuming the same role", () => {
    const env = prodOf(config(RECOVERY));
    const paths = env.stacks.map((s) => s.path);
    expect(paths.filter((p) => p.startsWith("prod/us-east-1/"))).toEqual([
      "prod/us-east-1/dns",
      "prod/us-east-1/network",
      "prod/us-east-1/platform",
      "prod/us-east-1/data",
      "prod/us-east-1/service-api",
      "prod/us-east-1/service-nightly",
    ]);
    // Scheduled jobs run in the primary only: two regions would run them twice against one database.
    expect(paths.filter((p) => p.startsWith("prod/us-west-2/"))).toEqual([
      "prod/us-west-2/dns",
      "prod/us-west-2/network",
      "prod/us-west-2/platform",
      "prod/us-west-2/data",
      "prod/us-west-2/service-api",
    ]);
    const west = env.stacks.find((s) => s.path === "prod/us-west-2/data")!;
    expect(west.backend.key).toBe("shop/prod/us-west-2/data.tfstate");
    expect(west.backend.region).toBe("us-east-1");
    expect(west.providers).toEqual([expect.objectContaining({ region: "us-west-2", account: "333333333333", role: env.role })]);
    expect(west.providers[0]!.defaultTags).toEqual(env.tags);
  });

  it("keeps the primary exactly as without recovery, except the failover records, ECR replication and the global database", () => {
    const without = prodOf(config({}, { engine: "aurora-mysql", version: "8.0.mysql_aurora.3.03.1" }));
    const withRecovery = prodOf(config(RECOVERY));
    const primary = withRecovery.stacks.filter((s) => s.region === "us-east-1");
    expect(primary.map((s) => [s.path, s.backend])).toEqual(without.stacks.map((s) => [s.path, s.backend]));
    expect(withRecovery.services.map((s) => s.roleNames)).toEqual(without.services.map((s) => s.roleNames));
  });

  it("gives the standby its own CIDR and the region's zones, the standby task count, secondaries and region-suffixed IAM names", () => {
    const west = prodOf(config(RECOVERY)).recovery[0]!;
    expect(west.region).toBe("us-west-2");
    expect(west.primaryRegion).toBe("us-east-1");
    expect(west.network.cidr).toBe("10.1.0.0/16");
    expect(west.network.azs).toEqual(["us-west-2a", "us-west-2b"]);
    expect(west.network.subnets.every((s) => s.cidr.startsWith("10.1."))).toBe(true);
    const api = west.services.find((s) => s.name === "api")!;
    expect([api.desiredCount, api.autoscaling?.min, api.autoscaling?.max]).toEqual([0, 0, 6]);
    expect(api.roleNames).toEqual({ execution: "shop-prod-api-exec-usw2", task: "shop-prod-api-task-usw2" });
    expect(api.fullName).toBe("shop-prod-api");
    expect(west.databases[0]!.global).toEqual({
      identifier: "shop-global",
      primaryRegion: "us-east-1",
      secondaryRegions: ["us-west-2"],
      secondary: true,
      adopt: false,
      writeForwarding: false,
      masterPassword: { variable: "database_main_master_password", secretName: "shop-prod/main-master" },
    });
    expect(west.ci).toBeNull();
    expect(west.loadBalancers[0]!.https?.regional).toEqual({
      routing: "failover",
      locations: [],
      role: "SECONDARY",
      setIdentifier: "us-west-2",
      healthCheckPath: "/health",
    });
    expect(prodOf(config(RECOVERY)).loadBalancers[0]!.https?.regional).toMatchObject({ routing: "failover", role: "PRIMARY", setIdentifier: "us-east-1" });
  });

  it("reads the primary's zone and database secret across regions, so the runner orders the primary first", () => {
    const stacks = renderStacks(resolveModel(validateConfig(config(RECOVERY))));
    const at = (path: string) => stacks.find((s) => s.path === path)!;
    expect(at("prod/us-west-2/platform").dependsOn).toContain("us-east-1/dns");
    expect(at("prod/us-west-2/data").dependsOn).toContain("us-east-1/data");
    expect(at("prod/us-west-2/data").inputs).toContainEqual({
      variable: "database_main_secret_arn",
      stack: "us-east-1/data",
      output: "database_main_secret_arn",
    });
    expect(at("prod/us-east-1/data").outputs.map((w) => w.name)).toContain("database_main_switchover_command");
  });

  it("routes by latency when asked: both regions' records answer by region, and a global database's secondary forwards writes", () => {
    const env = prodOf(config({ recovery: { ...RECOVERY.recovery, routing: "latency", desiredCount: 2 } }));
    expect(env.loadBalancers[0]!.https?.regional).toMatchObject({ routing: "latency", setIdentifier: "us-east-1" });
    expect(env.recovery[0]!.loadBalancers[0]!.https?.regional).toMatchObject({ routing: "latency", setIdentifier: "us-west-2" });
    expect(env.recovery[0]!.databases[0]!.global?.writeForwarding).toBe(true);
    const stacks = renderStacks(resolveModel(validateConfig(config({ recovery: { ...RECOVERY.recovery, routing: "latency" } }))));
    const edge = printFile(stacks.find((s) => s.path === "prod/us-west-2/platform")!.files.find((f) => f.name === "edge.tf")!);
    expect(edge).toContain('latency_routing_policy {\n    region = "us-west-2"\n  }');
    expect(edge).not.toContain("failover_routing_policy");
  });

  it("runs the functions and HTTP APIs in the recovery region too, the functions without their schedules, under region-suffixed roles", () => {
    const raw = config(RECOVERY);
    const withFunctions = {
      ...raw,
      queues: { jobs: { visibilityTimeout: "3 minutes" } },
      httpApis: { public: {} },
      functions: {
        hook: { dir: "functions/hook", handler: "index.handler", http: { api: "public", routes: ["POST /hook"] } },
        worker: { dir: "functions/worker", handler: "index.handler", queue: { queue: "jobs" } },
        mixed: {
          dir: "functions/mixed",
          handler: "index.handler",
          events: [{ schedule: "rate(1 hour)" }, { pattern: { source: ["shop.orders"] } }],
        },
        prune: { dir: "functions/prune", handler: "index.handler", events: [{ schedule: "cron(0 4 * * ? *)" }] },
      },
    };
    const env = prodOf(withFunctions);
    expect(env.stacks.filter((s) => s.kind === "function" || s.kind === "http-api").map((s) => s.path)).toEqual([
      "prod/us-east-1/function-hook",
      "prod/us-east-1/function-mixed",
      "prod/us-east-1/function-prune",
      "prod/us-east-1/function-worker",
      "prod/us-east-1/api-public",
      "prod/us-west-2/function-hook",
      "prod/us-west-2/function-mixed",
      "prod/us-west-2/function-worker",
      "prod/us-west-2/api-public",
    ]);
    const west = env.recovery[0]!;
    // Without a host the API has no record to route: each region's answers at its own execute-api URL.
    expect(west.httpApis.map((a) => [a.name, a.regional])).toEqual([["shop-prod-public", null]]);
    expect(west.functions.map((f) => [f.key, f.name, f.roleName, f.events.map((e) => e.schedule ?? "pattern"), f.queueTrigger?.queue])).toEqual([
      ["hook", "shop-prod-hook", "shop-prod-hook-fn-usw2", [], undefined],
      ["mixed", "shop-prod-mixed", "shop-prod-mixed-fn-usw2", ["pattern"], undefined],
      ["worker", "shop-prod-worker", "shop-prod-worker-fn-usw2", [], "jobs"],
    ]);
    const stacks = renderStacks(resolveModel(validateConfig(withFunctions)));
    expect(stacks.find((s) => s.path === "prod/us-west-2/function-worker")!.dependsOn).toContain("messaging");
  });

  it("refuses an HTTP API with a host and no health check, at the environment's API, naming a GET route", () => {
    const withApi = (raw: Raw): Raw => ({
      ...raw,
      httpApis: { public: { host: "api" } },
      functions: { items: { dir: "functions/items", http: { api: "public", routes: ["GET /items/{id}", "GET /items", "POST /items"] } } },
    });
    expect(modelErrors(withApi(config(RECOVERY)))).toContainEqual(
      expect.stringContaining(
        "environments.prod.httpApis.public.healthCheck: is needed: api.shop.example.com answers from every region of the environment, and Route 53 needs a path the API answers to check each region",
      ),
    );
    expect(hints(withApi(config(RECOVERY)))).toContain('healthCheck: { path: "/items" }');
    // Without a recovery region the API's record is a plain alias and needs no check.
    const alone = prodOf(withApi(config({}, { engine: "aurora-mysql", version: "8.0.mysql_aurora.3.03.1" })));
    expect(alone.httpApis[0]!.regional).toBeNull();
  });

  it("shortens regions for account-wide names", () => {
    expect(["us-west-2", "eu-central-1", "ap-southeast-1"].map(regionSuffix)).toEqual(["usw2", "euc1", "aps1"]);
  });
});

describe("the rules of recovery regions, with their paths and fixes", () => {
  it("refuses a recovery region without its own CIDR when the regions share a global database", () => {
    expect(modelErrors(config({ recovery: { region: "us-west-2" } }))).toContainEqual(
      expect.stringContaining(
        "environments.prod.recovery: the recovery region needs a CIDR of its own: it would reuse the primary's 10.0.0.0/16, and the regions share a global database",
      ),
    );
    expect(hints(config({ recovery: { region: "us-west-2" } }))).toContain('recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } }');
  });

  it("refuses overlapping CIDRs", () => {
    expect(modelErrors(config({ recovery: { region: "us-west-2", network: { cidr: "10.0.128.0/17" } } }))).toContainEqual(
      expect.stringContaining("environments.prod.recovery.network.cidr: 10.0.128.0/17 overlaps the primary's 10.0.0.0/16"),
    );
  });

  it("refuses a global database without a recovery region", () => {
    expect(modelErrors(config({})).join("\n")).toContain(
      "databases.main.global: a global database needs a secondary region, and the environment has no recovery region",
    );
    expect(hints(config({}))).toContain('recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } }');
  });

  it("refuses a recovery region the primary's own, an RDS instance and an Aurora cluster that is not global", () => {
    expect(modelErrors(config({ recovery: { region: "us-east-1", network: { cidr: "10.1.0.0/16" } } }))).toContainEqual(
      expect.stringContaining("environments.prod.recovery.region: the recovery region is the environment's own region us-east-1"),
    );
    const rds = modelErrors(config(RECOVERY, { engine: "mysql", version: "8.0" })).join("\n");
    expect(rds).toContain("environments.prod.databases.main: main is an RDS instance, which cannot follow the environment to its recovery region us-west-2");
    expect(hints(config(RECOVERY, { engine: "mysql", version: "8.0" }))).toContain('backup: { replicateTo: "us-west-2" }');
    const local = modelErrors(config(RECOVERY, { engine: "aurora-mysql", version: "8.0.mysql_aurora.3.03.1" })).join("\n");
    expect(local).toContain("environments.prod.databases.main.global: main is not global");
  });

  it("refuses backup replication to the database's own region or of an Aurora cluster", () => {
    expect(modelErrors(config({}, { engine: "postgres", version: "15", backup: { replicateTo: "us-east-1" } }))).toContainEqual(
      expect.stringContaining("databases.main.backup.replicateTo: backups would be replicated to us-east-1, the region the database is in"),
    );
    expect(modelErrors(config({}, { engine: "aurora-postgresql", version: "16", backup: { replicateTo: "us-west-2" } }))).toContainEqual(
      expect.stringContaining("databases.main.backup.replicateTo: Aurora does not replicate automated backups across regions"),
    );
  });
});

describe("RDS backup replication", () => {
  it("takes one region, alone or as a list of one, and refuses a second destination with why", () => {
    const listed = prodOf(config({}, { engine: "postgres", version: "15", backup: { replicateTo: ["us-west-2"] } }));
    expect(listed.databases[0]!.backupReplication).toEqual({ region: "us-west-2" });
    const two = config({}, { engine: "postgres", version: "15", backup: { replicateTo: ["us-west-2", "eu-west-1"] } });
    expect(modelErrors(two)).toContainEqual(
      expect.stringContaining(
        "databases.main.backup.replicateTo[1]: RDS replicates an instance's automated backups to one region only, and us-west-2 already receives them",
      ),
    );
    expect(hints(two)).toContain("use Aurora with global: true and recovery regions");
  });

  it("gives the data stack a provider in the target region, with the same account, role and tags", () => {
    const env = prodOf(config({}, { engine: "postgres", version: "15", backup: { replicateTo: "us-west-2" } }));
    expect(env.databases[0]!.backupReplication).toEqual({ region: "us-west-2" });
    const data = env.stacks.find((s) => s.id === "data")!;
    expect(data.providers.map((p) => [p.alias, p.region, p.account, p.role?.arn])).toEqual([
      [undefined, "us-east-1", "333333333333", "arn:aws:iam::333333333333:role/berth-deployer"],
      ["us_west_2", "us-west-2", "333333333333", "arn:aws:iam::333333333333:role/berth-deployer"],
    ]);
  });
});
