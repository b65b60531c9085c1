/**
 * The service stack renderer, queried on its HCL syntax tree for the real examples (skyfox,
 * sky-high-booker) and for variants that exercise secrets, catch-all rules and request scaling.
 * Every file is also held against `terraform fmt -check` and the real aws provider schema.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { findBlock, findBlocks as blocks, nested } from "../../test/support/hcl-query.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { type Block, type Expr, type HclFile, printExpr, printFile } from "../hcl/index.js";
import { loadConfig, resolveModel } from "../index.js";
import type { Environment, Model, Service } from "../model/types.js";
import { renderServiceStack } from "./service.js";
import type { Stack } from "./stack.js";

// ---- queries over the syntax tree (blocks via test/support/hcl-query) ---------------------------

/**
 * An expression as a plain value: literals as JS values, references and templates as their source
 * text, `jsonencode(x)` as x — flatter than `toJs`, so whole blocks compare with one `toEqual`.
 */
function plain(e: Expr): unknown {
  switch (e.kind) {
    case "string":
    case "number":
    case "bool":
      return e.value;
    case "null":
      return null;
    case "template":
      return e.value;
    case "raw":
      return e.code;
    case "list":
      return e.items.map(plain);
    case "object":
      return Object.fromEntries(e.entries.map(([k, v]) => [k, plain(v)]));
    case "call":
      return e.fn === "jsonencode" && e.args[0] ? plain(e.args[0]) : printExpr(e, 0);
  }
}

/** The attributes of a block (not nested blocks) as plain values. */
function attrsOf(b: Block): Record<string, unknown> {
  return Object.fromEntries(b.body.flatMap((x) => (x.kind === "attribute" ? [[x.name, plain(x.value)]] : [])));
}

const resourceAttrs = (s: Stack, type: string, name: string) => attrsOf(findBlock(s.files, "resource", type, name));
const fileNames = (s: Stack) => s.files.map((f) => f.name);
const variableNames = (s: Stack) => blocks(s.files, "variable").map((b) => b.labels[0]);

interface Container {
  name: string;
  image: string;
  portMappings: { containerPort: number; hostPort: number }[];
  environment: { name: string; value: string }[];
  secrets?: { name: string; valueFrom: string }[];
  healthCheck?: Record<string, unknown>;
  readonlyRootFilesystem: boolean;
}
const containerOf = (s: Stack): Container => (resourceAttrs(s, "aws_ecs_task_definition", "this").container_definitions as Container[])[0] as Container;

interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: unknown;
}
const statementsOf = (s: Stack, type: string, name: string, attribute = "policy"): PolicyStatement[] =>
  (resourceAttrs(s, type, name)[attribute] as { Statement: PolicyStatement[] }).Statement;

// ---- the examples ----------------------------------------------------------------------------------

async function example(name: string): Promise<Model> {
  const { config } = await loadConfig({ config: join(import.meta.dirname, "..", "..", "examples", name, "berth.config.ts") });
  return resolveModel(config);
}

const onlyEnv = (m: Model): Environment => m.environments[0] as Environment;
const serviceOf = (env: Environment, name: string): Service => env.services.find((s) => s.name === name) as Service;
const render = (env: Environment, name: string): Stack => renderServiceStack(env, serviceOf(env, name));

let skyfox: Environment;
let booker: Environment;
beforeAll(async () => {
  skyfox = onlyEnv(await example("skyfox"));
  booker = onlyEnv(await example("sky-high-booker"));
});

