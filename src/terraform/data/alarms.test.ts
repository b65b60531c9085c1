/**
 * Database alarms in the data stack: dimensions per engine kind (RDS instance or Aurora cluster), the
 * alarm topic read from the platform stack (which makes data depend on platform only then), and the
 * dashboard's database widgets, queried on the HCL syntax trees.
 */
import { describe, expect, it } from "vitest";
import { attrExpr, attrValue, findBlock, findBlocks, jsonAttr } from "../../../test/support/hcl-query.js";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../render.js";
import type { Stack } from "../stack.js";

const render = (alarms: Record<string, unknown> | undefined) =>
  renderStacks(
    resolveModel(
      validateConfig({
        project: "shop",
        network: { azs: 2 },
        monitoring: { dashboard: true },
        databases: {
          orders: { engine: "aurora-postgresql", version: "16.6", ...(alarms ? { alarms } : {}) },
          legacy: { engine: "mysql", version: "8.0", storage: "50 GB", ...(alarms ? { alarms: { ...alarms, freeStorage: true } } : {}) },
        },
        services: { api: { port: 8080, databases: { orders: true } } },
        environments: { prod: { tier: "prod", region: "eu-west-1" } },
      }),
    ),
  );
const stack = (stacks: Stack[], id: string): Stack => stacks.find((s) => s.id === id)!;

describe("database alarms in the data stack", () => {
  const stacks = render({ cpu: 75, connections: true });
  const data = stack(stacks, "data");

  it("watches an RDS instance by DBInstanceIdentifier and an Aurora cluster by DBClusterIdentifier", () => {
    const cpu = findBlock(data, "resource", "aws_cloudwatch_metric_alarm", "orders_cpu");
    expect(attrValue(cpu, "alarm_name")).toBe("shop-prod-orders-cpu");
    expect(attrValue(cpu, "threshold")).toBe(75);
    expect(attrValue(cpu, "dimensions")).toEqual({ DBClusterIdentifier: { raw: "aws_rds_cluster.orders.cluster_identifier" } });
    const storage = findBlock(data, "resource", "aws_cloudwatch_metric_alarm", "legacy_free_storage");
    expect(attrValue(storage, "dimensions")).toEqual({ DBInstanceIdentifier: { raw: "aws_db_instance.legacy.identifier" } });
    expect([attrValue(storage, "comparison_operator"), attrValue(storage, "threshold")]).toEqual(["LessThanThreshold", 5 * 1024 ** 3]);
    expect(findBlocks(data, "resource", "aws_cloudwatch_metric_alarm").map((b) => b.labels[1])).toEqual([
      "legacy_cpu",
      "legacy_connections",
      "legacy_free_storage",
      "orders_cpu",
      "orders_connections",
    ]);
  });

  it("notifies the platform's alarm topic, read as a variable, so the data stack depends on the platform", () => {
    for (const b of findBlocks(data, "resource", "aws_cloudwatch_metric_alarm")) expect(attrExpr(b, "alarm_actions")).toBeDefined();
    expect(data.dependsOn).toEqual(["network", "platform"]);
    expect(data.inputs).toContainEqual({ variable: "alarm_topic_arn", stack: "platform", output: "alarm_topic_arn" });
    expect(findBlock(stack(stacks, "platform"), "resource", "aws_sns_topic", "alarms")).toBeDefined();
  });

  it("depends on the network only when no database has alarms", () => {
    const quiet = stack(render(undefined), "data");
    expect(quiet.dependsOn).toEqual(["network"]);
    expect(findBlocks(quiet, "resource", "aws_cloudwatch_metric_alarm")).toEqual([]);
    expect(findBlocks(stack(render(undefined), "platform"), "resource", "aws_sns_topic")).toEqual([]);
  });

  it("draws database CPU and connections on the dashboard, one line per database", () => {
    const dash = findBlock(stack(stacks, "monitoring"), "resource", "aws_cloudwatch_dashboard", "this");
    const widgets = (jsonAttr(dash, "dashboard_body") as { widgets: { properties: { title: string; metrics: unknown[] } }[] }).widgets;
    const db = widgets.filter((w) => w.properties.title.startsWith("Database"));
    expect(db.map((w) => [w.properties.title, w.properties.metrics])).toEqual([
      [
        "Database CPU utilisation (%)",
        [
          ["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "shop-prod-legacy", { label: "legacy" }],
          ["AWS/RDS", "CPUUtilization", "DBClusterIdentifier", "shop-prod-orders", { label: "orders" }],
        ],
      ],
      [
        "Database connections",
        [
          ["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", "shop-prod-legacy", { label: "legacy" }],
          ["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", "shop-prod-orders", { label: "orders" }],
        ],
      ],
    ]);
  });
});
