/**
 * Blue/green service stacks, queried on their HCL: the ECS service under the CODE_DEPLOY controller with what
 * CodeDeploy owns ignored, the green target groups and weighted listener rules, the test listener, CodeDeploy's
 * role, application, configuration and deployment group; every file against `terraform fmt -check`, the provider
 * schema and an offline plan with plan.json facts.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attrValue, child, findBlock, findBlocks, nested } from "../../test/support/hcl-query.js";
import { readPlan, resource } from "../../test/support/plan-json.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { validateConfig } from "../config/validate.js";
import { printFile } from "../hcl/index.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { renderStacks } from "./render.js";
import type { Stack } from "./stack.js";
import { writeStacks } from "./write.js";

const config = validateConfig({
  project: "shop",
  network: { azs: 2, nat: "single" },
  loadBalancers: { public: { defaultAction: { forward: "api" } } },
  networkLoadBalancers: { tcp: {} },
  services: {
    api: {
      port: 8080,
      routes: [{ loadBalancer: "public" }],
      alarms: { cpu: 80, http5xx: 5 },
      autoscaling: { min: 2, max: 4, cpu: 60 },
      deployment: { strategy: "blue-green", traffic: { canary: { percent: 20, minutes: 10 } }, testListener: 8443, terminateBlueAfter: "30 minutes" },
    },
    mqtt: { port: 1883, nlb: { loadBalancer: "tcp", port: "8883/tls", targetPort: 1883 }, deployment: { strategy: "blue-green" } },
  },
  functions: {
    thumbs: { image: true, deployment: { strategy: "blue-green", traffic: { linear: { percent: 10, everyMinutes: 1 } } } },
    resize: { image: true, deployment: { strategy: "blue-green", traffic: { canary: { percent: 5, minutes: 20 } }, rollbackOnAlarms: false } },
  },
  environments: { prod: { tier: "prod", region: "eu-west-1", account: { id: "123456789012" }, domain: { name: "shop.example.com" } } },
});
const stacks = renderStacks(resolveModel(config));
const stack = (id: string): Stack => stacks.find((s) => s.id === id)!;

describe("a blue/green service stack", () => {
  it("runs the ECS service under CodeDeploy, which owns its task definition and target group after the first deployment", () => {
    const svc = findBlock(stack("service-api"), "resource", "aws_ecs_service", "this");
    expect(attrValue(child(svc, "deployment_controller"), "type")).toBe("CODE_DEPLOY");
    expect(nested(svc, "deployment_circuit_breaker")).toEqual([]);
    expect(attrValue(child(svc, "lifecycle"), "ignore_changes")).toEqual([{ raw: "task_definition" }, { raw: "load_balancer" }, { raw: "desired_count" }]);
  });

  it("adds the green target group, forwards the listener rule to both (green at weight 0), and leaves the action to CodeDeploy", () => {
    const s = stack("service-api");
    expect(attrValue(findBlock(s, "resource", "aws_lb_target_group", "public_green"), "name")).toBe("shop-prod-api-green");
    const rule = findBlock(s, "resource", "aws_lb_listener_rule", "public");
    const groups = nested(child(child(rule, "action"), "forward"), "target_group");
    expect(groups.map((g) => [attrValue(g, "arn"), attrValue(g, "weight")])).toEqual([
      [{ raw: "aws_lb_target_group.public.arn" }, 100],
      [{ raw: "aws_lb_target_group.public_green.arn" }, 0],
    ]);
    expect(attrValue(child(rule, "lifecycle"), "ignore_changes")).toEqual([{ raw: "action" }]);
  });

  it("opens a test listener (HTTPS with the environment's certificate) to the VPC only", () => {
    const s = stack("service-api");
    const test = findBlock(s, "resource", "aws_lb_listener", "test");
    expect([attrValue(test, "port"), attrValue(test, "protocol"), attrValue(test, "certificate_arn")]).toEqual([8443, "HTTPS", { raw: "var.certificate_arn" }]);
    expect(attrValue(child(test, "default_action"), "target_group_arn")).toEqual({ raw: "aws_lb_target_group.public_green.arn" });
    const rule = findBlock(s, "resource", "aws_vpc_security_group_ingress_rule", "test_listener");
    expect([attrValue(rule, "security_group_id"), attrValue(rule, "cidr_ipv4"), attrValue(rule, "from_port")]).toEqual([
      { raw: "var.alb_public_security_group_id" },
      { raw: "var.vpc_cidr_block" },
      8443,
    ]);
  });

  it("gives CodeDeploy a role of this account only, an application, a custom canary and a deployment group that rolls back on alarms", () => {
    const s = stack("service-api");
    expect(attrValue(findBlock(s, "resource", "aws_iam_role_policy_attachment", "codedeploy"), "policy_arn")).toBe(
      "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS",
    );
    expect(attrValue(findBlock(s, "resource", "aws_codedeploy_app", "this"), "compute_platform")).toBe("ECS");
    const canary = child(child(findBlock(s, "resource", "aws_codedeploy_deployment_config", "this"), "traffic_routing_config"), "time_based_canary");
    expect([attrValue(canary, "interval"), attrValue(canary, "percentage")]).toEqual([10, 20]);
    const group = findBlock(s, "resource", "aws_codedeploy_deployment_group", "this");
    expect(attrValue(group, "deployment_config_name")).toEqual({ raw: "aws_codedeploy_deployment_config.this.id" });
    expect(attrValue(child(group, "auto_rollback_configuration"), "events")).toEqual(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]);
    expect(attrValue(child(group, "alarm_configuration"), "alarms")).toEqual([
      { raw: "aws_cloudwatch_metric_alarm.cpu.alarm_name" },
      { raw: "aws_cloudwatch_metric_alarm.http5xx.alarm_name" },
    ]);
    const wait = child(child(group, "blue_green_deployment_config"), "terminate_blue_instances_on_deployment_success");
    expect(attrValue(wait, "termination_wait_time_in_minutes")).toBe(30);
    const pair = child(child(group, "load_balancer_info"), "target_group_pair_info");
    expect(attrValue(child(pair, "prod_traffic_route"), "listener_arns")).toEqual([{ raw: "var.alb_public_listener_arn" }]);
    expect(attrValue(child(pair, "test_traffic_route"), "listener_arns")).toEqual([{ raw: "aws_lb_listener.test.arn" }]);
    expect(nested(pair, "target_group").map((g) => attrValue(g, "name"))).toEqual([
      { raw: "aws_lb_target_group.public.name" },
      { raw: "aws_lb_target_group.public_green.name" },
    ]);
  });

  it("behind an NLB: swaps the listener's default action, with AWS's all-at-once configuration and rollback on failure only", () => {
    const s = stack("service-mqtt");
    expect(attrValue(child(findBlock(s, "resource", "aws_lb_listener", "nlb_tcp_8883"), "lifecycle"), "ignore_changes")).toEqual([{ raw: "default_action" }]);
    const group = findBlock(s, "resource", "aws_codedeploy_deployment_group", "this");
    expect(attrValue(group, "deployment_config_name")).toBe("CodeDeployDefault.ECSAllAtOnce");
    expect(attrValue(child(group, "auto_rollback_configuration"), "events")).toEqual(["DEPLOYMENT_FAILURE"]);
    expect(findBlocks(s, "resource", "aws_codedeploy_deployment_config")).toEqual([]);
    expect(stack("service-mqtt").deploy?.blueGreen).toEqual({
      application: "shop-prod-mqtt",
      deploymentGroup: "shop-prod-mqtt",
      container: "mqtt",
      port: 1883,
    });
  });
});

describe("a blue/green function stack", () => {
  it("leaves the alias's version and weights to CodeDeploy for Lambda, which rolls back on the alias's alarms", () => {
    const s = stack("function-thumbs");
    expect(attrValue(child(findBlock(s, "resource", "aws_lambda_alias", "live"), "lifecycle"), "ignore_changes")).toEqual([
      { raw: "function_version" },
      { raw: "routing_config" },
    ]);
    expect(attrValue(findBlock(s, "resource", "aws_codedeploy_app", "this"), "compute_platform")).toBe("Lambda");
    expect(attrValue(findBlock(s, "resource", "aws_iam_role_policy_attachment", "codedeploy"), "policy_arn")).toBe(
      "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited",
    );
    const group = findBlock(s, "resource", "aws_codedeploy_deployment_group", "this");
    expect(attrValue(group, "deployment_config_name")).toBe("CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
    expect(attrValue(child(group, "alarm_configuration"), "alarms")).toEqual([
      { raw: "aws_cloudwatch_metric_alarm.errors.alarm_name" },
      { raw: "aws_cloudwatch_metric_alarm.throttles.alarm_name" },
    ]);
    expect(stack("function-thumbs").functionDeploy).toEqual({
      application: "shop-prod-thumbs",
      deploymentGroup: "shop-prod-thumbs",
      functionName: "shop-prod-thumbs",
      alias: "live",
    });
  });

  it("creates a custom canary when AWS has none, and rolls back on failure only without alarms", () => {
    const s = stack("function-resize");
    const canary = child(child(findBlock(s, "resource", "aws_codedeploy_deployment_config", "this"), "traffic_routing_config"), "time_based_canary");
    expect([attrValue(canary, "interval"), attrValue(canary, "percentage")]).toEqual([20, 5]);
    expect(attrValue(child(findBlock(s, "resource", "aws_codedeploy_deployment_group", "this"), "auto_rollback_configuration"), "events")).toEqual([
      "DEPLOYMENT_FAILURE",
    ]);
  });
});

describe("every stack of the blue/green config", () => {
  it("is formatted as terraform fmt writes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-bg-fmt-"));
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

  it("plans offline: the deployment group, its configuration, the green target groups and the test listener", async () => {
    const out = mkdtempSync(join(tmpdir(), "berth-bg-plan-"));
    writeStacks(stacks, out);
    const results = await planOffline(stacks, out, { parallelism: 2 });
    expect(results.filter((r) => r.status !== "succeeded").map((r) => `${r.stack}: ${(r.error as Error | undefined)?.message ?? r.status}`)).toEqual([]);
    const api = readPlan(join(out, "prod/eu-west-1/service-api/plan.json"));
    expect(resource(api, "aws_codedeploy_deployment_group", "this").values).toMatchObject({
      app_name: "shop-prod-api",
      deployment_group_name: "shop-prod-api",
      deployment_style: [{ deployment_option: "WITH_TRAFFIC_CONTROL", deployment_type: "BLUE_GREEN" }],
    });
    expect(resource(api, "aws_codedeploy_deployment_config", "this").values).toMatchObject({
      deployment_config_name: "shop-prod-api-canary-20pct-10min",
      compute_platform: "ECS",
    });
    expect(resource(api, "aws_lb_target_group", "public_green").values).toMatchObject({ name: "shop-prod-api-green", target_type: "ip" });
    expect(resource(api, "aws_ecs_service", "this").values).toMatchObject({ deployment_controller: [{ type: "CODE_DEPLOY" }] });
    expect(resource(api, "aws_lb_listener", "test").values).toMatchObject({ port: 8443, protocol: "HTTPS" });
    const thumbs = readPlan(join(out, "prod/eu-west-1/function-thumbs/plan.json"));
    expect(resource(thumbs, "aws_codedeploy_deployment_group", "this").values).toMatchObject({
      deployment_config_name: "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
      deployment_style: [{ deployment_option: "WITH_TRAFFIC_CONTROL", deployment_type: "BLUE_GREEN" }],
    });
  }, 600_000);
});