describe("skyfox payment-service (awsvpc on EC2, private, VPC-only egress)", () => {
  let s: Stack;
  beforeAll(() => {
    s = render(skyfox, "payment-service");
  });

  it("is the service-payment-service stack on network and platform", () => {
    expect(s).toMatchObject({
      id: "service-payment-service",
      env: "devprod",
      region: "ap-south-1",
      path: "devprod/ap-south-1/service-payment-service",
      dependsOn: ["network", "platform"],
    });
    expect(fileNames(s)).toEqual([
      "versions.tf",
      "backend.tf",
      "providers.tf",
      "variables.tf",
      "security.tf",
      "iam.tf",
      "logs.tf",
      "routing.tf",
      "task.tf",
      "service.tf",
      "outputs.tf",
    ]);
    const backend = s.files.find((f) => f.name === "backend.tf") as HclFile;
    expect(attrsOf(nested(findBlock([backend], "terraform"), "backend")[0] as Block).key).toBe("skyfox/devprod/ap-south-1/service-payment-service.tfstate");
  });

  it("routes /payment-service/* on the internal load balancer's listener to its target group", () => {
    const rule = findBlock(s.files, "resource", "aws_lb_listener_rule", "internal");
    expect(attrsOf(rule)).toEqual({ listener_arn: "var.alb_internal_listener_arn", priority: 100 });
    expect(nested(rule, "action").map(attrsOf)).toEqual([{ type: "forward", target_group_arn: "aws_lb_target_group.internal.arn" }]);
    const conditions = nested(rule, "condition");
    expect(conditions.map((c) => nested(c, "path_pattern").map(attrsOf))).toEqual([[{ values: ["/payment-service/*"] }]]);
    expect(blocks(s.files, "resource", "aws_lb_listener_rule")).toHaveLength(1);
  });

  it("has an ip target group with /pshealth checked every 30 s and a 30 s deregistration delay", () => {
    const tg = findBlock(s.files, "resource", "aws_lb_target_group", "internal");
    expect(attrsOf(tg)).toMatchObject({
      name: "skyfox-devprod-payment-service",
      port: 8082,
      protocol: "HTTP",
      vpc_id: "var.vpc_id",
      target_type: "ip",
      deregistration_delay: 30,
    });
    expect(attrsOf(nested(tg, "health_check")[0] as Block)).toMatchObject({
      enabled: true,
      path: "/pshealth",
      interval: 30,
      matcher: "200",
      protocol: "HTTP",
      port: "traffic-port",
    });
  });

  it("accepts only the internal load balancer, which may send to it on the service port", () => {
    expect(resourceAttrs(s, "aws_vpc_security_group_ingress_rule", "from_alb_internal")).toMatchObject({
      security_group_id: "aws_security_group.this.id",
      referenced_security_group_id: "var.alb_internal_security_group_id",
      ip_protocol: "tcp",
      from_port: 8082,
      to_port: 8082,
    });
    expect(resourceAttrs(s, "aws_vpc_security_group_egress_rule", "alb_internal_to_tasks")).toMatchObject({
      security_group_id: "var.alb_internal_security_group_id",
      referenced_security_group_id: "aws_security_group.this.id",
      from_port: 8082,
    });
    expect(blocks(s.files, "resource", "aws_vpc_security_group_ingress_rule")).toHaveLength(1);
    expect(blocks(s.files, "resource", "aws_security_group", "this").flatMap((b) => nested(b, "ingress").concat(nested(b, "egress")))).toEqual([]);
  });

  it("sends only inside the VPC, plus HTTPS to the S3 prefix list for image layers", () => {
    const egress = blocks(s.files, "resource", "aws_vpc_security_group_egress_rule")
      .map(attrsOf)
      .filter((r) => r.security_group_id === "aws_security_group.this.id");
    expect(egress).toEqual([
      expect.objectContaining({ cidr_ipv4: "var.vpc_cidr_block", ip_protocol: "tcp", from_port: 0, to_port: 65535 }),
      expect.objectContaining({ prefix_list_id: "var.s3_prefix_list_id", ip_protocol: "tcp", from_port: 443, to_port: 443 }),
    ]);
    expect(printFile(s.files.find((f) => f.name === "security.tf") as HclFile)).not.toContain("0.0.0.0/0");
  });

  it("runs awsvpc in the private subnets, placed on private-subnet instances", () => {
    const svc = findBlock(s.files, "resource", "aws_ecs_service", "this");
    expect(attrsOf(nested(svc, "network_configuration")[0] as Block)).toEqual({
      subnets: "var.private_subnet_ids",
      security_groups: ["aws_security_group.this.id"],
      assign_public_ip: false,
    });
    const task = findBlock(s.files, "resource", "aws_ecs_task_definition", "this");
    expect(attrsOf(task)).toMatchObject({ requires_compatibilities: ["EC2"], network_mode: "awsvpc", cpu: "230", memory: "410" });
    expect(attrsOf(nested(task, "placement_constraints")[0] as Block)).toEqual({
      type: "memberOf",
      expression: 'attribute:ecs.subnet-id in [${join(", ", var.private_subnet_ids)}]',
    });
    expect(attrsOf(nested(task, "runtime_platform")[0] as Block)).toEqual({ operating_system_family: "LINUX", cpu_architecture: "ARM64" });
    expect(containerOf(s).portMappings).toEqual([{ containerPort: 8082, hostPort: 8082, protocol: "tcp" }]);
  });

  it("reads only the upstream outputs it uses, wired from the right stacks", () => {
    // Wired variables by name, then the stack's own (image_tag).
    expect(variableNames(s)).toEqual([
      "alb_internal_listener_arn",
      "alb_internal_security_group_id",
      "cluster_arn",
      // The prod tier encrypts log groups with the environment's logs key, from the network stack.
      "kms_logs_key_arn",
      "private_subnet_ids",
      "repository_url_payment_service",
      "s3_prefix_list_id",
      "vpc_cidr_block",
      "vpc_id",
      "image_tag",
    ]);
    expect(s.inputs).toContainEqual({ variable: "s3_prefix_list_id", stack: "network", output: "s3_prefix_list_id" });
    expect(s.inputs).toContainEqual({ variable: "repository_url_payment_service", stack: "platform", output: "repository_url_payment_service" });
    expect(s.inputs.map((i) => i.variable)).not.toContain("image_tag");
    expect(attrsOf(findBlock(s.files, "variable", "image_tag"))).toMatchObject({ type: "string", default: "latest" });
    expect(containerOf(s).image).toBe('${var.repository_url_payment_service}${startswith(var.image_tag, "sha256:") ? "@" : ":"}${var.image_tag}');
  });

  it("has no url output: it is only behind the internal load balancer", () => {
    expect(s.outputs.map((o) => o.name)).toEqual(["service_name", "task_definition_arn", "log_group_name", "target_group_arns", "security_group_id"]);
  });
});

