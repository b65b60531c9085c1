/**
 * One failing and one passing fixture per rule of the catalogue. `clean` is a prod environment that
 * passes every rule; a fixture changes the config, or — for what the config cannot express (berth
 * always renders it safely, so only a user's override file or a berth bug could break it) — the
 * resolved model or the rendered Terraform.
 */
import type { BerthConfig } from "../../config/schema/app.js";
import type { Block, BodyItem } from "../../hcl/index.js";
import { attr, block } from "../../hcl/index.js";
import type { Environment } from "../../model/types.js";
import type { Stack } from "../../terraform/stack.js";

export interface Fixture {
  readonly config: BerthConfig;
  readonly model?: (env: Environment) => Environment;
  readonly stacks?: (stacks: Stack[]) => Stack[];
}

export interface RuleCase {
  readonly rule: string;
  readonly fail: Fixture;
  readonly pass: Fixture;
}

/** A prod environment on Fargate that passes every rule. */
export function clean(): BerthConfig {
  return {
    project: "shop",
    network: { azs: 2, flowLogs: true },
    loadBalancers: { public: {} },
    monitoring: { notifications: { email: ["oncall@example.com"] } },
    databases: { main: { engine: "postgres", version: "16", instanceClass: "db.m6g.large", storage: "20 GB", maxStorage: "40 GB" } },
    secrets: { "api-key": {} },
    services: {
      web: {
        port: 3000,
        routes: [{ loadBalancer: "public" }],
        healthCheck: { path: "/health" },
        autoscaling: { min: 2, max: 4, cpu: 70 },
        readonlyRootFilesystem: true,
        egress: "declared",
        alarms: { cpu: true },
        databases: { main: true },
        secrets: { API_KEY: { secret: "api-key" } },
        environment: { LOG_LEVEL: "info" },
      },
    },
    environments: { prod: { tier: "prod", region: "us-east-1", domain: { name: "shop.example.com", dnssec: true } } },
  };
}

/** The clean environment on EC2 container instances in private subnets, with NAT. */
export function cleanEc2(): BerthConfig {
  return with_(clean(), (c) => void (c.compute = { ec2: { instanceType: "t3.small", min: 2, max: 4 } }));
}

/** The clean environment with a function behind an HTTP API and on a queue, a topic, a scheduled job: passes every rule berth can satisfy by config. */
export function cleanServerless(): BerthConfig {
  return with_(clean(), (c) => {
    c.queues = { orders: { visibilityTimeout: "3 minutes" } };
    c.topics = { events: { subscriptions: [{ queue: "orders" }] } };
    c.httpApis = { public: {} };
    c.functions = {
      handler: {
        dir: "functions/handler",
        handler: "index.handler",
        reservedConcurrency: 10,
        http: { api: "public", routes: ["GET /items"] },
        events: [{ schedule: "rate(1 hour)" }],
        queue: { queue: "orders" },
      },
    };
    c.services.nightly = {
      schedule: { expression: "cron(0 3 * * ? *)" },
      command: ["node", "nightly.js"],
      readonlyRootFilesystem: true,
      repository: { mutable: false },
    };
  });
}

function with_(c: BerthConfig, change: (c: BerthConfig) => void): BerthConfig {
  const copy = structuredClone(c);
  change(copy);
  return copy;
}
const web = (c: BerthConfig) => c.services.web!;
const prodEnv = (c: BerthConfig) => c.environments.prod!;
const change = (f: (c: BerthConfig) => void, base = clean()): Fixture => ({ config: with_(base, f) });
const ok: Fixture = { config: clean() };
/** The clean environment with an internet-facing NLB (TLS 443 to the web service), set up as given. */
const withNlb = (nlb: NonNullable<BerthConfig["networkLoadBalancers"]>[string]): Fixture =>
  change((c) => {
    c.networkLoadBalancers = { tcp: nlb };
    web(c).nlb = { loadBalancer: "tcp", port: "443/tls" };
  });
const okEc2: Fixture = { config: cleanEc2() };

