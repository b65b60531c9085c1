/**
 * Function and HTTP API stacks, queried on their HCL syntax trees for a config with a VPC function behind
 * an HTTP API (with a database, a secret, a topic and two EventBridge rules) and a queue-triggered one;
 * the package written beside the `.tf` files as berth's own; every file held against `terraform fmt
 * -check`, the real aws provider schema and an offline plan.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attrNames, attrValue, child, findBlock, findBlocks, jsonAttr } from "../../test/support/hcl-query.js";
import { readPlan, resource, resources } from "../../test/support/plan-json.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { validateConfig } from "../config/validate.js";
import { UsageError } from "../errors.js";
import { printFile } from "../hcl/index.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { stackSources } from "../runner/workspace.js";
import { isBerthPackage } from "./package.js";
import { renderStacks } from "./render.js";
import type { Stack } from "./stack.js";
import { writeStacks } from "./write.js";

const config = validateConfig({
  project: "shop",
  network: { azs: 2, nat: "single" },
  queues: { "order-events": { visibilityTimeout: "2 minutes" } },
  topics: { orders: {} },
  databases: { main: { engine: "postgres", version: "16" } },
  secrets: { stripe: {} },
  httpApis: { public: { cors: { origins: ["https://shop.example.com"] }, throttle: { rate: 20, burst: 40 } } },
  services: {},
  functions: {
    orders: {
      dir: "functions/orders",
      memory: "512 MB",
      reservedConcurrency: 10,
      databases: { main: true },
      secrets: { STRIPE: { secret: "stripe" } },
      topics: { orders: "publish" },
      http: { api: "public", routes: ["GET /orders", "GET /orders/{id}"] },
      events: [{ schedule: "rate(5 minutes)" }, { pattern: { source: ["shop.billing"] }, bus: "billing", input: { kind: "invoice" } }],
    },
    thumbs: { image: true, imageTag: "v1", architecture: "x86_64" },
    recorder: {
      dir: "functions/recorder",
      timeout: "20 seconds",
      queue: { queue: "order-events", batchSize: 20, batchWindow: "5 seconds", maxConcurrency: 4 },
    },
  },
  environments: {
    prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" }, httpApis: { public: { host: "api" } } },
    dev: { tier: "dev", region: "eu-west-1" },
  },
});
const stacks = renderStacks(resolveModel(config));
const stack = (env: string, id: string): Stack => stacks.find((s) => s.env === env && s.id === id)!;
const policy = (s: Stack) =>
  (jsonAttr(findBlock(s, "resource", "aws_iam_role_policy", "this"), "policy") as { Statement: Record<string, unknown>[] }).Statement;

function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-functions-"));
  for (const f of ["orders", "recorder"]) {
    mkdirSync(join(dir, "functions", f), { recursive: true });
    writeFileSync(join(dir, "functions", f, "index.mjs"), `export const handler = async () => "${f}";\n`);
  }
  return dir;
}

describe("function stack", () => {
  it("reads the network, platform (alarm topic), data and messaging stacks it uses; the API stack reads the function and dns stacks", () => {
    expect(stack("prod", "function-orders").dependsOn).toEqual(["network", "platform", "data", "messaging"]);
    expect(stack("prod", "function-recorder").dependsOn).toEqual(["network", "platform", "messaging"]);
    expect(stack("dev", "function-recorder").dependsOn).toEqual(["platform", "messaging"]);
    expect(stack("prod", "api-public").dependsOn).toEqual(["dns", "network", "function-orders"]);
    expect(stack("dev", "api-public").dependsOn).toEqual(["function-orders"]);
    expect(stack("prod", "function-orders").assets).toEqual([{ name: "package.zip", kind: "zip", dir: "functions/orders" }]);
  });

  it("deploys the zipped package by its hash, arm64 by default, publishes a version behind the live alias", () => {
    const fn = findBlock(stack("prod", "function-orders"), "resource", "aws_lambda_function", "this");
    expect(attrValue(fn, "filename")).toEqual({ raw: 'abspath("${path.module}/package.zip")' });
    expect(attrValue(fn, "source_code_hash")).toEqual({ raw: 'filebase64sha256("${path.module}/package.zip")' });
    expect(attrValue(fn, "architectures")).toEqual(["arm64"]);
    expect(attrValue(fn, "memory_size")).toBe(512);
    expect(attrValue(fn, "reserved_concurrent_executions")).toBe(10);
    expect(attrValue(fn, "publish")).toBe(true);
    expect(attrValue(child(fn, "vpc_config"), "subnet_ids")).toEqual({ raw: "var.private_subnet_ids" });
    expect(attrValue(child(fn, "environment"), "variables")).toEqual({
      DB_HOST: { raw: "var.database_main_address" },
      DB_NAME: "main",
      DB_PORT: "5432",
      DB_SECRET_ID: { raw: "var.database_main_secret_arn" },
      ORDERS_TOPIC_ARN: { raw: "var.topic_orders_arn" },
      STRIPE_SECRET_ID: "shop-prod/stripe",
    });
    const alias = findBlock(stack("prod", "function-orders"), "resource", "aws_lambda_alias", "live");
    expect(attrValue(alias, "function_version")).toEqual({ raw: "aws_lambda_function.this.version" });
    const logs = findBlock(stack("prod", "function-orders"), "resource", "aws_cloudwatch_log_group", "this");
    expect(attrValue(logs, "name")).toBe("/aws/lambda/shop-prod-orders");
    expect(attrValue(logs, "kms_key_id")).toEqual({ raw: "var.kms_logs_key_arn" });
    expect(attrNames(findBlock(stack("dev", "function-orders"), "resource", "aws_cloudwatch_log_group", "this"))).not.toContain("kms_key_id");
  });

  it("runs a container image from the function's own repository in the platform stack, with no package", () => {
    const s = stack("prod", "function-thumbs");
    const fn = findBlock(s, "resource", "aws_lambda_function", "this");
    expect(attrValue(fn, "package_type")).toBe("Image");
    expect(attrValue(fn, "image_uri")).toBe("${var.repository_url_function_thumbs}:v1");
    expect(attrNames(fn)).not.toContain("filename");
    expect(attrNames(fn)).not.toContain("handler");
    expect(s.assets).toBeUndefined();
    expect(s.dependsOn).toEqual(["network", "platform"]); // the repository and the alarm topic
    expect(attrValue(findBlock(stack("prod", "platform"), "resource", "aws_ecr_repository", "function_thumbs"), "name")).toBe("shop-prod-thumbs-function");
  });

  it("grants exactly what the function uses: its log group, ENIs in the VPC, its secrets, topic and keys", () => {
    const orders = policy(stack("prod", "function-orders"));
    expect(orders.map((s) => s.Action)).toEqual([
      ["logs:CreateLogStream", "logs:PutLogEvents"],
      expect.arrayContaining(["ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface"]),
      "secretsmanager:GetSecretValue",
      "kms:Decrypt",
      "sns:Publish",
      ["kms:Decrypt", "kms:GenerateDataKey"],
    ]);
    expect(orders[2]!.Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:*:secret:shop-prod/stripe-*", { raw: "var.database_main_secret_arn" }]);
    const recorder = policy(stack("prod", "function-recorder"));
    expect(recorder.map((s) => s.Sid ?? s.Action)).toEqual([
      "Logs",
      ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
      "kms:Decrypt",
    ]);
    expect(findBlocks(stack("prod", "function-recorder"), "resource", "aws_security_group")).toEqual([]);
  });

  it("admits the function's security group to the database on its port", () => {
    const rule = findBlock(stack("prod", "function-orders"), "resource", "aws_vpc_security_group_ingress_rule", "database_main_from_function");
    expect(attrValue(rule, "security_group_id")).toEqual({ raw: "var.database_main_security_group_id" });
    expect(attrValue(rule, "referenced_security_group_id")).toEqual({ raw: "aws_security_group.this.id" });
    expect([attrValue(rule, "from_port"), attrValue(rule, "to_port")]).toEqual([5432, 5432]);
  });

  it("targets the alias from each EventBridge rule, with retries, the dead-letter queue, and a permission per rule", () => {
    const s = stack("prod", "function-orders");
    expect(attrValue(findBlock(s, "resource", "aws_cloudwatch_event_rule", "rule_1"), "schedule_expression")).toBe("rate(5 minutes)");
    const patterned = findBlock(s, "resource", "aws_cloudwatch_event_rule", "rule_2");
    expect(attrValue(patterned, "event_bus_name")).toBe("billing");
    const target = findBlock(s, "resource", "aws_cloudwatch_event_target", "rule_2");
    expect(attrValue(target, "arn")).toEqual({ raw: "aws_lambda_alias.live.arn" });
    expect(attrValue(child(target, "retry_policy"), "maximum_retry_attempts")).toBe(2);
    expect(attrValue(child(target, "dead_letter_config"), "arn")).toEqual({ raw: "aws_sqs_queue.events_dlq.arn" });
    const permission = findBlock(s, "resource", "aws_lambda_permission", "rule_1");
    expect(attrValue(permission, "qualifier")).toEqual({ raw: "aws_lambda_alias.live.name" });
    expect(attrValue(permission, "principal")).toBe("events.amazonaws.com");
  });

  it("alarms on errors and throttles of the alias, and on dead-lettered events, through the platform's alarm topic", () => {
    const s = stack("prod", "function-orders");
    expect(findBlocks(s, "resource", "aws_cloudwatch_metric_alarm").map((b) => attrValue(b, "alarm_name"))).toEqual([
      "shop-prod-orders-errors",
      "shop-prod-orders-throttles",
      "shop-prod-orders-events-dead-letters",
    ]);
    const errors = findBlock(s, "resource", "aws_cloudwatch_metric_alarm", "errors");
    expect(attrValue(errors, "dimensions")).toEqual({
      FunctionName: { raw: "aws_lambda_function.this.function_name" },
      Resource: "${aws_lambda_function.this.function_name}:${aws_lambda_alias.live.name}",
    });
    expect(attrValue(errors, "alarm_actions")).toEqual([{ raw: "var.alarm_topic_arn" }]);
    expect(attrValue(findBlock(s, "resource", "aws_cloudwatch_metric_alarm", "events_dead_letters"), "dimensions")).toEqual({
      QueueName: { raw: "aws_sqs_queue.events_dlq.name" },
    });
    expect(findBlocks(stack("prod", "function-recorder"), "resource", "aws_cloudwatch_metric_alarm")).toHaveLength(2);
  });

  it("maps the queue to the alias with partial batch failures, a window and maximum concurrency", () => {
    const esm = findBlock(stack("prod", "function-recorder"), "resource", "aws_lambda_event_source_mapping", "queue");
    expect(attrValue(esm, "event_source_arn")).toEqual({ raw: "var.queue_order_events_arn" });
    expect(attrValue(esm, "function_name")).toEqual({ raw: "aws_lambda_alias.live.arn" });
    expect(attrValue(esm, "function_response_types")).toEqual(["ReportBatchItemFailures"]);
    expect([attrValue(esm, "batch_size"), attrValue(esm, "maximum_batching_window_in_seconds")]).toEqual([20, 5]);
    expect(attrValue(child(esm, "scaling_config"), "maximum_concurrency")).toBe(4);
  });
});

describe("HTTP API stack", () => {
  it("routes each key to the function's alias through a 2.0 proxy integration the function admits", () => {
    const s = stack("prod", "api-public");
    const integration = findBlock(s, "resource", "aws_apigatewayv2_integration", "orders");
    expect(attrValue(integration, "integration_uri")).toEqual({ raw: "var.function_orders_alias_arn" });
    expect(attrValue(integration, "payload_format_version")).toBe("2.0");
    expect(findBlocks(s, "resource", "aws_apigatewayv2_route").map((r) => attrValue(r, "route_key"))).toEqual(["GET /orders", "GET /orders/{id}"]);
    const permission = findBlock(s, "resource", "aws_lambda_permission", "orders");
    expect(attrValue(permission, "qualifier")).toBe("live");
    expect(attrValue(permission, "source_arn")).toBe("${aws_apigatewayv2_api.this.execution_arn}/*/*");
  });

  it("logs access to an encrypted log group, throttles the $default stage, answers CORS, and serves the custom host", () => {
    const s = stack("prod", "api-public");
    const stage = findBlock(s, "resource", "aws_apigatewayv2_stage", "this");
    expect(attrValue(stage, "name")).toBe("$default");
    expect(attrValue(child(stage, "default_route_settings"), "throttling_rate_limit")).toBe(20);
    expect(attrValue(findBlock(s, "resource", "aws_cloudwatch_log_group", "access"), "kms_key_id")).toEqual({ raw: "var.kms_logs_key_arn" });
    expect(attrValue(child(findBlock(s, "resource", "aws_apigatewayv2_api", "this"), "cors_configuration"), "allow_origins")).toEqual([
      "https://shop.example.com",
    ]);
    const domain = findBlock(s, "resource", "aws_apigatewayv2_domain_name", "this");
    expect(attrValue(domain, "domain_name")).toBe("api.shop.example.com");
    expect(attrValue(child(domain, "domain_name_configuration"), "certificate_arn")).toEqual({ raw: "var.certificate_arn" });
    expect(attrValue(findBlock(s, "resource", "aws_route53_record", "this"), "zone_id")).toEqual({ raw: "var.zone_id" });
    expect(findBlocks(stack("dev", "api-public"), "resource", "aws_apigatewayv2_domain_name")).toEqual([]);
  });
});