describe("skyfox backend (bridge on public EC2 instances, internet egress)", () => {
  let s: Stack;
  beforeAll(() => {
    s = render(skyfox, "backend");
  });

  it("runs in bridge mode on instance targets with dynamic host ports and no security group of its own", () => {
    expect(resourceAttrs(s, "aws_ecs_task_definition", "this")).toMatchObject({ network_mode: "bridge", cpu: "475", memory: "819" });
    expect(resourceAttrs(s, "aws_lb_target_group", "external")).toMatchObject({ target_type: "instance", port: 8080 });
    expect(containerOf(s).portMappings).toEqual([{ containerPort: 8080, hostPort: 0, protocol: "tcp" }]);
    expect(blocks(s.files, "resource", "aws_security_group")).toEqual([]);
    expect(nested(findBlock(s.files, "resource", "aws_ecs_service", "this"), "network_configuration")).toEqual([]);
    expect(s.outputs.map((o) => o.name)).not.toContain("security_group_id");
  });

  it("calls payment-service through the internal load balancer's DNS name and path prefix", () => {
    const env = Object.fromEntries(containerOf(s).environment.map((e) => [e.name, e.value]));
    expect(env).toEqual({
      MOVIE_SERVICE_URL: "http://${var.alb_internal_dns_name}/movie-service",
      PAYMENT_SERVICE_URL: "http://${var.alb_internal_dns_name}/payment-service",
      PORT: "8080",
    });
    expect(containerOf(s).environment.map((e) => e.name)).toEqual(["MOVIE_SERVICE_URL", "PAYMENT_SERVICE_URL", "PORT"]);
  });

  it("adds no security group rule: the platform stack admits bridge-mode tasks through the instances' group", () => {
    expect(blocks(s.files, "resource", "aws_vpc_security_group_ingress_rule")).toEqual([]);
    expect(blocks(s.files, "resource", "aws_vpc_security_group_egress_rule")).toEqual([]);
    expect(s.inputs.map((i) => i.variable)).not.toContain("instance_security_group_id");
  });

  it("gives the task role exactly the configured S3 actions, and the execution role no secrets policy", () => {
    expect(statementsOf(s, "aws_iam_role_policy", "task")).toEqual([
      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::skyfox-devprod-files"] },
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: ["arn:aws:s3:::skyfox-devprod-files/*"] },
    ]);
    expect(resourceAttrs(s, "aws_iam_role", "task").name).toBe("skyfox-devprod-backend-task");
    expect(resourceAttrs(s, "aws_iam_role", "task_exec").name).toBe("skyfox-devprod-backend-exec");
    expect(resourceAttrs(s, "aws_iam_role_policy_attachment", "task_exec").policy_arn).toBe(
      "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy",
    );
    expect(blocks(s.files, "resource", "aws_iam_role_policy", "task_exec_secrets")).toEqual([]);
    expect(statementsOf(s, "aws_iam_role", "task", "assume_role_policy")).toEqual([
      { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" } },
    ]);
  });

  it("keeps its own /* rule (no catch-all) and publishes its URL on the external load balancer", () => {
    expect(blocks(s.files, "resource", "aws_lb_listener_rule").map((b) => b.labels[1])).toEqual(["external"]);
    const url = findBlock(s.files, "output", "url");
    expect(attrsOf(url).value).toBe("http://${var.alb_external_dns_name}");
    expect(variableNames(s)).toContain("alb_external_dns_name");
    expect(variableNames(s)).not.toContain("instance_security_group_id");
    expect(variableNames(s)).not.toContain("alb_external_security_group_id");
    expect(variableNames(s)).not.toContain("s3_prefix_list_id");
  });
});

