/**
 * An environment with two recovery regions planned offline with the real provider: the global database's
 * primary and both secondaries, the master secret's replicas, ECR replication to both regions and a latency
 * record with its health check in each region, read from each stack's plan.json.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPlan, resource } from "../../test/support/plan-json.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { renderStacks } from "./render.js";
import { writeStacks } from "./write.js";

const config = {
  project: "shop",
  network: { cidr: "10.0.0.0/16", azs: 2 },
  databases: { main: { engine: "aurora-mysql", version: "8.0.mysql_aurora.3.04.0", global: "shop-global", instanceClass: "db.r6g.large" } },
  loadBalancers: { public: { defaultAction: { forward: "api" } } },
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }], healthCheck: { path: "/health" }, databases: { main: true } } },
  environments: {
    prod: {
      tier: "prod",
      region: "us-east-1",
      account: { id: "333333333333", role: "berth-deployer" },
      domain: { name: "shop.example.com" },
      recovery: [
        { region: "us-west-2", network: { cidr: "10.1.0.0/16" }, routing: "latency", desiredCount: 2 },
        { region: "eu-west-1", network: { cidr: "10.2.0.0/16" }, desiredCount: 1 },
      ],
    },
  },
};
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];

describe("three regions planned offline", () => {
  it("plans the global database across three regions, the replicas, ECR replication and each region's latency record", async () => {
    const stacks = renderStacks(resolveModel(validateConfig(config)));
    const out = mkdtempSync(join(tmpdir(), "berth-regions3-"));
    writeStacks(stacks, out);
    const only = REGIONS.flatMap((r) => [`prod/${r}/platform`, `prod/${r}/data`]);
    const results = await planOffline(stacks, out, { parallelism: 2, only });
    expect(results.map((r) => `${r.stack}: ${r.status}${r.error ? ` ${(r.error as Error).message}` : ""}`).sort()).toEqual(
      only.map((p) => `${p}: succeeded`).sort(),
    );
    const plan = (region: string, stack: string) => readPlan(join(out, `prod/${region}/${stack}/plan.json`));

    const primary = plan("us-east-1", "data");
    expect(resource(primary, "aws_rds_global_cluster", "main").values).toMatchObject({ global_cluster_identifier: "shop-global", engine: "aurora-mysql" });
    expect(resource(primary, "aws_secretsmanager_secret", "main_master").values.replica).toEqual([
      expect.objectContaining({ region: "eu-west-1" }),
      expect.objectContaining({ region: "us-west-2" }),
    ]);
    for (const region of ["us-west-2", "eu-west-1"]) {
      expect(resource(plan(region, "data"), "aws_rds_cluster", "main").values).toMatchObject({
        cluster_identifier: "shop-prod-main",
        global_cluster_identifier: "shop-global",
        enable_global_write_forwarding: true,
      });
    }
    // The registry id is the account's, unknown until apply.
    const [ecr] = resource(plan("us-east-1", "platform"), "aws_ecr_replication_configuration", "this").values.replication_configuration as {
      rule: { destination: { region: string }[]; repository_filter: unknown[] }[];
    }[];
    expect(ecr!.rule.map((r) => [r.destination.map((d) => d.region), r.repository_filter])).toEqual([
      [["us-west-2", "eu-west-1"], [{ filter: "shop-prod-", filter_type: "PREFIX_MATCH" }]],
    ]);
    for (const region of REGIONS) {
      const platform = plan(region, "platform");
      const records = Object.values(platform.planned_values.root_module.resources ?? []).filter((r) => r.type === "aws_route53_record");
      expect(records.map((r) => r.values.latency_routing_policy)).toContainEqual([{ region }]);
      expect(records.map((r) => r.values.set_identifier)).toContain(region);
      expect(resource(platform, "aws_route53_health_check", "public").values).toMatchObject({ type: "HTTPS", resource_path: "/health" });
    }
  }, 900_000);
});