describe("the package in the output", () => {
  it("is written beside the .tf files as berth's, unchanged on a second write, replaced when the code changes", () => {
    const dir = configDir();
    const out = mkdtempSync(join(tmpdir(), "berth-functions-out-"));
    const fn = [stack("prod", "function-recorder")];
    expect(writeStacks(fn, out, { configDir: dir }).written).toBeGreaterThan(0);
    const zip = readFileSync(join(out, fn[0]!.path, "package.zip"));
    expect(isBerthPackage(zip)).toBe(true);
    expect(writeStacks(fn, out, { configDir: dir })).toMatchObject({ written: 0 });
    writeFileSync(join(dir, "functions", "recorder", "index.mjs"), "export const handler = async () => 2;\n");
    expect(writeStacks(fn, out, { configDir: dir })).toMatchObject({ written: 1 });
    expect(readFileSync(join(out, fn[0]!.path, "package.zip")).equals(zip)).toBe(false);
    expect(stackSources(out, fn[0]!).find(([name]) => name === "package.zip")?.[1]).toBeInstanceOf(Uint8Array);
  });

  it("never replaces a zip berth did not write, and names the missing folder", () => {
    const dir = configDir();
    const out = mkdtempSync(join(tmpdir(), "berth-functions-out-"));
    const fn = [stack("prod", "function-recorder")];
    mkdirSync(join(out, fn[0]!.path), { recursive: true });
    writeFileSync(join(out, fn[0]!.path, "package.zip"), "mine");
    expect(() => writeStacks(fn, out, { configDir: dir })).toThrow(/a zip without berth's comment\); nothing was written:\n.*package\.zip/);
    expect(readFileSync(join(out, fn[0]!.path, "package.zip"), "utf8")).toBe("mine");
    expect(() => writeStacks(fn, mkdtempSync(join(tmpdir(), "berth-functions-out-")), { configDir: tmpdir() })).toThrow(UsageError);
    expect(() => writeStacks(fn, mkdtempSync(join(tmpdir(), "berth-functions-out-")), { configDir: tmpdir() })).toThrow(
      /functions\.recorder\.dir: cannot read/,
    );
  });
});

describe("every stack of the functions config", () => {
  it("is formatted as terraform fmt writes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-functions-fmt-"));
    for (const s of stacks) {
      mkdirSync(join(dir, s.path), { recursive: true });
      for (const f of s.files) writeFileSync(join(dir, s.path, f.name), printFile(f));
    }
    expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });

  it("uses only resources, attributes and blocks the aws provider knows", async () => {
    const schema = await awsProviderSchema();
    expect(stacks.flatMap((s) => checkAgainstSchema(s.files, schema).map((p) => `${s.path}: ${p}`))).toEqual([]);
  }, 600_000);
});