describe("sky-high-booker web (Fargate and Fargate Spot, autoscaling)", () => {
  let s: Stack;
  beforeAll(() => {
    s = render(booker, "web");
  });

  it("scales 1–5 on CPU 70 % and memory 80 %", () => {
    expect(resourceAttrs(s, "aws_appautoscaling_target", "this")).toEqual({
      service_namespace: "ecs",
      resource_id: "service/${var.cluster_name}/${aws_ecs_service.this.name}",
      scalable_dimension: "ecs:service:DesiredCount",
      min_capacity: 1,
      max_capacity: 5,
    });
    const policies = blocks(s.files, "resource", "aws_appautoscaling_policy").map((p) => {
      const config = nested(p, "target_tracking_scaling_policy_configuration")[0] as Block;
      const metric = attrsOf(nested(config, "predefined_metric_specification")[0] as Block);
      return { policy_type: attrsOf(p).policy_type, ...attrsOf(config), ...metric };
    });
    expect(policies).toEqual([
      {
        policy_type: "TargetTrackingScaling",
        target_value: 70,
        scale_in_cooldown: 300,
        scale_out_cooldown: 60,
        predefined_metric_type: "ECSServiceAverageCPUUtilization",
      },
      {
        policy_type: "TargetTrackingScaling",
        target_value: 80,
        scale_in_cooldown: 300,
        scale_out_cooldown: 60,
        predefined_metric_type: "ECSServiceAverageMemoryUtilization",
      },
    ]);
  });

  it("uses the cluster's strategy (FARGATE base 20 weight 50, FARGATE_SPOT weight 50), never a launch type", () => {
    const svc = findBlock(s.files, "resource", "aws_ecs_service", "this");
    expect(nested(svc, "capacity_provider_strategy").map(attrsOf)).toEqual([
      { capacity_provider: "FARGATE", base: 20, weight: 50 },
      { capacity_provider: "FARGATE_SPOT", base: 0, weight: 50 },
    ]);
    expect(attrsOf(svc)).not.toHaveProperty("launch_type");
  });

  it("keeps 50 % healthy during deployments, with circuit breaker, and leaves the count to autoscaling", () => {
    const svc = findBlock(s.files, "resource", "aws_ecs_service", "this");
    expect(attrsOf(svc)).toMatchObject({
      name: "sky-high-booker-prod-web",
      cluster: "var.cluster_arn",
      desired_count: 2,
      deployment_minimum_healthy_percent: 50,
      deployment_maximum_percent: 200,
      health_check_grace_period_seconds: 60,
      propagate_tags: "SERVICE",
      enable_ecs_managed_tags: true,
      depends_on: ["aws_lb_listener_rule.public"],
    });
    expect(nested(svc, "deployment_circuit_breaker").map(attrsOf)).toEqual([{ enable: true, rollback: true }]);
    const lifecycle = nested(svc, "lifecycle")[0] as Block;
    expect(attrsOf(lifecycle)).toEqual({ ignore_changes: ["desired_count"] });
    expect(lifecycle.body[0]).toEqual({ kind: "comment", text: "Autoscaling owns the task count." });
    expect(nested(svc, "load_balancer").map(attrsOf)).toEqual([
      { target_group_arn: "aws_lb_target_group.public.arn", container_name: "web", container_port: 80 },
    ]);
  });

  it("keeps logs 14 days and runs x86_64 Fargate tasks with internet egress", () => {
    expect(resourceAttrs(s, "aws_cloudwatch_log_group", "this")).toEqual({
      name: "/ecs/sky-high-booker-prod/web",
      retention_in_days: 14,
      kms_key_id: "var.kms_logs_key_arn",
    });
    expect(resourceAttrs(s, "aws_ecs_task_definition", "this")).toMatchObject({
      requires_compatibilities: ["FARGATE"],
      network_mode: "awsvpc",
      cpu: "512",
      memory: "1024",
    });
    expect(resourceAttrs(s, "aws_vpc_security_group_egress_rule", "internet")).toEqual({
      security_group_id: "aws_security_group.this.id",
      description: "Anywhere",
      cidr_ipv4: "0.0.0.0/0",
      ip_protocol: "-1",
    });
    expect(nested(findBlock(s.files, "resource", "aws_ecs_task_definition", "this"), "placement_constraints")).toEqual([]);
    expect(fileNames(s)).toContain("autoscaling.tf");
    expect(variableNames(s)).toContain("cluster_name");
  });
});