/** Replaces every resource block of a type in the stacks. */
function editResources(type: string, edit: (b: Block) => Block): (stacks: Stack[]) => Stack[] {
  const walk = (items: readonly BodyItem[]): BodyItem[] =>
    items.map((i) => (i.kind === "block" && i.type === "resource" && i.labels[0] === type ? edit(i) : i));
  return (stacks) => stacks.map((s) => ({ ...s, files: s.files.map((f) => ({ ...f, body: walk(f.body) })) }));
}
/** Sets an attribute of a block (replacing it, or adding it at the end). */
function setAttr(b: Block, name: string, value: Parameters<typeof attr>[1]): Block {
  const body = b.body.filter((i) => !(i.kind === "attribute" && i.name === name));
  return { ...b, body: [...body, attr(name, value)] };
}
/** Maps the nested blocks of a type inside a block. */
function editNested(b: Block, type: string, edit: (n: Block) => Block): Block {
  return { ...b, body: b.body.map((i) => (i.kind === "block" && i.type === type ? edit(i) : i)) };
}
const stacksEdit = (type: string, edit: (b: Block) => Block, base = clean()): Fixture => ({ config: base, stacks: editResources(type, edit) });
const modelEdit = (edit: (env: Environment) => Environment, base = clean()): Fixture => ({ config: base, model: edit });

const manyPaths = (n: number) => Array.from({ length: n }, (_, i) => `/p${i}/*`);

const fn = (c: BerthConfig) => c.functions!.handler!;
const serverless = (f: (c: BerthConfig) => void): Fixture => change(f, cleanServerless());
const okServerless: Fixture = { config: cleanServerless() };
const serverlessStacks = (type: string, edit: (b: Block) => Block): Fixture => stacksEdit(type, edit, cleanServerless());
const withoutAttrs = (b: Block, ...names: string[]): Block => ({ ...b, body: b.body.filter((i) => !(i.kind === "attribute" && names.includes(i.name))) });
const withoutBlocks = (b: Block, type: string): Block => ({ ...b, body: b.body.filter((i) => !(i.kind === "block" && i.type === type)) });

