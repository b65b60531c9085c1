/**
 * More than one recovery region (`recovery: [ … ]`): each region's stacks, network, names, database
 * secondaries, ECR destinations and records, and the rules across regions with their paths and fixes.
 */
import { describe, expect, it } from "vitest";
import { attrValue, findBlock, findBlocks, nested } from "../../test/support/hcl-query.js";
import { modelErrors, modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { renderStacks } from "../terraform/render.js";
import { resolveModel } from "./resolve.js";

type Raw = Record<string, unknown>;
const WEST = { region: "us-west-2", network: { cidr: "10.1.0.0/16" }, routing: "latency", desiredCount: 2 };
const EU = { region: "eu-west-1", network: { cidr: "10.2.0.0/16" }, desiredCount: 1 };
const config = (recovery: unknown, db: Raw = { engine: "aurora-mysql", version: "8.0.mysql_aurora.3.04.0", global: "shop-global" }): Raw => ({
  project: "shop",
  network: { cidr: "10.0.0.0/16", azs: 2 },
  databases: { main: db },
  loadBalancers: { public: { defaultAction: { forward: "api" } } },
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }], healthCheck: { path: "/health" }, databases: { main: true } } },
  environments: {
    prod: { tier: "prod", region: "us-east-1", account: { id: "333333333333", role: "berth-deployer" }, domain: { name: "shop.example.com" }, recovery },
  },
});
const prodOf = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!;
const stacksOf = (raw: Raw) => renderStacks(resolveModel(validateConfig(raw)));