// ---- variants of the examples ------------------------------------------------------------------------

/** web behind `/app/*` on example.com only, while still the default service of its load balancer. */
function variantEnv(account?: string): Environment {
  const lb = booker.loadBalancers[0] as Environment["loadBalancers"][number];
  const rules = [
    { priority: 100, service: "web", paths: ["/app/*"], hosts: ["example.com"] },
    { priority: 50000, service: "web", paths: ["/*"], hosts: [], catchAll: true as const },
  ];
  return { ...booker, account, loadBalancers: [{ ...lb, rules }], repositories: [] };
}

function variantService(): Service {
  const web = serviceOf(booker, "web");
  return {
    ...web,
    image: "public.ecr.aws/nginx/nginx:1.27",
    egress: "vpc",
    secrets: [
      { name: "API_KEY", source: "secretsmanager", ref: "prod/api-key", key: undefined },
      { name: "DB_PASSWORD", source: "secretsmanager", ref: "prod/db", key: "password" },
      { name: "FLAG", source: "ssm", ref: "/prod/flag", key: undefined },
    ],
    enableExecuteCommand: true,
    readonlyRootFilesystem: true,
    containerHealthCheck: {
      command: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"],
      intervalSeconds: 30,
      timeoutSeconds: 5,
      retries: 3,
      startPeriodSeconds: 10,
    },
    autoscaling: {
      ...(web.autoscaling as NonNullable<Service["autoscaling"]>),
      requestsPerTarget: 1000,
      schedules: [
        { key: "off-hours", name: "booker-web-off-hours", expression: "cron(0 20 ? * MON-FRI *)", timezone: "Europe/Berlin", min: 0, max: 0 },
        { key: "office-hours", name: "booker-web-office-hours", expression: "cron(0 8 ? * MON-FRI *)", timezone: "Europe/Berlin", min: 1, max: 5 },
      ],
    },
    environment: [...web.environment, { name: "TEMPLATE", value: { kind: "literal", value: "a ${b} %{c}" } }],
  };
}