describe("offline plan of the functions config (real terraform)", () => {
  it("plans the functions, alias, version, rules, queue mapping, API, routes, stage and domain", async () => {
    const prod = stacks.filter((s) => s.env === "prod");
    const out = mkdtempSync(join(tmpdir(), "berth-functions-plan-"));
    writeStacks(prod, out, { configDir: configDir() });
    const results = await planOffline(prod, out, { parallelism: 2 });
    expect(results.filter((r) => r.status !== "succeeded").map((r) => `${r.stack}: ${(r.error as Error | undefined)?.message ?? r.status}`)).toEqual([]);
    const orders = readPlan(join(out, "prod/eu-west-1/function-orders/plan.json"));
    const fn = resource(orders, "aws_lambda_function", "this").values;
    expect(fn).toMatchObject({ function_name: "shop-prod-orders", runtime: "nodejs22.x", architectures: ["arm64"], publish: true, timeout: 30 });
    expect(fn.source_code_hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(resource(orders, "aws_lambda_alias", "live").values).toMatchObject({ name: "live" });
    expect(resources(orders, "aws_cloudwatch_event_rule")).toHaveLength(2);
    expect(resource(orders, "aws_cloudwatch_log_group", "this").values).toMatchObject({ name: "/aws/lambda/shop-prod-orders", retention_in_days: 30 });
    const recorder = readPlan(join(out, "prod/eu-west-1/function-recorder/plan.json"));
    expect(resource(recorder, "aws_lambda_event_source_mapping", "queue").values).toMatchObject({
      batch_size: 20,
      function_response_types: ["ReportBatchItemFailures"],
    });
    const thumbs = readPlan(join(out, "prod/eu-west-1/function-thumbs/plan.json"));
    expect(resource(thumbs, "aws_lambda_function", "this").values).toMatchObject({ package_type: "Image", architectures: ["x86_64"] });
    const api = readPlan(join(out, "prod/eu-west-1/api-public/plan.json"));
    expect(resource(api, "aws_apigatewayv2_api", "this").values).toMatchObject({ name: "shop-prod-public", protocol_type: "HTTP" });
    expect(resources(api, "aws_apigatewayv2_route").map((r) => r.values.route_key)).toEqual(["GET /orders", "GET /orders/{id}"]);
    expect(resource(api, "aws_apigatewayv2_integration", "orders").values).toMatchObject({ integration_type: "AWS_PROXY", payload_format_version: "2.0" });
    expect(resource(api, "aws_apigatewayv2_stage", "this").values).toMatchObject({ name: "$default", auto_deploy: true });
    expect(resource(api, "aws_apigatewayv2_domain_name", "this").values).toMatchObject({ domain_name: "api.shop.example.com" });
  }, 600_000);
});
