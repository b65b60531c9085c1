/**
 * Adopting a running Aurora cluster into a global database (`global: { adopt: true }`): the global cluster
 * is created from the cluster (`source_db_cluster_identifier`) instead of the cluster joining a new one; held
 * against the provider schema and an offline plan of the primary's data stack.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attrExpr, attrNames, attrValue, child, findBlock } from "../../test/support/hcl-query.js";
import { readPlan, references, resource } from "../../test/support/plan-json.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { renderStacks } from "./render.js";
import { writeStacks } from "./write.js";

const config = (global: unknown) => ({
  project: "shop",
  network: { cidr: "10.0.0.0/16", azs: 2 },
  databases: { main: { engine: "aurora-postgresql", version: "16.4", instanceClass: "db.r6g.large", global } },
  services: { api: { port: 8080, databases: { main: true } } },
  environments: { prod: { tier: "prod", region: "us-east-1", recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } } } },
});
const stacks = (global: unknown) => renderStacks(resolveModel(validateConfig(config(global))));
const data = (global: unknown, region = "us-east-1") => stacks(global).find((s) => s.path === `prod/${region}/data`)!;

describe("adopting a running cluster into a global database", () => {
  it("creates the global cluster from the cluster, which keeps its data and stops letting RDS manage its password", () => {
    const primary = data({ name: "shop-global", adopt: true });
    const global = findBlock(primary, "resource", "aws_rds_global_cluster", "main");
    expect(attrValue(global, "source_db_cluster_identifier")).toEqual({ raw: "aws_rds_cluster.main.arn" });
    expect(attrNames(global)).not.toEqual(expect.arrayContaining(["engine"]));
    expect(attrNames(global)).not.toContain("database_name");
    expect(attrValue(global, "force_destroy")).toBe(true);
    const cluster = findBlock(primary, "resource", "aws_rds_cluster", "main");
    expect(attrExpr(cluster, "global_cluster_identifier")).toBeUndefined();
    expect(attrExpr(cluster, "manage_master_user_password")).toBeUndefined();
    expect(attrValue(cluster, "master_password_wo")).toEqual({ raw: "var.database_main_master_password" });
    expect(attrValue(child(cluster, "lifecycle"), "ignore_changes")).toEqual({ raw: "[global_cluster_identifier]" });
    // The secondary joins the global cluster by name, as without adopt.
    expect(
      attrValue(findBlock(data({ name: "shop-global", adopt: true }, "us-west-2"), "resource", "aws_rds_cluster", "main"), "global_cluster_identifier"),
    ).toBe("shop-global");
    // Without adopt, nothing changes: the cluster joins a global cluster created empty.
    const fresh = findBlock(data("shop-global"), "resource", "aws_rds_cluster", "main");
    expect(attrValue(fresh, "global_cluster_identifier")).toEqual({ raw: "aws_rds_global_cluster.main.id" });
  });

  it("names the global cluster by default, and refuses adopt: false", () => {
    const env = resolveModel(validateConfig(config({ adopt: true }))).environments[0]!;
    expect(env.databases[0]!.global).toMatchObject({ identifier: "shop-prod-main-global", adopt: true });
    expect(() => validateConfig(config({ adopt: false }))).toThrow(/databases\.main\.global/);
  });

  it("uses only what the provider knows, and plans offline", async () => {
    const all = stacks({ name: "shop-global", adopt: true });
    expect(checkAgainstSchema(all.find((s) => s.path === "prod/us-east-1/data")!.files, await awsProviderSchema())).toEqual([]);
    const out = mkdtempSync(join(tmpdir(), "berth-adopt-"));
    writeStacks(all, out);
    const results = await planOffline(all, out, { parallelism: 1, only: ["prod/us-east-1/data"] });
    expect(results.map((r) => `${r.stack}: ${r.status}${r.error ? ` ${(r.error as Error).message}` : ""}`)).toEqual(["prod/us-east-1/data: succeeded"]);
    const plan = readPlan(join(out, "prod/us-east-1/data/plan.json"));
    expect(resource(plan, "aws_rds_global_cluster", "main").values).toMatchObject({ global_cluster_identifier: "shop-global", force_destroy: true });
    expect(references(plan, "aws_rds_global_cluster.main", "source_db_cluster_identifier")).toContain("aws_rds_cluster.main.arn");
    expect(resource(plan, "aws_rds_cluster", "main").values.manage_master_user_password ?? null).toBeNull();
  }, 600_000);
});