describe("variants: default service without a catch-all rule, secrets, exec, fixed image, request scaling", () => {
  let s: Stack;
  let withAccount: Stack;
  beforeAll(() => {
    s = renderServiceStack(variantEnv(), variantService());
    withAccount = renderServiceStack(variantEnv("111122223333"), variantService());
  });

  it("adds a catch-all rule at priority 50000 for the load balancer's default service", () => {
    const rules = blocks(s.files, "resource", "aws_lb_listener_rule");
    expect(rules.map((r) => [r.labels[1], attrsOf(r).priority])).toEqual([
      ["public", 100],
      ["public_default", 50000],
    ]);
    const [routed, catchAll] = rules as [Block, Block];
    expect(nested(routed, "condition").map((c) => [...nested(c, "path_pattern"), ...nested(c, "host_header")].map(attrsOf))).toEqual([
      [{ values: ["/app/*"] }],
      [{ values: ["example.com"] }],
    ]);
    expect(nested(catchAll, "condition").map((c) => nested(c, "path_pattern").map(attrsOf))).toEqual([[{ values: ["/*"] }]]);
    expect(attrsOf(findBlock(s.files, "resource", "aws_ecs_service", "this")).depends_on).toEqual([
      "aws_lb_listener_rule.public",
      "aws_lb_listener_rule.public_default",
    ]);
    // sky-high-booker's public load balancer sits behind CloudFront, so the URL is CloudFront's.
    expect(attrsOf(findBlock(s.files, "output", "url")).value).toBe("https://${var.alb_public_cloudfront_domain_name}/app");
  });

  it("lets the execution role read exactly the declared secrets, by ARN", () => {
    expect(statementsOf(s, "aws_iam_role_policy", "task_exec_secrets")).toEqual([
      {
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: ["arn:aws:secretsmanager:us-east-1:*:secret:prod/api-key-*", "arn:aws:secretsmanager:us-east-1:*:secret:prod/db-*"],
      },
      { Effect: "Allow", Action: "ssm:GetParameters", Resource: ["arn:aws:ssm:us-east-1:*:parameter/prod/flag"] },
    ]);
    expect(statementsOf(withAccount, "aws_iam_role_policy", "task_exec_secrets")[1]?.Resource).toEqual([
      "arn:aws:ssm:us-east-1:111122223333:parameter/prod/flag",
    ]);
  });

  it("references secrets by name or ARN in the container, never by value", () => {
    expect(containerOf(s).secrets).toEqual([
      { name: "API_KEY", valueFrom: "arn:aws:secretsmanager:us-east-1:${local.account_id}:secret:prod/api-key" },
      { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:${local.account_id}:secret:prod/db:password::" },
      { name: "FLAG", valueFrom: "/prod/flag" },
    ]);
    expect(attrsOf(findBlock(s.files, "locals"))).toEqual({ account_id: 'split(":", var.cluster_arn)[4]' });
    expect(containerOf(withAccount).secrets?.[1]?.valueFrom).toBe("arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db:password::");
    expect(blocks(withAccount.files, "locals")).toEqual([]);
  });

  it("limits the roles' trust to the environment's account when the config names it", () => {
    const trust = statementsOf(withAccount, "aws_iam_role", "task_exec", "assume_role_policy");
    expect(trust).toEqual([expect.objectContaining({ Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } })]);
    expect(statementsOf(s, "aws_iam_role", "task_exec", "assume_role_policy")[0]).not.toHaveProperty("Condition");
  });

  it("allows ECS Exec's SSM channels on the task role", () => {
    expect(statementsOf(s, "aws_iam_role_policy", "task_exec_command")).toEqual([
      expect.objectContaining({
        Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
      }),
    ]);
    expect(resourceAttrs(s, "aws_ecs_service", "this").enable_execute_command).toBe(true);
    expect(blocks(s.files, "resource", "aws_iam_role_policy", "task")).toEqual([]);
  });

  it("runs a fixed image without a repository variable, and keeps literal values literal", () => {
    const c = containerOf(s);
    expect(c.image).toBe("public.ecr.aws/nginx/nginx:1.27");
    expect(c.readonlyRootFilesystem).toBe(true);
    expect(c.healthCheck).toEqual({ command: ["CMD-SHELL", "curl -f http://localhost/ || exit 1"], interval: 30, timeout: 5, retries: 3, startPeriod: 10 });
    expect(variableNames(s).filter((n) => n?.startsWith("repository_"))).toEqual([]);
    expect(printFile(s.files.find((f) => f.name === "task.tf") as HclFile)).toContain('value = "a $${b} %%{c}"');
  });

  it("scales on requests per target with the load balancer and target group suffixes", () => {
    const p = findBlock(s.files, "resource", "aws_appautoscaling_policy", "requests");
    const config = nested(p, "target_tracking_scaling_policy_configuration")[0] as Block;
    expect(attrsOf(config).target_value).toBe(1000);
    expect(attrsOf(nested(config, "predefined_metric_specification")[0] as Block)).toEqual({
      predefined_metric_type: "ALBRequestCountPerTarget",
      resource_label: "${var.alb_public_arn_suffix}/${aws_lb_target_group.public.arn_suffix}",
    });
    expect(variableNames(s)).toContain("alb_public_arn_suffix");
  });

  it("moves the task range on a clock, one scheduled action after the other, and keeps applies from resetting it", () => {
    const actions = blocks(s.files, "resource", "aws_appautoscaling_scheduled_action").map((a) => ({
      label: a.labels[1],
      ...attrsOf(a),
      ...attrsOf(nested(a, "scalable_target_action")[0] as Block),
    }));
    const common = {
      service_namespace: "aws_appautoscaling_target.this.service_namespace",
      resource_id: "aws_appautoscaling_target.this.resource_id",
      scalable_dimension: "aws_appautoscaling_target.this.scalable_dimension",
      timezone: "Europe/Berlin",
    };
    expect(actions).toEqual([
      {
        label: "off_hours",
        name: "booker-web-off-hours",
        ...common,
        schedule: "cron(0 20 ? * MON-FRI *)",
        min_capacity: 0,
        max_capacity: 0,
        depends_on: ["aws_appautoscaling_policy.cpu", "aws_appautoscaling_policy.memory", "aws_appautoscaling_policy.requests"],
      },
      {
        label: "office_hours",
        name: "booker-web-office-hours",
        ...common,
        schedule: "cron(0 8 ? * MON-FRI *)",
        min_capacity: 1,
        max_capacity: 5,
        depends_on: ["aws_appautoscaling_scheduled_action.off_hours"],
      },
    ]);
    const lifecycle = nested(findBlock(s.files, "resource", "aws_appautoscaling_target", "this"), "lifecycle")[0] as Block;
    expect(attrsOf(lifecycle)).toEqual({ ignore_changes: ["min_capacity", "max_capacity"] });
  });
});