export const RULE_CASES: readonly RuleCase[] = [
  { rule: "BERTH001", fail: change((c) => delete prodEnv(c).domain), pass: ok },
  { rule: "BERTH002", fail: change((c) => void (web(c).subnet = "public")), pass: ok },
  { rule: "BERTH061", fail: change((c) => void (web(c).egress = "internet")), pass: ok },
  {
    rule: "BERTH082",
    fail: change((c) => void (c.environments!.prod!.domain = { name: "shop.example.com" })),
    // An existing zone is not berth's to sign.
    pass: change((c) => void (c.environments!.prod!.domain = { name: "shop.example.com", zoneId: "Z0123456789ABCDEFGHIJ" })),
  },
  {
    rule: "BERTH085",
    fail: change((c) => {
      delete c.environments!.prod!.domain;
      c.sites = { www: { dir: "www" } };
    }),
    pass: change((c) => void (c.sites = { www: { dir: "www" } })),
  },
  { rule: "BERTH003", fail: change((c) => void (web(c).subnet = "public")), pass: ok },
  { rule: "BERTH004", fail: stacksEdit("aws_db_instance", (b) => setAttr(b, "publicly_accessible", true)), pass: ok },
  {
    rule: "BERTH005",
    fail: stacksEdit("aws_vpc_security_group_ingress_rule", (b) => (/_https$/.test(b.labels[1]!) ? setAttr(b, "to_port", 8443) : b)),
    pass: ok,
  },
  { rule: "BERTH006", fail: stacksEdit("aws_lb", (b) => setAttr(b, "drop_invalid_header_fields", false)), pass: ok },
  {
    rule: "BERTH007",
    fail: modelEdit((env) => ({
      ...env,
      loadBalancers: env.loadBalancers.map((lb) => ({ ...lb, https: lb.https && { ...lb.https, sslPolicy: "ELBSecurityPolicy-2016-08" } })),
    })),
    pass: ok,
  },
  {
    rule: "BERTH008",
    fail: stacksEdit("aws_default_security_group", (b) => ({
      ...b,
      body: [...b.body, block("ingress", [], [attr("protocol", "-1"), attr("self", true), attr("from_port", 0), attr("to_port", 0)])],
    })),
    pass: ok,
  },
  {
    rule: "BERTH009",
    fail: {
      config: with_(clean(), (c) => void (c.loadBalancers!.public = { cloudfront: {} })),
      model: (env) => ({ ...env, loadBalancers: env.loadBalancers.map((lb) => ({ ...lb, ingress: { kind: "internet" as const } })) }),
    },
    pass: change((c) => void (c.loadBalancers!.public = { cloudfront: {} })),
  },
  { rule: "BERTH010", fail: stacksEdit("aws_db_instance", (b) => setAttr(b, "storage_encrypted", false)), pass: ok },
  {
    rule: "BERTH011",
    fail: modelEdit((env) => ({ ...env, databases: env.databases.map((d) => ({ ...d, parameters: d.parameters.filter((p) => p.name !== "rds.force_ssl") })) })),
    pass: ok,
  },
  { rule: "BERTH012", fail: change((c) => void (c.kms = { rds: false })), pass: ok },
  { rule: "BERTH013", fail: change((c) => void (c.kms = { secrets: false })), pass: ok },
  { rule: "BERTH014", fail: change((c) => void (c.kms = { ecr: false })), pass: ok },
  { rule: "BERTH015", fail: change((c) => void (c.kms = { logs: false })), pass: ok },
  { rule: "BERTH016", fail: change((c) => void (c.kms = { alarms: false })), pass: ok },
  {
    rule: "BERTH017",
    fail: stacksEdit(
      "aws_launch_template",
      (b) => editNested(b, "block_device_mappings", (m) => editNested(m, "ebs", (e) => setAttr(e, "encrypted", false))),
      cleanEc2(),
    ),
    pass: okEc2,
  },
  { rule: "BERTH018", fail: change((c) => void (c.kms = { rds: false })), pass: ok },
  {
    rule: "BERTH019",
    fail: change((c) => void (c.loadBalancers!.public = { cloudfront: {} })),
    pass: {
      config: with_(clean(), (c) => void (c.loadBalancers!.public = { cloudfront: {} })),
      stacks: editResources("aws_cloudfront_distribution", (b) =>
        editNested(b, "origin", (o) => editNested(o, "custom_origin_config", (cfg) => setAttr(cfg, "origin_protocol_policy", "https-only"))),
      ),
    },
  },
  { rule: "BERTH020", fail: change((c) => void (c.loadBalancers!.public = { accessLogs: false })), pass: ok },
  { rule: "BERTH021", fail: change((c) => void (c.network!.flowLogs = false)), pass: ok },
  { rule: "BERTH022", fail: change((c) => void (web(c).logRetention = "14 days")), pass: ok },
  { rule: "BERTH023", fail: modelEdit((env) => ({ ...env, services: env.services.map((s) => ({ ...s, logRetentionDays: 0 })) })), pass: ok },
  { rule: "BERTH024", fail: change((c) => void (c.compute = { containerInsights: false })), pass: ok },
  { rule: "BERTH025", fail: change((c) => delete web(c).alarms), pass: ok },
  { rule: "BERTH026", fail: change((c) => void (c.monitoring = {})), pass: ok },
  { rule: "BERTH027", fail: change((c) => void (c.databases!.main!.logExports = [])), pass: ok },
  { rule: "BERTH028", fail: change((c) => void (c.databases!.main!.monitoringInterval = "0 seconds")), pass: ok },
  { rule: "BERTH029", fail: change((c) => void (c.databases!.main!.performanceInsights = false)), pass: ok },
  { rule: "BERTH030", fail: change((c) => void (c.databases!.main!.deletionProtection = false)), pass: ok },
  { rule: "BERTH031", fail: change((c) => void (c.databases!.main!.backup = { retention: "3 days" })), pass: ok },
  { rule: "BERTH032", fail: change((c) => void (c.databases!.main!.finalSnapshot = false)), pass: ok },
  { rule: "BERTH033", fail: change((c) => void (c.loadBalancers!.public = { deletionProtection: false })), pass: ok },
  { rule: "BERTH083", fail: withNlb({ deletionProtection: false }), pass: withNlb({}) },
  { rule: "BERTH084", fail: withNlb({ sslPolicy: "ELBSecurityPolicy-2016-08" }), pass: withNlb({}) },
  { rule: "BERTH034", fail: change((c) => void (c.secrets!["api-key"] = { recoveryWindow: "7 days" })), pass: ok },
  { rule: "BERTH035", fail: change((c) => delete c.databases!.main!.maxStorage), pass: ok },
  {
    rule: "BERTH036",
    fail: change((c) => void (web(c).permissions = [{ actions: ["s3:*"], resources: ["arn:aws:s3:::shop/*"] }])),
    pass: change((c) => void (web(c).permissions = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"] }])),
  },
  {
    rule: "BERTH037",
    fail: change((c) => void (web(c).permissions = [{ actions: ["s3:GetObject"], resources: ["*"] }])),
    pass: change((c) => void (web(c).permissions = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"] }])),
  },
  {
    rule: "BERTH038",
    fail: change((c) => void (web(c).permissions = [{ actions: ["s3:Get*"], resources: ["arn:aws:s3:::shop/*"] }])),
    pass: change((c) => void (web(c).permissions = [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::shop/*"] }])),
  },
  {
    rule: "BERTH039",
    fail: modelEdit((env) => ({ ...env, services: env.services.map((s) => ({ ...s, roleNames: { execution: s.roleNames.task, task: s.roleNames.task } })) })),
    pass: ok,
  },
  { rule: "BERTH040", fail: change((c) => void (web(c).execCommand = true)), pass: ok },
  { rule: "BERTH041", fail: change((c) => void (web(c).environment = { API_TOKEN: "hunter2" })), pass: ok },
  { rule: "BERTH042", fail: change((c) => void (web(c).repository = { mutable: true })), pass: ok },
  { rule: "BERTH043", fail: change((c) => void (web(c).repository = { scanOnPush: false })), pass: ok },
  {
    rule: "BERTH044",
    fail: change((c) => void Object.assign(web(c), { image: "nginx:latest", repository: false })),
    pass: change((c) => void Object.assign(web(c), { image: "nginx:1.27.3", repository: false })),
  },
  { rule: "BERTH045", fail: change((c) => void (web(c).readonlyRootFilesystem = false)), pass: ok },
  {
    rule: "BERTH046",
    fail: stacksEdit("aws_launch_template", (b) => editNested(b, "metadata_options", (m) => setAttr(m, "http_tokens", "optional")), cleanEc2()),
    pass: okEc2,
  },
  {
    rule: "BERTH047",
    fail: okEc2,
    pass: {
      config: cleanEc2(),
      stacks: editResources("aws_launch_template", (b) => editNested(b, "metadata_options", (m) => setAttr(m, "http_put_response_hop_limit", 1))),
    },
  },
  {
    rule: "BERTH048",
    fail: change((c) => {
      c.network!.azs = 1;
      delete c.databases;
      delete web(c).databases;
    }),
    pass: ok,
  },
  { rule: "BERTH049", fail: change((c) => void (c.network!.nat = "single")), pass: ok },
  { rule: "BERTH050", fail: change((c) => void (web(c).autoscaling = { min: 1, max: 4, cpu: 70 })), pass: ok },
  { rule: "BERTH051", fail: change((c) => void (c.databases!.main!.multiAz = false)), pass: ok },
  { rule: "BERTH052", fail: change((c) => void (web(c).deployment = { circuitBreaker: false })), pass: ok },
  {
    rule: "BERTH053",
    fail: change((c) => void Object.assign(web(c), { autoscaling: { min: 1, max: 4, cpu: 70 }, deployment: { minHealthyPercent: 0 } })),
    pass: change((c) => void Object.assign(web(c), { autoscaling: { min: 1, max: 4, cpu: 70 }, deployment: { minHealthyPercent: 100 } })),
  },
  { rule: "BERTH054", fail: change((c) => void Object.assign(web(c), { autoscaling: undefined, desiredCount: 2 })), pass: ok },
  { rule: "BERTH055", fail: change((c) => void (c.compute = { ec2: { instanceType: "t3.small", min: 1, max: 4 } })), pass: okEc2 },
  {
    rule: "BERTH056",
    fail: change((c) => {
      for (let i = 0; i < 101; i++)
        c.services[`s${i}`] = { port: 3000, routes: [{ loadBalancer: "public", path: `/s${i}/*` }], healthCheck: { path: "/health" } };
    }),
    pass: ok,
  },
  {
    rule: "BERTH057",
    fail: modelEdit((env) => ({
      ...env,
      services: [...env.services, ...Array.from({ length: 100 }, (_, i) => ({ ...env.services[0]!, name: `s${i}` }))],
    })),
    pass: ok,
  },
  // The model refuses a route with more than 5 patterns; the rule guards the rendered rules (and a model bug).
  {
    rule: "BERTH058",
    fail: modelEdit((env) => ({
      ...env,
      loadBalancers: env.loadBalancers.map((lb) => ({ ...lb, rules: lb.rules.map((r) => ({ ...r, paths: manyPaths(6) })) })),
    })),
    pass: change((c) => void (web(c).routes = [{ loadBalancer: "public", path: manyPaths(5) }])),
  },
  { rule: "BERTH059", fail: modelEdit((env) => ({ ...env, loadBalancers: env.loadBalancers.map((lb) => ({ ...lb, name: "x".repeat(33) })) })), pass: ok },
  {
    rule: "BERTH060",
    fail: change((c) => void Object.assign(c.network!, { nat: "none", azs: 3 }), cleanEc2()),
    pass: okEc2,
  },
  {
    rule: "BERTH070",
    fail: { config: cleanServerless(), model: (env) => ({ ...env, functions: env.functions.map((f) => ({ ...f, eventsDeadLetter: null })) }) },
    pass: okServerless,
  },
  { rule: "BERTH071", fail: serverless((c) => void (c.queues!.orders!.deadLetter = false)), pass: okServerless },
  { rule: "BERTH072", fail: serverless((c) => delete fn(c).reservedConcurrency), pass: okServerless },
  { rule: "BERTH073", fail: serverless((c) => void (fn(c).logRetention = "14 days")), pass: okServerless },
  {
    rule: "BERTH074",
    fail: okServerless,
    pass: serverlessStacks("aws_lambda_function", (b) => ({ ...b, body: [...b.body, block("tracing_config", [], [attr("mode", "Active")])] })),
  },
  {
    rule: "BERTH075",
    fail: okServerless,
    pass: serverlessStacks("aws_lambda_function", (b) => setAttr(b, "kms_key_arn", "arn:aws:kms:us-east-1:111111111111:key/x")),
  },
  { rule: "BERTH076", fail: serverlessStacks("aws_apigatewayv2_stage", (b) => withoutBlocks(b, "access_log_settings")), pass: okServerless },
  { rule: "BERTH077", fail: serverlessStacks("aws_apigatewayv2_stage", (b) => withoutBlocks(b, "default_route_settings")), pass: okServerless },
  {
    rule: "BERTH078",
    fail: serverlessStacks("aws_sqs_queue", (b) => withoutAttrs(b, "kms_master_key_id", "kms_data_key_reuse_period_seconds", "sqs_managed_sse_enabled")),
    pass: okServerless,
  },
  { rule: "BERTH079", fail: serverlessStacks("aws_sns_topic", (b) => withoutAttrs(b, "kms_master_key_id")), pass: okServerless },
  {
    rule: "BERTH080",
    fail: okServerless,
    pass: serverlessStacks("aws_sfn_state_machine", (b) => ({ ...b, body: [...b.body, block("logging_configuration", [], [attr("level", "ERROR")])] })),
  },
  {
    rule: "BERTH081",
    fail: change((c) => {
      delete prodEnv(c).domain;
      prodEnv(c).recovery = { region: "us-west-2", network: { cidr: "10.1.0.0/16" } };
      delete c.databases;
      delete web(c).databases;
    }),
    pass: change((c) => {
      prodEnv(c).recovery = { region: "us-west-2", network: { cidr: "10.1.0.0/16" } };
      delete c.databases;
      delete web(c).databases;
    }),
  },
];
