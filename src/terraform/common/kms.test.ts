/**
 * The logs KMS key: rendered in the network stack only when the environment has one (`kms.logs`, on in
 * prod), with a key policy that admits this region's CloudWatch Logs for this account's log groups, and
 * used by the flow logs and every service log group that names no key of its own.
 */
import { describe, expect, it } from "vitest";
import { attrExpr, attrValue, findBlock, findBlocks, jsonAttr } from "../../../test/support/hcl-query.js";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../render.js";

const render = (prod: Record<string, unknown> = {}, api: Record<string, unknown> = {}) =>
  renderStacks(
    resolveModel(
      validateConfig({
        project: "shop",
        network: { flowLogs: true },
        services: { api: { port: 8080, ...api }, worker: { port: 9000 } },
        environments: { prod: { tier: "prod", region: "eu-west-1", ...prod }, dev: { tier: "dev", region: "eu-west-1" } },
      }),
    ),
  );
const stack = (stacks: ReturnType<typeof render>, env: string, id: string) => stacks.find((s) => s.env === env && s.id === id)!;

describe("logs KMS key", () => {
  it("admits the account and this region's CloudWatch Logs, only for log groups of the account and region", () => {
    const key = findBlock(stack(render({ account: "210987654321" }), "prod", "network"), "resource", "aws_kms_key", "logs");
    expect(attrValue(key, "enable_key_rotation")).toBe(true);
    expect(jsonAttr(key, "policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "kms:*", Resource: "*" },
        {
          Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
          Effect: "Allow",
          Principal: { Service: "logs.eu-west-1.amazonaws.com" },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-west-1:210987654321:log-group:*" } },
        },
      ],
    });
  });

  it("reads the account from the VPC's owner when the config names none, so offline plans need no API call", () => {
    const key = findBlock(stack(render(), "prod", "network"), "resource", "aws_kms_key", "logs");
    expect(JSON.stringify(jsonAttr(key, "policy"))).toContain("arn:aws:logs:eu-west-1:${aws_vpc.this.owner_id}:log-group:*");
  });

  it("encrypts the flow logs and the service log groups in prod, and nothing in dev", () => {
    const stacks = render();
    const net = stack(stacks, "prod", "network");
    expect(attrExpr(findBlock(net, "resource", "aws_cloudwatch_log_group", "flow_logs"), "kms_key_id")).toEqual(
      expect.objectContaining({ code: "aws_kms_key.logs.arn" }),
    );
    expect(net.outputs.map((o) => o.name)).toContain("kms_logs_key_arn");
    const api = stack(stacks, "prod", "service-api");
    expect(attrExpr(findBlock(api, "resource", "aws_cloudwatch_log_group", "this"), "kms_key_id")).toEqual(
      expect.objectContaining({ code: "var.kms_logs_key_arn" }),
    );
    expect(api.inputs).toContainEqual({ variable: "kms_logs_key_arn", stack: "network", output: "kms_logs_key_arn" });
    expect(findBlocks(stack(stacks, "dev", "network"), "resource", "aws_kms_key")).toEqual([]);
    expect(attrExpr(findBlock(stack(stacks, "dev", "service-api"), "resource", "aws_cloudwatch_log_group", "this"), "kms_key_id")).toBeUndefined();
  });

  it("keeps a key the service names itself", () => {
    const arn = "arn:aws:kms:eu-west-1:210987654321:key/11111111-2222-3333-4444-555555555555";
    const api = stack(render({}, { logKmsKey: arn }), "prod", "service-api");
    expect(attrValue(findBlock(api, "resource", "aws_cloudwatch_log_group", "this"), "kms_key_id")).toBe(arn);
    expect(api.inputs.map((i) => i.variable)).not.toContain("kms_logs_key_arn");
  });
});

describe("alarm topic KMS key", () => {
  const withAlarms = (prod: Record<string, unknown> = {}) =>
    renderStacks(
      resolveModel(
        validateConfig({
          project: "shop",
          loadBalancers: { public: { defaultAction: { forward: "api" } } },
          databases: { main: { engine: "postgres", version: "16", alarms: { cpu: true } } },
          services: {
            api: {
              port: 8080,
              routes: [{ loadBalancer: "public" }],
              databases: { main: true },
              alarms: { cpu: 80, http5xx: true, custom: { queue: { namespace: "Shop/Orders", metric: "QueueDepth", threshold: 100 } } },
            },
          },
          environments: { prod: { tier: "prod", region: "eu-west-1", ...prod }, dev: { tier: "dev", region: "eu-west-1" } },
        }),
      ),
    );

  it("encrypts the prod topic with its own key, which CloudWatch may use only for this environment's alarms in this account", () => {
    const plat = stack(withAlarms({ account: "210987654321" }), "prod", "platform");
    expect(attrExpr(findBlock(plat, "resource", "aws_sns_topic", "alarms"), "kms_master_key_id")).toEqual(
      expect.objectContaining({ code: "aws_kms_key.alarms.arn" }),
    );
    const key = findBlock(plat, "resource", "aws_kms_key", "alarms");
    expect(attrValue(key, "enable_key_rotation")).toBe(true);
    expect(jsonAttr(key, "policy")).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "kms:*", Resource: "*" },
        {
          Sid: "CloudWatchAlarmsOfThisEnvironmentPublish",
          Effect: "Allow",
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
          Resource: "*",
          Condition: {
            StringEquals: { "aws:SourceAccount": "210987654321" },
            ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:210987654321:alarm:shop-prod-*" },
          },
        },
      ],
    });
  });

  it("covers every alarm of the environment: each alarm name starts with the prefix the key policy admits", () => {
    const names = withAlarms()
      .filter((s) => s.env === "prod")
      .flatMap((s) => findBlocks(s, "resource", "aws_cloudwatch_metric_alarm").map((b) => attrValue(b, "alarm_name") as string));
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) expect(name).toMatch(/^shop-prod-/);
  });

  it("reads the account from the cluster's ARN when the config names none; dev keeps an unencrypted topic and no key", () => {
    const stacks = withAlarms();
    const plat = stack(stacks, "prod", "platform");
    expect(JSON.stringify(jsonAttr(findBlock(plat, "resource", "aws_kms_key", "alarms"), "policy"))).toContain(
      "arn:aws:cloudwatch:eu-west-1:${local.account_id}:alarm:shop-prod-*",
    );
    const dev = stack(stacks, "dev", "platform");
    expect(findBlocks(dev, "resource", "aws_kms_key")).toEqual([]);
    expect(attrExpr(findBlock(dev, "resource", "aws_sns_topic", "alarms"), "kms_master_key_id")).toBeUndefined();
  });
});