describe("declared egress", () => {
  let taskApi: Stack;
  let isolated: Stack;
  const egressRules = (s: Stack) => Object.fromEntries(blocks(s.files, "resource", "aws_vpc_security_group_egress_rule").map((r) => [r.labels[1], attrsOf(r)]));
  beforeAll(async () => {
    const staging = (await example("task-api")).environments.find((e) => e.name === "staging") as Environment;
    taskApi = render(staging, "api");
    isolated = renderServiceStack(booker, declaredEgressService());
  });

  it("sends only HTTPS out and the engine port to the database's group (task-api, as its seed's security groups)", () => {
    expect(egressRules(taskApi)).toEqual({
      alb_public_to_tasks: expect.objectContaining({ security_group_id: "var.alb_public_security_group_id", from_port: 8080, to_port: 8080 }),
      https: {
        security_group_id: "aws_security_group.this.id",
        description: "HTTPS anywhere (AWS APIs, registries)",
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
      },
      to_database_main: {
        security_group_id: "aws_security_group.this.id",
        description: "5432 to database main",
        referenced_security_group_id: "var.database_main_security_group_id",
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
      },
    });
  });

  it("without a way out, sends HTTPS to the VPC's endpoints and S3 only, then each named destination", () => {
    expect(egressRules(isolated)).toEqual({
      alb_public_to_tasks: expect.objectContaining({ referenced_security_group_id: "aws_security_group.this.id" }),
      endpoints: {
        security_group_id: "aws_security_group.this.id",
        description: "HTTPS to the VPC endpoints",
        cidr_ipv4: "var.vpc_cidr_block",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
      },
      s3: {
        security_group_id: "aws_security_group.this.id",
        description: "HTTPS to S3",
        prefix_list_id: "var.s3_prefix_list_id",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
      },
      to_1: {
        security_group_id: "aws_security_group.this.id",
        description: "Reporting database",
        cidr_ipv4: "10.20.0.0/16",
        ip_protocol: "tcp",
        from_port: 5432,
        to_port: 5432,
      },
      to_2: {
        security_group_id: "aws_security_group.this.id",
        description: "UDP 8000-8100 to pl-0123456789abcdef0",
        prefix_list_id: "pl-0123456789abcdef0",
        ip_protocol: "udp",
        from_port: 8000,
        to_port: 8100,
      },
    });
  });
});