describe("an environment with two recovery regions", () => {
  it("has each region's stacks in its own folder with a region-scoped state key, all assuming the environment's role", () => {
    const env = prodOf(config([WEST, EU]));
    const paths = env.stacks.map((s) => s.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const region of ["us-east-1", "us-west-2", "eu-west-1"])
      expect(paths.filter((p) => p.startsWith(`prod/${region}/`)).map((p) => p.split("/")[2])).toEqual(["dns", "network", "platform", "data", "service-api"]);
    const keys = env.stacks.map((s) => s.backend.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(env.stacks.find((s) => s.path === "prod/eu-west-1/data")!.backend.key).toBe("shop/prod/eu-west-1/data.tfstate");
    expect(new Set(env.stacks.flatMap((s) => s.providers.map((p) => p.role?.arn)))).toEqual(new Set(["arn:aws:iam::333333333333:role/berth-deployer"]));
  });

  it("gives each standby its CIDR, zones, task count, region-suffixed IAM names and an Aurora secondary that forwards writes", () => {
    const env = prodOf(config([WEST, EU]));
    expect(env.recovery.map((r) => [r.region, r.network.cidr, r.network.azs])).toEqual([
      ["us-west-2", "10.1.0.0/16", ["us-west-2a", "us-west-2b"]],
      ["eu-west-1", "10.2.0.0/16", ["eu-west-1a", "eu-west-1b"]],
    ]);
    expect(env.recovery.map((r) => r.services[0]!.desiredCount)).toEqual([2, 1]);
    expect(env.recovery.map((r) => r.services[0]!.roleNames.task)).toEqual(["shop-prod-api-task-usw2", "shop-prod-api-task-euw1"]);
    expect(env.databases[0]!.global).toMatchObject({ secondary: false, secondaryRegions: ["us-west-2", "eu-west-1"] });
    for (const r of env.recovery)
      expect(r.databases[0]!.global).toMatchObject({ secondary: true, writeForwarding: true, secondaryRegions: ["us-west-2", "eu-west-1"] });
  });

  it("replicates the master secret and images to both regions and offers a switchover command per region", () => {
    const stacks = stacksOf(config([WEST, EU]));
    const at = (path: string) => stacks.find((s) => s.path === path)!;
    const secret = findBlock(at("prod/us-east-1/data"), "resource", "aws_secretsmanager_secret", "main_master");
    expect(nested(secret, "replica").map((r) => attrValue(r, "region"))).toEqual(["us-west-2", "eu-west-1"]);
    expect(at("prod/us-east-1/data").outputs.map((w) => w.name)).toEqual(
      expect.arrayContaining(["database_main_switchover_command_us_west_2", "database_main_switchover_command_eu_west_1"]),
    );
    expect(at("prod/us-east-1/data").outputs.map((w) => w.name)).not.toContain("database_main_switchover_command");
    const replication = findBlock(at("prod/us-east-1/platform"), "resource", "aws_ecr_replication_configuration", "this");
    const rule = nested(nested(replication, "replication_configuration")[0]!, "rule")[0]!;
    expect(nested(rule, "destination").map((d) => attrValue(d, "region"))).toEqual(["us-west-2", "eu-west-1"]);
    for (const region of ["us-west-2", "eu-west-1"]) {
      expect(findBlocks(at(`prod/${region}/platform`), "resource", "aws_ecr_replication_configuration")).toEqual([]);
      expect(at(`prod/${region}/platform`).dependsOn).toContain("us-east-1/dns");
      expect(at(`prod/${region}/data`).dependsOn).toContain("us-east-1/data");
      const cluster = findBlock(at(`prod/${region}/data`), "resource", "aws_rds_cluster", "main");
      expect([attrValue(cluster, "global_cluster_identifier"), attrValue(cluster, "enable_global_write_forwarding")]).toEqual(["shop-global", true]);
    }
  });

  it("answers the domain by latency from each region, each with its own health check", () => {
    const env = prodOf(config([WEST, EU]));
    expect([env, ...env.recovery].map((e) => e.loadBalancers[0]!.https?.regional)).toEqual([
      expect.objectContaining({ routing: "latency", role: "PRIMARY", setIdentifier: "us-east-1" }),
      expect.objectContaining({ routing: "latency", role: "SECONDARY", setIdentifier: "us-west-2" }),
      expect.objectContaining({ routing: "latency", role: "SECONDARY", setIdentifier: "eu-west-1" }),
    ]);
  });

  it("gives each region its own places with geolocation routing; the primary keeps the default record", () => {
    const env = prodOf(
      config([
        { ...WEST, routing: { geolocation: { continents: ["SA"] } } },
        { ...EU, routing: { geolocation: { continents: ["EU", "AF"], countries: ["GB"] } } },
      ]),
    );
    expect([env, ...env.recovery].map((e) => e.loadBalancers[0]!.https?.regional?.locations)).toEqual([
      [{ country: "*" }],
      [{ continent: "SA" }],
      [{ continent: "EU" }, { continent: "AF" }, { country: "GB" }],
    ]);
  });

  it("keeps one recovery region as a list of one exactly as the single object form", () => {
    const single = prodOf(config({ ...WEST, routing: "failover" }));
    const list = prodOf(config([{ ...WEST, routing: "failover" }]));
    expect(list.stacks).toEqual(single.stacks);
    expect(list.recovery[0]!.databases).toEqual(single.recovery[0]!.databases);
    expect(
      stacksOf(config([{ ...WEST, routing: "failover" }]))
        .find((s) => s.path === "prod/us-east-1/data")!
        .outputs.map((w) => w.name),
    ).toContain("database_main_switchover_command");
  });
});

describe("the rules across recovery regions, with their paths and fixes", () => {
  it("refuses failover with more than one secondary region, with latency or geolocation as the fix", () => {
    const report = modelReport(config([{ ...WEST, routing: undefined }, EU]));
    expect(report).toContain("environments.prod.recovery: failover routing answers from one secondary region, and 2 are listed (us-west-2, eu-west-1)");
    expect(report).toContain('route by latency (routing: "latency" on the recovery regions)');
  });

  it("refuses a recovery CIDR that overlaps another recovery region's, or none of its own, at the entry's path", () => {
    expect(modelErrors(config([WEST, { ...EU, network: { cidr: "10.1.128.0/17" } }]))).toContainEqual(
      expect.stringContaining(
        "environments.prod.recovery[1].network.cidr: 10.1.128.0/17 overlaps us-west-2's 10.1.0.0/16; regions that share a global database need distinct CIDRs",
      ),
    );
    const report = modelReport(config([WEST, { region: "eu-west-1" }]));
    expect(report).toContain("environments.prod.recovery[1]: the recovery region needs a CIDR of its own: it would reuse the primary's 10.0.0.0/16");
    expect(report).toContain('{ region: "eu-west-1", network: { cidr: "10.2.0.0/16" } }');
  });

  it("refuses a region listed twice, the primary's own, and two regions whose name suffixes collide", () => {
    expect(modelErrors(config([WEST, { ...EU, region: "us-west-2" }]))).toContainEqual(
      expect.stringContaining("environments.prod.recovery[1].region: us-west-2 is already a recovery region (recovery[0])"),
    );
    expect(modelErrors(config([WEST, { ...EU, region: "us-east-1" }]))).toContainEqual(
      expect.stringContaining("environments.prod.recovery[1].region: the recovery region is the environment's own region us-east-1"),
    );
    expect(
      modelErrors(
        config([
          { ...WEST, region: "ap-south-1" },
          { ...EU, region: "ap-southeast-1" },
        ]),
      ),
    ).toContainEqual(
      expect.stringContaining("environments.prod.recovery[1].region: ap-southeast-1 and ap-south-1 (recovery[0]) would both suffix account-wide names"),
    );
  });

  it("refuses regions that route differently, and geolocation places without a region or answered twice", () => {
    expect(modelErrors(config([WEST, { ...EU, routing: "failover" }]))).toContainEqual(
      expect.stringContaining(
        "environments.prod.recovery[1].routing: routes by failover, but recovery[0] routes by latency; the regions of an environment share one routing policy",
      ),
    );
    const geo = (continents: string[]) => ({ geolocation: { continents } });
    expect(
      modelErrors(
        config([
          { ...WEST, routing: geo(["EU", "SA"]) },
          { ...EU, routing: geo(["EU"]) },
        ]),
      ),
    ).toContainEqual(
      expect.stringContaining(
        "environments.prod.recovery[1].routing.geolocation.continents: lists EU, which us-west-2 (recovery[0]) already answers; Route 53 answers a place from one region",
      ),
    );
    expect(modelErrors(config([{ ...WEST, routing: geo(["SA"]) }, EU]))).toContainEqual(
      expect.stringContaining("environments.prod.recovery[1].routing: names no place for the recovery region to answer"),
    );
  });

  it("refuses more than ten secondary regions for a global database", () => {
    const regions = [
      "us-west-1",
      "us-west-2",
      "us-east-2",
      "eu-west-1",
      "eu-west-2",
      "eu-west-3",
      "eu-central-1",
      "eu-north-1",
      "ap-northeast-1",
      "ap-northeast-2",
      "ca-central-1",
    ];
    const recovery = regions.map((region, i) => ({ region, network: { cidr: `10.${i + 1}.0.0/16` }, routing: "latency" }));
    expect(modelErrors(config(recovery))).toContainEqual(
      expect.stringContaining("environments.prod.recovery: an Aurora global database has at most 10 secondary regions, and 11 are listed"),
    );
    expect(modelErrors(config(recovery.slice(0, 10), { engine: "aurora-mysql", version: "8.0.mysql_aurora.3.04.0" })).join("\n")).not.toContain("at most 10");
  });

  it("names every recovery region when a database cannot follow", () => {
    expect(modelErrors(config([WEST, EU], { engine: "aurora-postgresql", version: "16.4" }))).toContainEqual(
      expect.stringContaining(
        "environments.prod.databases.main.global: main is not global, so the recovery regions us-west-2, eu-west-1 would have no copy of its data",
      ),
    );
  });
});