function declaredEgressService(): Service {
  return {
    ...serviceOf(booker, "web"),
    egress: "vpc",
    declaredEgress: {
      https: false,
      to: [
        { cidr: "10.20.0.0/16", prefixList: undefined, protocol: "tcp", fromPort: 5432, toPort: 5432, description: "Reporting database" },
        {
          cidr: undefined,
          prefixList: "pl-0123456789abcdef0",
          protocol: "udp",
          fromPort: 8000,
          toPort: 8100,
          description: "UDP 8000-8100 to pl-0123456789abcdef0",
        },
      ],
    },
  };
}

// ---- every rendered stack --------------------------------------------------------------------------

function allStacks(): Stack[] {
  return [
    ...skyfox.services.map((x) => renderServiceStack(skyfox, x)),
    ...booker.services.map((x) => renderServiceStack(booker, x)),
    renderServiceStack(variantEnv(), variantService()),
    renderServiceStack(booker, declaredEgressService()),
  ];
}

describe("every service stack", () => {
  it("is formatted as terraform fmt writes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-service-"));
    for (const [i, s] of allStacks().entries()) {
      const stackDir = join(dir, `${i}-${s.id}`);
      mkdirSync(stackDir, { recursive: true });
      for (const f of s.files) writeFileSync(join(stackDir, f.name), printFile(f));
    }
    // `terraform fmt -check` exits 3 and lists the files it would change.
    expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });

  it("uses only attributes and blocks the aws provider knows", async () => {
    const schema = await awsProviderSchema();
    expect(allStacks().flatMap((s) => checkAgainstSchema(s.files, schema).map((p) => `${s.id}: ${p}`))).toEqual([]);
  }, 600_000);

  it("declares exactly the variables it reads, each typed and described", () => {
    for (const s of allStacks()) {
      const text = s.files
        .filter((f) => f.name !== "variables.tf")
        .map(printFile)
        .join("\n");
      const used = new Set([...text.matchAll(/var\.([a-z0-9_]+)/g)].map((m) => m[1]));
      const declared = variableNames(s).filter((n) => n !== "image_tag" || used.has(n));
      expect(declared.sort(), s.id).toEqual([...used].sort());
      for (const b of blocks(s.files, "variable"))
        expect(Object.keys(attrsOf(b)).slice(0, 2), `${s.id} variable ${b.labels[0]}`).toEqual(["description", "type"]);
    }
  });

  it("declares every output with a description and a mock", () => {
    for (const s of allStacks()) {
      const declared = blocks(s.files, "output").map((b) => [b.labels[0], attrsOf(b).description]);
      expect(declared, s.id).toEqual(s.outputs.map((o) => [o.name, o.description]));
      for (const o of s.outputs) expect(o.mock, `${s.id} output ${o.name}`).not.toBeNull();
    }
  });
});
