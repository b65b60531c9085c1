/**
 * Every example, every environment: synth, `terraform fmt -check`, offline plan, `terraform validate`,
 * then the seed's key facts asserted on `plan.json`. Runs the real terraform; it fails (never skips)
 * when terraform or the provider cannot be found.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { planOffline, type OfflinePlanResult } from "../../src/runner/offline.js";
import { terraformEnv } from "../../src/runner/terraform-env.js";
import { OFFLINE_SECRET_MOCK, type Stack } from "../../src/terraform/stack.js";
import { writeStacks } from "../../src/terraform/write.js";
import { loadConfig } from "../../src/config/load.js";
import { resolveModel } from "../../src/model/resolve.js";
import { renderStacks } from "../../src/terraform/render.js";
import { buildExampleFunctions, EXAMPLES_DIR, exampleNames, loadExample } from "../support/examples.js";
import { awsProviderSchema, checkAgainstSchema } from "../support/provider-schema.js";
import { type PlanJson, readPlan, references, resource, resources } from "../support/plan-json.js";

interface Planned {
  readonly out: string;
  readonly stacks: Stack[];
  readonly results: OfflinePlanResult[];
  plan(path: string): PlanJson;
}

const planned = new Map<string, Planned>();

async function planExample(name: string): Promise<Planned> {
  const { model, stacks } = await loadExample(name);
  buildExampleFunctions(name, model);
  const out = mkdtempSync(join(tmpdir(), `berth-${name}-`));
  writeStacks(stacks, out, { configDir: join(EXAMPLES_DIR, name) });
  const results = await planOffline(stacks, out, { parallelism: 2 });
  return { out, stacks, results, plan: (path) => readPlan(join(out, path, "plan.json")) };
}

describe.each(exampleNames())("example %s", (name) => {
  let p: Planned;
  beforeAll(async () => {
    p = await planExample(name);
    planned.set(name, p);
  });

  it("is formatted as terraform fmt writes it", () => {
    // `terraform fmt -check` exits 3 and lists the files it would change.
    for (const env of new Set(p.stacks.map((s) => s.env))) {
      expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", join(p.out, env)], { encoding: "utf8" })).not.toThrow();
    }
  });

  it("plans every stack offline", () => {
    const failed = p.results.filter((r) => r.status !== "succeeded").map((r) => `${r.stack}: ${r.status} ${(r.error as Error | undefined)?.message ?? ""}`);
    expect(failed).toEqual([]);
    for (const r of p.results) expect(r.changes?.create).toBeGreaterThan(0);
  });

  it("uses only resources, data sources, attributes and blocks the real aws provider schema has", async () => {
    const schema = await awsProviderSchema();
    expect(p.stacks.flatMap((s) => checkAgainstSchema(s.files, schema).map((problem) => `${s.path}: ${problem}`))).toEqual([]);
  });

  it("passes terraform validate in every stack", async () => {
    const { binary, env } = terraformEnv();
    for (const s of p.stacks) {
      // Awaited, not execFileSync: a blocked worker misses vitest's own messages for minutes ("Timeout calling onTaskUpdate").
      const { stdout } = await promisify(execFile)(binary, ["validate", "-json"], { cwd: join(p.out, ".berth", "offline", s.path), env, encoding: "utf8" });
      expect(JSON.parse(stdout), s.path).toMatchObject({ valid: true, error_count: 0 });
    }
    // One terraform process per stack: on a shared, busy machine this takes longer than the default 30 s.
  }, 300_000);
});

describe("skyfox keeps the seed's facts", () => {
  const p = () => planned.get("skyfox") as Planned;
  const base = "devprod/ap-south-1";

  it("builds the VPC, subnets and no NAT, with the endpoints private instances need", () => {
    const net = p().plan(`${base}/network`);
    expect(resource(net, "aws_vpc", "this").values).toMatchObject({ cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
    expect(
      resources(net, "aws_subnet", "public")
        .map((s) => s.values.cidr_block)
        .sort(),
    ).toEqual(["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]);
    expect(
      resources(net, "aws_subnet", "private")
        .map((s) => s.values.cidr_block)
        .sort(),
    ).toEqual(["10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24"]);
    expect(resources(net, "aws_nat_gateway")).toEqual([]);
    expect(resources(net, "aws_vpc_endpoint", "interface").map((e) => e.index)).toEqual(expect.arrayContaining(["ecr.api", "ecr.dkr", "logs", "ecs"]));
  });

  it("runs an arm64 t4g.small Auto Scaling group of 2–4 over public and private subnets, IMDSv2 only", () => {
    const plat = p().plan(`${base}/platform`);
    const lt = resource(plat, "aws_launch_template", "this").values;
    expect(lt.image_id).toBe("resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id");
    expect(lt.instance_type).toBe("t4g.small");
    expect(lt.metadata_options).toEqual([expect.objectContaining({ http_tokens: "required" })]);
    const asg = resource(plat, "aws_autoscaling_group", "this").values;
    expect([asg.name, asg.min_size, asg.max_size]).toEqual(["skyfox-devprod-ecs-asg", 2, 4]);
    expect(asg.vpc_zone_identifier).toHaveLength(6);
    expect(resource(plat, "aws_ecs_cluster", "this").values.setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  it("has an internal ALB whose unknown paths get a 404, and three repositories keeping 4 tagged images", () => {
    const plat = p().plan(`${base}/platform`);
    expect(resource(plat, "aws_lb", "internal").values).toMatchObject({ internal: true, name: "skyfox-devprod-internal" });
    expect(resource(plat, "aws_lb", "external").values).toMatchObject({ internal: false });
    const listener = resource(plat, "aws_lb_listener", "internal").values;
    expect(listener.default_action).toEqual([
      expect.objectContaining({ type: "fixed-response", fixed_response: [expect.objectContaining({ status_code: "404" })] }),
    ]);
    const repos = resources(plat, "aws_ecr_repository")
      .map((r) => r.values.name)
      .sort();
    expect(repos).toEqual(["skyfox-devprod-backend", "skyfox-devprod-movie-service", "skyfox-devprod-payment-service"]);
    const policy = JSON.parse(resource(plat, "aws_ecr_lifecycle_policy", "backend").values.policy as string);
    const counts = policy.rules.map((r: { selection: { countNumber: number; countType: string } }) => [r.selection.countType, r.selection.countNumber]);
    expect(counts).toEqual(
      expect.arrayContaining([
        ["sinceImagePushed", 3],
        ["imageCountMoreThan", 4],
      ]),
    );
  });

  it("routes /payment-service/* and /movie-service/* on the internal ALB to targets with their health checks", () => {
    for (const [svc, path, health, port] of [
      ["payment-service", "/payment-service/*", "/pshealth", 8082],
      ["movie-service", "/movie-service/*", "/mshealth", 4567],
    ] as const) {
      const plan = p().plan(`${base}/service-${svc}`);
      const rule = resources(plan, "aws_lb_listener_rule")[0]!.values;
      expect(rule.listener_arn).toMatch(/listener\/app\/skyfox-devprod-internal\//);
      expect(rule.condition).toEqual([expect.objectContaining({ path_pattern: [{ values: [path] }] })]);
      const tg = resources(plan, "aws_lb_target_group")[0]!.values;
      expect(tg).toMatchObject({ port, target_type: "ip", deregistration_delay: "30" });
      expect(tg.health_check).toEqual([expect.objectContaining({ path: health, interval: 30, matcher: "200" })]);
    }
  });

  it("sends the backend's calls to payment and movie through the internal ALB with the same prefixes", () => {
    const plan = p().plan(`${base}/service-backend`);
    const task = resource(plan, "aws_ecs_task_definition", "this").values;
    const [container] = JSON.parse(task.container_definitions as string) as { environment: { name: string; value: string }[] }[];
    const env = Object.fromEntries(container!.environment.map((e) => [e.name, e.value]));
    expect(env.PAYMENT_SERVICE_URL).toMatch(/^http:\/\/internal-skyfox-devprod-internal-.*\.elb\.amazonaws\.com\/payment-service$/);
    expect(env.MOVIE_SERVICE_URL).toMatch(/\/movie-service$/);
    expect(task).toMatchObject({ network_mode: "bridge", cpu: "475", memory: "819" });
    expect(resources(plan, "aws_lb_target_group")[0]!.values).toMatchObject({ target_type: "instance", port: 8080 });
  });

  it("stores state in skyfox-terraform-state with the skyfox-terraform-locks table", () => {
    const backend = readFileSync(join(p().out, base, "network", "backend.tf"), "utf8");
    expect(backend).toMatch(/bucket\s+= "skyfox-terraform-state"/);
    expect(backend).toMatch(/dynamodb_table\s+= "skyfox-terraform-locks"/);
    expect(backend).toMatch(/use_lockfile\s+= true/);
  });
});

describe("sky-high-booker keeps the seed's facts", () => {
  const p = () => planned.get("sky-high-booker") as Planned;
  const base = "prod/us-east-1";

  it("mixes Fargate (base 20, weight 50) and Fargate Spot (weight 50)", () => {
    const cp = resource(p().plan(`${base}/platform`), "aws_ecs_cluster_capacity_providers", "this").values;
    expect(cp.default_capacity_provider_strategy).toEqual(
      expect.arrayContaining([
        { capacity_provider: "FARGATE", base: 20, weight: 50 },
        { capacity_provider: "FARGATE_SPOT", base: 0, weight: 50 },
      ]),
    );
  });

  it("writes ALB access logs to an encrypted bucket and keeps the last 10 images", () => {
    const plat = p().plan(`${base}/platform`);
    expect(resources(plat, "aws_lb", "public")[0]!.values.access_logs).toEqual([expect.objectContaining({ enabled: true })]);
    expect(resources(plat, "aws_s3_bucket_public_access_block")[0]!.values).toMatchObject({ block_public_acls: true, restrict_public_buckets: true });
    const policy = JSON.parse(resource(plat, "aws_ecr_lifecycle_policy", "web").values.policy as string);
    expect(policy.rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ selection: expect.objectContaining({ countNumber: 10, tagPrefixList: ["latest"] }) })]),
    );
  });

  it("has one NAT gateway for private tasks", () => {
    expect(resources(p().plan(`${base}/network`), "aws_nat_gateway")).toHaveLength(1);
  });

  it("runs 2 tasks, scales 1–5 on CPU 70 % and memory 80 %, keeps 50 % healthy during deploys, logs 14 days", () => {
    const plan = p().plan(`${base}/service-web`);
    expect(resource(plan, "aws_ecs_service", "this").values).toMatchObject({ desired_count: 2, deployment_minimum_healthy_percent: 50 });
    expect(resources(plan, "aws_appautoscaling_target")[0]!.values).toMatchObject({ min_capacity: 1, max_capacity: 5 });
    const targets = resources(plan, "aws_appautoscaling_policy")
      .map((r) => (r.values.target_tracking_scaling_policy_configuration as { target_value: number }[])[0]!.target_value)
      .sort();
    expect(targets).toEqual([70, 80]);
    expect(resources(plan, "aws_cloudwatch_log_group")[0]!.values.retention_in_days).toBe(14);
    expect(resources(plan, "aws_cloudwatch_metric_alarm").map((a) => a.name)).toEqual(["cpu"]);
    const tg = resources(plan, "aws_lb_target_group")[0]!.values;
    expect(tg.health_check).toEqual([expect.objectContaining({ path: "/", healthy_threshold: 2, unhealthy_threshold: 2 })]);
  });
});

describe("sky-high-booker keeps the seed's alarm and optional CloudFront", () => {
  const p = () => planned.get("sky-high-booker") as Planned;
  const base = "prod/us-east-1";

  it("alarms when ECS CPU averages over 85 % for two 120 s periods, notifying the topic on alarm and OK", () => {
    const alarm = resource(p().plan(`${base}/service-web`), "aws_cloudwatch_metric_alarm", "cpu").values;
    expect(alarm).toMatchObject({
      alarm_name: "sky-high-booker-prod-web-cpu",
      namespace: "AWS/ECS",
      metric_name: "CPUUtilization",
      statistic: "Average",
      comparison_operator: "GreaterThanThreshold",
      threshold: 85,
      period: 120,
      evaluation_periods: 2,
      dimensions: { ClusterName: "sky-high-booker-prod-cluster", ServiceName: "sky-high-booker-prod-web" },
    });
    expect(alarm.alarm_actions).toEqual(["arn:aws:sns:us-east-1:123456789012:sky-high-booker-prod-alarms"]);
    expect(alarm.ok_actions).toEqual(alarm.alarm_actions);
    expect(resource(p().plan(`${base}/platform`), "aws_sns_topic", "alarms").values.name).toBe("sky-high-booker-prod-alarms");
  });

  it("puts CloudFront (HTTPS for viewers, caching off) in front of the ALB, which accepts only CloudFront's prefix list", () => {
    const plat = p().plan(`${base}/platform`);
    const cf = resource(plat, "aws_cloudfront_distribution", "public").values;
    expect(cf.default_cache_behavior).toEqual([
      expect.objectContaining({ viewer_protocol_policy: "redirect-to-https", cache_policy_id: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" }),
    ]);
    expect(cf.origin).toEqual([
      expect.objectContaining({ custom_origin_config: [expect.objectContaining({ origin_protocol_policy: "http-only", http_port: 80 })] }),
    ]);
    const ingress = resources(plat, "aws_vpc_security_group_ingress_rule");
    expect(ingress.map((r) => r.name)).toEqual(["public_cloudfront"]);
    expect(ingress[0]!.values).toMatchObject({ prefix_list_id: "pl-0a1b2c3d", from_port: 80, to_port: 80 });
    expect(ingress.some((r) => r.values.cidr_ipv4 === "0.0.0.0/0")).toBe(false);
  });
});

/** A config with a domain (no example has one): the Task API's operations tier, see the fixture's header. */
describe("fixture existing-zone: a domain in a hosted zone berth does not create", () => {
  let p: Planned;
  const base = "staging/us-east-1";
  beforeAll(async () => {
    const { config } = await loadConfig({ config: join(import.meta.dirname, "..", "fixtures", "existing-zone", "berth.config.ts") });
    const stacks = renderStacks(resolveModel(config)).filter((s) => ["dns", "network", "platform"].includes(s.id));
    const out = mkdtempSync(join(tmpdir(), "berth-existing-zone-"));
    writeStacks(stacks, out);
    const results = await planOffline(stacks, out, { parallelism: 2 });
    p = { out, stacks, results, plan: (path) => readPlan(join(out, path, "plan.json")) };
  });

  it("plans offline, validates the certificate in the given zone and points the alias there", () => {
    expect(p.results.filter((r) => r.status !== "succeeded").map((r) => r.stack)).toEqual([]);
    const d = p.plan(`${base}/dns`);
    expect(resources(d, "aws_route53_zone")).toEqual([]);
    expect(resource(d, "aws_acm_certificate", "this").values).toMatchObject({ domain_name: "staging.tasks.example.com", validation_method: "DNS" });
    expect(resource(d, "aws_route53_record", "validation", "staging.tasks.example.com").values.zone_id).toBe("Z0123456789ABCDEFGHIJ");
    const alias = resource(p.plan(`${base}/platform`), "aws_route53_record", "public", "staging.tasks.example.com").values;
    expect(alias).toMatchObject({ name: "staging.tasks.example.com", type: "A" });
  });
});

/** The container definition of a service stack's plan, parsed. */
function container(plan: PlanJson): { environment: { name: string; value: string }[]; secrets?: { name: string; valueFrom: string }[] } {
  return JSON.parse(resource(plan, "aws_ecs_task_definition", "this").values.container_definitions as string)[0];
}

/** The mock of an upstream output, as the offline plan fed it to a downstream stack. */
function mockOf(p: Planned, env: string, stackId: string, output: string): unknown {
  return p.stacks.find((s) => s.env === env && s.id === stackId)!.outputs.find((o) => o.name === output)!.mock;
}

/** ALB (the port from anywhere) → service (its port from the ALB only) → database (engine port from the service only). */
function expectSecurityGroupChain(p: Planned, env: string, base: string, service: string, ports: { alb: number; service: number; db: number }): void {
  const plat = p.plan(`${base}/platform`);
  expect(resource(plat, "aws_vpc_security_group_ingress_rule", "public_http").values).toMatchObject({
    cidr_ipv4: "0.0.0.0/0",
    from_port: ports.alb,
    to_port: ports.alb,
  });
  const svc = p.plan(`${base}/service-${service}`);
  expect(resource(svc, "aws_vpc_security_group_ingress_rule", "from_alb_public").values).toMatchObject({
    referenced_security_group_id: mockOf(p, env, "platform", "alb_public_security_group_id"),
    from_port: ports.service,
    to_port: ports.service,
  });
  // The tasks admit no address range; a blue/green test listener's rule (on the ALB's group) admits the VPC only.
  const albGroup = mockOf(p, env, "platform", "alb_public_security_group_id");
  expect(resources(svc, "aws_vpc_security_group_ingress_rule").filter((r) => r.values.cidr_ipv4 != null && r.values.security_group_id !== albGroup)).toEqual(
    [],
  );
  expect(resource(svc, "aws_vpc_security_group_ingress_rule", "database_main_from_tasks").values).toMatchObject({
    security_group_id: mockOf(p, env, "data", "database_main_security_group_id"),
    from_port: ports.db,
    to_port: ports.db,
  });
  expect(references(svc, "aws_vpc_security_group_ingress_rule.database_main_from_tasks", "referenced_security_group_id")).toContain(
    "aws_security_group.this.id",
  );
  // The database's group has no rules of its own (its ingress/egress stay unknown until apply): only its users' rules.
  const data = p.plan(`${base}/data`);
  const dbGroup = data.configuration?.root_module.resources?.find((r) => r.address === "aws_security_group.main");
  expect(Object.keys(dbGroup?.expressions ?? {}).filter((k) => k === "ingress" || k === "egress")).toEqual([]);
  expect([...resources(data, "aws_vpc_security_group_ingress_rule"), ...resources(data, "aws_vpc_security_group_egress_rule")]).toEqual([]);
}

describe("8byte-backend keeps the seed's facts", () => {
  const p = () => planned.get("8byte-backend") as Planned;

  it("runs RDS PostgreSQL on db.t3.micro with 20 GB gp3, encrypted, automated backups, and a managed master password", () => {
    for (const env of ["staging", "prod"]) {
      const db = resource(p().plan(`${env}/ap-south-1/data`), "aws_db_instance", "main").values;
      expect(db).toMatchObject({
        engine: "postgres",
        instance_class: "db.t3.micro",
        allocated_storage: 20,
        storage_type: "gp3",
        storage_encrypted: true,
        backup_retention_period: 7,
        backup_window: "03:00-04:00",
        publicly_accessible: false,
        manage_master_user_password: true,
        copy_tags_to_snapshot: true,
      });
      expect(db.password).toBeNull();
    }
    const prod = resource(p().plan("prod/ap-south-1/data"), "aws_db_instance", "main").values;
    expect(prod).toMatchObject({ multi_az: true, deletion_protection: true, skip_final_snapshot: false });
    const staging = resource(p().plan("staging/ap-south-1/data"), "aws_db_instance", "main").values;
    expect(staging).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true });
  });

  it("has private subnets with no NAT, the endpoints the tasks need, and database subnets behind their ACL", () => {
    const net = p().plan("prod/ap-south-1/network");
    expect(resources(net, "aws_nat_gateway")).toEqual([]);
    expect(resources(net, "aws_vpc_endpoint", "interface").map((e) => e.index)).toEqual(
      expect.arrayContaining(["ecr.api", "ecr.dkr", "logs", "secretsmanager"]),
    );
    expect(resources(net, "aws_subnet", "database")).toHaveLength(2);
    const acl = resource(net, "aws_network_acl", "database").values as { ingress: { from_port: number; cidr_block: string }[] };
    expect(acl.ingress.map((r) => r.from_port)).toEqual([5432, 5432]);
  });

  it("chains security groups ALB:80 → ECS:80 → RDS:5432", () => {
    for (const env of ["staging", "prod"]) expectSecurityGroupChain(p(), env, `${env}/ap-south-1`, "backend", { alb: 80, service: 80, db: 5432 });
  });

  it("runs one Fargate task on port 80 in private subnets, with the database's settings", () => {
    const plan = p().plan("prod/ap-south-1/service-backend");
    expect(resource(plan, "aws_ecs_service", "this").values).toMatchObject({
      desired_count: 1,
      network_configuration: [expect.objectContaining({ assign_public_ip: false })],
    });
    expect(resource(plan, "aws_ecs_task_definition", "this").values).toMatchObject({ cpu: "256", memory: "512", requires_compatibilities: ["FARGATE"] });
    const c = container(plan);
    expect(Object.fromEntries(c.environment.map((e) => [e.name, e.value]))).toMatchObject({
      DB_HOST: mockOf(p(), "prod", "data", "database_main_address"),
      DB_PORT: "5432",
      DB_NAME: "main",
    });
    expect(c.secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: `${mockOf(p(), "prod", "data", "database_main_secret_arn")}:password::` },
      { name: "DB_USER", valueFrom: `${mockOf(p(), "prod", "data", "database_main_secret_arn")}:username::` },
    ]);
  });

  it("stores state in prop-terraform-state with the prop-terraform-locks table", () => {
    const backend = readFileSync(join(p().out, "prod/ap-south-1/data/backend.tf"), "utf8");
    expect(backend).toMatch(/bucket\s+= "prop-terraform-state"/);
    expect(backend).toMatch(/dynamodb_table\s+= "prop-terraform-locks"/);
  });
});

describe("task-api keeps the seed's facts", () => {
  const p = () => planned.get("task-api") as Planned;

  it("runs PostgreSQL 15 on db.t3.small, 100 GB gp3 with autoscaling, Multi-AZ, 30-day backups at 03:00 UTC, monitoring 60 s, Performance Insights, protected in prod", () => {
    const db = resource(p().plan("prod/us-east-1/data"), "aws_db_instance", "main").values;
    expect(db).toMatchObject({
      engine: "postgres",
      engine_version: "15",
      instance_class: "db.t3.small",
      allocated_storage: 100,
      max_allocated_storage: 200,
      storage_type: "gp3",
      storage_encrypted: true,
      multi_az: true,
      backup_retention_period: 30,
      backup_window: "03:00-04:00",
      monitoring_interval: 60,
      performance_insights_enabled: true,
      deletion_protection: true,
      db_name: "taskdb",
      username: "taskadmin",
      manage_master_user_password: true,
    });
    expect(references(p().plan("prod/us-east-1/data"), "aws_db_instance.main", "kms_key_id")).toContain("aws_kms_key.rds.arn");
  });

  it("runs db.t3.micro, 20 GB, single-AZ, 7-day backups, monitoring 60 s and no deletion protection in staging", () => {
    const db = resource(p().plan("staging/us-east-1/data"), "aws_db_instance", "main").values;
    expect(db).toMatchObject({
      instance_class: "db.t3.micro",
      allocated_storage: 20,
      multi_az: false,
      backup_retention_period: 7,
      monitoring_interval: 60,
      deletion_protection: false,
      storage_encrypted: true,
    });
    expect(db.max_allocated_storage).toBeFalsy();
  });

  it("has rotating customer-managed KMS keys for RDS and ECR in both environments", () => {
    for (const env of ["staging", "prod"]) {
      expect(resource(p().plan(`${env}/us-east-1/data`), "aws_kms_key", "rds").values).toMatchObject({ enable_key_rotation: true });
      const plat = p().plan(`${env}/us-east-1/platform`);
      expect(resource(plat, "aws_kms_key", "ecr").values).toMatchObject({ enable_key_rotation: true });
      expect(resource(plat, "aws_ecr_repository", "api").values.encryption_configuration).toEqual([expect.objectContaining({ encryption_type: "KMS" })]);
    }
  });

  it("spans 2 AZs with a NAT gateway per AZ", () => {
    const net = p().plan("prod/us-east-1/network");
    expect(resources(net, "aws_nat_gateway")).toHaveLength(2);
    expect(resources(net, "aws_subnet", "private")).toHaveLength(2);
  });

  it("chains security groups ALB:80 → ECS:8080 → RDS:5432", () => {
    for (const env of ["staging", "prod"]) expectSecurityGroupChain(p(), env, `${env}/us-east-1`, "api", { alb: 80, service: 8080, db: 5432 });
  });

  it("lets the tasks send only 5432 to the database's group and 443 out, the load balancer only 8080 to the tasks, the database nothing", () => {
    for (const env of ["staging", "prod"]) {
      const service = p().plan(`${env}/us-east-1/service-api`);
      const egress = resources(service, "aws_vpc_security_group_egress_rule").map((r) => ({
        from: r.address.split(".")[1],
        to: r.values.cidr_ipv4 ?? (references(service, r.address, "referenced_security_group_id")[0] ?? "").replace(/^var\./, ""),
        port: [r.values.from_port, r.values.to_port],
      }));
      expect(egress).toEqual([
        { from: "alb_public_to_tasks", to: "aws_security_group.this.id", port: [8080, 8080] },
        { from: "https", to: "0.0.0.0/0", port: [443, 443] },
        { from: "to_database_main", to: "database_main_security_group_id", port: [5432, 5432] },
      ]);
      expect(resources(p().plan(`${env}/us-east-1/data`), "aws_vpc_security_group_egress_rule")).toEqual([]);
    }
  });

  it("runs 256/512 tasks, 3/3/10 in prod and 1/1/3 in staging, scaling on CPU 70 % and memory 80 % with a 5-minute scale-in cooldown, logs kept 30 days", () => {
    for (const [env, desired, min, max] of [
      ["prod", 3, 3, 10],
      ["staging", 1, 1, 3],
    ] as const) {
      const plan = p().plan(`${env}/us-east-1/service-api`);
      expect(resource(plan, "aws_ecs_task_definition", "this").values).toMatchObject({ cpu: "256", memory: "512" });
      expect(resource(plan, "aws_ecs_service", "this").values).toMatchObject({ desired_count: desired });
      expect(resources(plan, "aws_appautoscaling_target")[0]!.values).toMatchObject({ min_capacity: min, max_capacity: max });
      const configs = resources(plan, "aws_appautoscaling_policy").map(
        (r) => (r.values.target_tracking_scaling_policy_configuration as { target_value: number; scale_in_cooldown: number }[])[0]!,
      );
      expect(configs.map((c) => c.target_value).sort()).toEqual([70, 80]);
      expect(configs.map((c) => c.scale_in_cooldown)).toEqual([300, 300]);
      expect(resources(plan, "aws_cloudwatch_log_group")[0]!.values.retention_in_days).toBe(30);
      expect(resources(plan, "aws_lb_target_group")[0]!.values).toMatchObject({ port: 8080 });
    }
  });

  it("runs no container in staging from 8 PM to 8 AM UTC nor at weekends, and scales prod on no schedule", () => {
    expect(scheduledActions(p().plan("staging/us-east-1/service-api"))).toEqual([
      { name: "task-api-staging-api-evening", schedule: "cron(0 20 ? * MON-FRI *)", timezone: "UTC", min: 0, max: 0 },
      { name: "task-api-staging-api-morning", schedule: "cron(0 8 ? * MON-FRI *)", timezone: "UTC", min: 1, max: 3 },
    ]);
    expect(scheduledActions(p().plan("prod/us-east-1/service-api"))).toEqual([]);
  });
});

/** The scheduled scaling actions of a service stack's plan: when, and the range they set. */
function scheduledActions(plan: PlanJson): { name: string; schedule: string; timezone: string; min: number; max: number }[] {
  return resources(plan, "aws_appautoscaling_scheduled_action").map((r) => {
    // The provider keeps the scheduled range as strings.
    const range = (r.values.scalable_target_action as { min_capacity: string; max_capacity: string }[])[0]!;
    return {
      name: r.values.name as string,
      schedule: r.values.schedule as string,
      timezone: r.values.timezone as string,
      min: Number(range.min_capacity),
      max: Number(range.max_capacity),
    };
  });
}

/** Every file under a directory, recursively, skipping terraform's provider directories. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? (d.name === ".terraform" ? [] : walk(join(dir, d.name))) : [join(dir, d.name)],
  );
}

/** Attributes that would carry a secret value into a file, a state or a plan. */
/** Variables of the stack folder of `file` declared `ephemeral = true`. */
function ephemeralVariables(file: string): Set<string> {
  const vars = join(file, "..", "variables.tf");
  if (!existsSync(vars)) return new Set();
  const blocks = readFileSync(vars, "utf8")
    .split(/^variable /m)
    .slice(1);
  return new Set(blocks.filter((b) => /^\s*ephemeral\s*=\s*true/m.test(b)).map((b) => /^"([^"]+)"/.exec(b)![1]!));
}

const SECRET_ATTRIBUTES = ["password", "password_wo", "master_password", "master_password_wo", "secret_string", "secret_binary", "secret_string_wo"];

describe("task-api keeps the seed's operations tier", () => {
  const p = () => planned.get("task-api") as Planned;
  const base = "prod/us-east-1";
  const facts = (a: Record<string, unknown>) => [a.metric_name, a.statistic, a.comparison_operator, a.threshold, a.period];
  const alarmsOf = (path: string) => Object.fromEntries(resources(p().plan(path), "aws_cloudwatch_metric_alarm").map((a) => [a.name, a.values]));

  it("creates the hosted zone and a DNS-validated certificate for the domain and its wildcard", () => {
    const d = p().plan(`${base}/dns`);
    expect(resource(d, "aws_route53_zone", "this").values.name).toBe("tasks.example.com");
    expect(resource(d, "aws_acm_certificate", "this").values).toMatchObject({ domain_name: "tasks.example.com", validation_method: "DNS" });
    expect(resource(d, "aws_acm_certificate", "this").values.subject_alternative_names).toEqual(expect.arrayContaining(["*.tasks.example.com"]));
    expect(resource(d, "aws_route53_record", "validation", "tasks.example.com").values).toMatchObject({ ttl: 60, allow_overwrite: true });
    expect(resources(d, "aws_acm_certificate_validation")).toHaveLength(1);
    expect(resource(p().plan("staging/us-east-1/dns"), "aws_route53_zone", "this").values.name).toBe("staging.tasks.example.com");
  });

  it("serves HTTPS on 443 with the TLS 1.3 policy and redirects HTTP on 80 with a 301, open on 80 and 443 only", () => {
    for (const env of ["prod", "staging"]) {
      const plat = p().plan(`${env}/us-east-1/platform`);
      expect(resource(plat, "aws_lb_listener", "public").values).toMatchObject({
        port: 443,
        protocol: "HTTPS",
        ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificate_arn: mockOf(p(), env, "dns", "certificate_arn"),
      });
      const redirect = resource(plat, "aws_lb_listener", "public_redirect").values;
      expect(redirect).toMatchObject({ port: 80, protocol: "HTTP" });
      expect(redirect.default_action).toEqual([
        expect.objectContaining({ type: "redirect", redirect: [expect.objectContaining({ protocol: "HTTPS", port: "443", status_code: "HTTP_301" })] }),
      ]);
      expect(
        resources(plat, "aws_vpc_security_group_ingress_rule")
          .map((r) => [r.values.from_port, r.values.cidr_ipv4])
          .sort(),
      ).toEqual([
        [443, "0.0.0.0/0"],
        [80, "0.0.0.0/0"],
      ]);
    }
    const alias = resource(p().plan(`${base}/platform`), "aws_route53_record", "public", "tasks.example.com").values;
    expect(alias).toMatchObject({ name: "tasks.example.com", type: "A", zone_id: mockOf(p(), "prod", "dns", "zone_id") });
    const svc = p().plan(`${base}/service-api`) as unknown as { planned_values: { outputs: Record<string, { value: unknown }> } };
    expect(svc.planned_values.outputs.url?.value).toBe("https://tasks.example.com");
  });

  it("has the six alarms with the seed's thresholds, all notifying the topic with the email subscription", () => {
    for (const env of ["prod", "staging"]) {
      const alarms = alarmsOf(`${env}/us-east-1/service-api`);
      expect(Object.keys(alarms).sort()).toEqual(["cpu", "http4xx", "http5xx", "memory", "response_time", "unhealthy_hosts"]);
      expect(facts(alarms.response_time!)).toEqual(["TargetResponseTime", "Average", "GreaterThanThreshold", 1, 60]);
      expect(facts(alarms.unhealthy_hosts!)).toEqual(["UnHealthyHostCount", "Maximum", "GreaterThanOrEqualToThreshold", 1, 60]);
      expect(facts(alarms.http4xx!)).toEqual(["HTTPCode_Target_4XX_Count", "Sum", "GreaterThanThreshold", 50, 300]);
      expect(facts(alarms.http5xx!)).toEqual(["HTTPCode_Target_5XX_Count", "Sum", "GreaterThanThreshold", 5, 60]);
      expect(facts(alarms.cpu!)).toEqual(["CPUUtilization", "Average", "GreaterThanThreshold", 70, 300]);
      expect(facts(alarms.memory!)).toEqual(["MemoryUtilization", "Average", "GreaterThanThreshold", 80, 300]);
      for (const a of Object.values(alarms)) expect(a.alarm_actions).toEqual([`arn:aws:sns:us-east-1:123456789012:task-api-${env}-alarms`]);
      const sub = resource(p().plan(`${env}/us-east-1/platform`), "aws_sns_topic_subscription", "email", "oncall@example.com").values;
      expect(sub).toMatchObject({ protocol: "email", endpoint: "oncall@example.com" });
    }
  });

  it("alarms on the database's CPU, connections and free storage, beside it in the data stack, notifying the same topic", () => {
    const prod = alarmsOf(`${base}/data`);
    expect(Object.keys(prod).sort()).toEqual(["main_connections", "main_cpu", "main_free_storage"]);
    expect(facts(prod.main_cpu!)).toEqual(["CPUUtilization", "Average", "GreaterThanThreshold", 80, 300]);
    expect(facts(prod.main_connections!)).toEqual(["DatabaseConnections", "Average", "GreaterThanThreshold", 150, 300]);
    // 10 % of 100 GB, in bytes.
    expect(facts(prod.main_free_storage!)).toEqual(["FreeStorageSpace", "Minimum", "LessThanThreshold", 10 * 1024 ** 3, 300]);
    for (const a of Object.values(prod)) {
      expect(a.namespace).toBe("AWS/RDS");
      expect(a.alarm_actions).toEqual(["arn:aws:sns:us-east-1:123456789012:task-api-prod-alarms"]);
    }
    expect(references(p().plan(`${base}/data`), "aws_cloudwatch_metric_alarm.main_cpu", "dimensions")).toContain("aws_db_instance.main.identifier");
    const staging = alarmsOf("staging/us-east-1/data");
    expect([staging.main_connections!.threshold, staging.main_free_storage!.threshold]).toEqual([80, 2 * 1024 ** 3]);
  });

  it("draws the dashboard: ECS CPU and memory, latency percentiles, requests, errors, host counts, database CPU and connections, NAT gateways", () => {
    const dash = resource(p().plan(`${base}/monitoring`), "aws_cloudwatch_dashboard", "this").values;
    expect(dash.dashboard_name).toBe("task-api-prod");
    const body = JSON.parse(dash.dashboard_body as string) as { widgets: { properties: { title: string; metrics: unknown[][] } }[] };
    expect(body.widgets.map((w) => w.properties.title)).toEqual([
      "ECS CPU utilisation (%)",
      "ECS memory utilisation (%)",
      "public: target response time (s)",
      "public: requests",
      "public: HTTP errors",
      "public: healthy and unhealthy hosts",
      "Database CPU utilisation (%)",
      "Database connections",
      "NAT gateways: bytes to the internet",
      "NAT gateways: port allocation errors and dropped packets",
    ]);
    // One line per NAT gateway (one per AZ in prod), their ids read from the network stack.
    expect(body.widgets[8]!.properties.metrics.map((m) => m.slice(0, 3))).toEqual([
      ["AWS/NATGateway", "BytesOutToDestination", "NatGatewayId"],
      ["AWS/NATGateway", "BytesOutToDestination", "NatGatewayId"],
    ]);
    expect(body.widgets[2]!.properties.metrics.map((m) => (m[4] as { stat: string }).stat)).toEqual(["p50", "p95", "p99"]);
    expect(body.widgets[6]!.properties.metrics).toEqual([["AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", "task-api-prod-main", { label: "main" }]]);
    expect(body.widgets[7]!.properties.metrics).toEqual([["AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", "task-api-prod-main", { label: "main" }]]);
    expect(JSON.stringify(body)).toContain("app/task-api-prod-public/");
  });

  it("encrypts container logs in prod with the environment's logs key, whose policy admits only this region's CloudWatch Logs", () => {
    const net = p().plan(`${base}/network`);
    const key = resource(net, "aws_kms_key", "logs").values;
    expect(key.enable_key_rotation).toBe(true);
    expect(references(net, "aws_kms_key.logs", "policy")).toContain("aws_vpc.this.owner_id");
    const svc = resource(p().plan(`${base}/service-api`), "aws_cloudwatch_log_group", "this").values;
    expect(svc).toMatchObject({ retention_in_days: 30, kms_key_id: mockOf(p(), "prod", "network", "kms_logs_key_arn") });
    // Staging's tier keeps CloudWatch's own encryption.
    expect(resources(p().plan("staging/us-east-1/network"), "aws_kms_key")).toEqual([]);
    expect(resource(p().plan("staging/us-east-1/service-api"), "aws_cloudwatch_log_group", "this").values.kms_key_id ?? null).toBeNull();
  });
});

describe("no example writes a secret value", () => {
  it("sets no password or secret value attribute in any generated file, tfvars, log or plan", () => {
    for (const name of exampleNames()) {
      const p = planned.get(name) as Planned;
      for (const file of walk(p.out).filter((f) => /\.(tf|json|log)$/.test(f))) {
        // The one credential variable (a global database's ephemeral master password) gets a marker in offline plans only.
        const text = readFileSync(file, "utf8").replaceAll(`"${OFFLINE_SECRET_MOCK}"`, "<offline mock>");
        // In a plan log a set password would show as `password = (sensitive value)`; in tfvars as a JSON value.
        expect(text, file).not.toMatch(/\b(master_)?password"?\s*[=:]\s*["(]/);
        if (file.endsWith(".tf")) {
          const ephemeral = ephemeralVariables(file);
          for (const a of SECRET_ATTRIBUTES) {
            // Write-only arguments fed by an ephemeral variable reach AWS only: no plan, state or file holds the value.
            const lines = text.split("\n").filter((l) => new RegExp(`^\\s*${a}\\s*=`).test(l));
            const allowed = (l: string) =>
              a.endsWith("_wo") && [...l.matchAll(/var\.(\w+)/g)].length > 0 && [...l.matchAll(/var\.(\w+)/g)].every((m) => ephemeral.has(m[1]!));
            expect(
              lines.filter((l) => !allowed(l)),
              `${file} sets ${a}`,
            ).toEqual([]);
          }
          if (/aws_secretsmanager_secret_version/.test(text)) expect(text, file).toMatch(/^\s*secret_string_wo\s*=/m);
        }
        if (file.endsWith("plan.json")) {
          const plan = JSON.parse(text) as PlanJson;
          for (const r of plan.planned_values.root_module.resources ?? []) {
            // A resource whose every value is unknown until apply has no `values`.
            for (const a of SECRET_ATTRIBUTES) expect(r.values?.[a] ?? null, `${file}: ${r.address}.${a}`).toBeNull();
          }
        }
      }
      for (const s of p.stacks) {
        // Variables carry ids and ARNs between stacks, never a credential.
        for (const i of s.inputs) expect(i.variable, s.path).not.toMatch(/password|secret_value|secret_string/);
      }
    }
  });

  it("hands database credentials to containers only as ECS secrets, never as plain environment", () => {
    for (const name of exampleNames()) {
      const p = planned.get(name) as Planned;
      for (const s of p.stacks.filter((x) => x.id.startsWith("service-"))) {
        const c = container(p.plan(s.path));
        expect(
          c.environment.map((e) => e.name).filter((n) => /PASSWORD|SECRET|_USER$|TOKEN/.test(n)),
          s.path,
        ).toEqual([]);
        for (const secret of c.secrets ?? []) expect(secret.valueFrom, s.path).toMatch(/^(arn:aws:(secretsmanager|ssm):|\/)/);
      }
    }
  });
});

describe("sarc-ng keeps the seed's facts", () => {
  const p = () => planned.get("sarc-ng") as Planned;
  const cidrs = (plan: PlanJson, tier: string) =>
    resources(plan, "aws_subnet", tier)
      .map((s) => s.values.cidr_block as string)
      .sort();

  it("lays out 10.0.0.0/16 with the seed's public, private and database subnets: 2 AZs and one NAT in dev, 3 AZs and a NAT each in prod", () => {
    const dev = p().plan("dev/us-east-1/network");
    expect(resource(dev, "aws_vpc", "this").values).toMatchObject({ cidr_block: "10.0.0.0/16" });
    expect([cidrs(dev, "public"), cidrs(dev, "private"), cidrs(dev, "database")]).toEqual([
      ["10.0.1.0/24", "10.0.2.0/24"],
      ["10.0.10.0/24", "10.0.11.0/24"],
      ["10.0.20.0/24", "10.0.21.0/24"],
    ]);
    expect(resources(dev, "aws_nat_gateway")).toHaveLength(1);
    const prod = p().plan("prod/us-east-1/network");
    expect(cidrs(prod, "database")).toEqual(["10.0.20.0/24", "10.0.21.0/24", "10.0.22.0/24"]);
    expect(
      resources(prod, "aws_subnet", "private")
        .map((s) => s.values.availability_zone)
        .sort(),
    ).toEqual(["us-east-1a", "us-east-1b", "us-east-1c"]);
    expect(resources(prod, "aws_nat_gateway")).toHaveLength(3);
  });

  it("runs RDS MySQL 8.0 on db.t3.medium, 20 GB growing to 100 GB, single-AZ, 7-day backups in 03:00–06:00, Monday maintenance, unprotected, in dev", () => {
    const db = resource(p().plan("dev/us-east-1/data"), "aws_db_instance", "main").values;
    expect(db).toMatchObject({
      engine: "mysql",
      engine_version: "8.0",
      instance_class: "db.t3.medium",
      allocated_storage: 20,
      max_allocated_storage: 100,
      multi_az: false,
      backup_retention_period: 7,
      backup_window: "03:00-06:00",
      maintenance_window: "mon:00:00-mon:03:00",
      deletion_protection: false,
      storage_encrypted: true,
      enabled_cloudwatch_logs_exports: ["error", "slowquery"],
      manage_master_user_password: true,
    });
    const params = resource(p().plan("dev/us-east-1/data"), "aws_db_parameter_group", "main").values as {
      family: string;
      parameter: { name: string; value: string }[];
    };
    expect(params.family).toBe("mysql8.0");
    expect(params.parameter).toEqual(expect.arrayContaining([expect.objectContaining({ name: "require_secure_transport", value: "ON" })]));
  });

  it("runs Aurora MySQL 8.0.mysql_aurora.3.03.1 in prod: two db.r5.large instances in promotion tiers 1 and 2, 30-day backups, protected, Performance Insights", () => {
    const data = p().plan("prod/us-east-1/data");
    expect(resource(data, "aws_rds_cluster", "main").values).toMatchObject({
      engine: "aurora-mysql",
      engine_version: "8.0.mysql_aurora.3.03.1",
      backup_retention_period: 30,
      preferred_backup_window: "03:00-06:00",
      preferred_maintenance_window: "mon:00:00-mon:03:00",
      deletion_protection: true,
      storage_encrypted: true,
      copy_tags_to_snapshot: true,
    });
    const instances = resources(data, "aws_rds_cluster_instance", "main");
    expect(instances.map((i) => [i.values.instance_class, i.values.promotion_tier, i.values.performance_insights_enabled])).toEqual([
      ["db.r5.large", 1, true],
      ["db.r5.large", 2, true],
    ]);
  });

  it("chains security groups ALB:80 (and 443) → ECS:8080 → MySQL:3306", () => {
    for (const env of ["dev", "staging", "prod"]) expectSecurityGroupChain(p(), env, `${env}/us-east-1`, "api", { alb: 80, service: 8080, db: 3306 });
    expect(resource(p().plan("prod/us-east-1/platform"), "aws_vpc_security_group_ingress_rule", "public_https").values).toMatchObject({
      cidr_ipv4: "0.0.0.0/0",
      from_port: 443,
    });
  });

  it("runs 512/1024 × 1 in dev, 1024/2048 × 3 in prod scaling on CPU 70 % with 300 s cooldowns, deploying at 200 % / 50 %", () => {
    const dev = p().plan("dev/us-east-1/service-api");
    expect(resource(dev, "aws_ecs_task_definition", "this").values).toMatchObject({ cpu: "512", memory: "1024", requires_compatibilities: ["FARGATE"] });
    expect(resource(dev, "aws_ecs_service", "this").values).toMatchObject({
      desired_count: 1,
      deployment_maximum_percent: 200,
      deployment_minimum_healthy_percent: 50,
    });
    const prod = p().plan("prod/us-east-1/service-api");
    expect(resource(prod, "aws_ecs_task_definition", "this").values).toMatchObject({ cpu: "1024", memory: "2048" });
    expect(resource(prod, "aws_ecs_service", "this").values).toMatchObject({ desired_count: 3 });
    const policy = (resources(prod, "aws_appautoscaling_policy")[0]!.values.target_tracking_scaling_policy_configuration as Record<string, unknown>[])[0]!;
    expect(policy).toMatchObject({ target_value: 70, scale_in_cooldown: 300, scale_out_cooldown: 300 });
  });

  it("alarms on the seed's three conditions: service CPU > 80 %, database connections > 80, 5XX > 10", () => {
    const svc = p().plan("prod/us-east-1/service-api");
    expect(resource(svc, "aws_cloudwatch_metric_alarm", "cpu").values).toMatchObject({
      metric_name: "CPUUtilization",
      threshold: 80,
      comparison_operator: "GreaterThanThreshold",
    });
    // The seed's HTTPCode_ELB_5XX_Count > 10: 5XX the load balancer answers itself.
    expect(resource(svc, "aws_cloudwatch_metric_alarm", "load_balancer5xx").values).toMatchObject({
      metric_name: "HTTPCode_ELB_5XX_Count",
      threshold: 10,
      comparison_operator: "GreaterThanThreshold",
    });
    for (const env of ["dev", "prod"]) {
      expect(resource(p().plan(`${env}/us-east-1/data`), "aws_cloudwatch_metric_alarm", "main_connections").values).toMatchObject({
        metric_name: "DatabaseConnections",
        threshold: 80,
      });
    }
  });

  it("sends reservation events to an encrypted queue whose messages move to a dead-letter queue after 5 failed receives", () => {
    for (const env of ["dev", "prod"]) {
      const m = p().plan(`${env}/us-east-1/messaging`);
      const queue = resource(m, "aws_sqs_queue", "reservation_events").values;
      expect(queue).toMatchObject({ name: `sarc-ng-${env}-reservation-events`, visibility_timeout_seconds: 60, receive_wait_time_seconds: 20 });
      // The policy names the dead-letter queue's ARN, known after apply; the plan shows what it refers to.
      expect(references(m, "aws_sqs_queue.reservation_events", "redrive_policy")).toContain("aws_sqs_queue.reservation_events_dlq.arn");
      expect(resource(m, "aws_sqs_queue", "reservation_events_dlq").values).toMatchObject({
        name: `sarc-ng-${env}-reservation-events-dlq`,
        message_retention_seconds: 1209600,
      });
      // One per queue: reservation-events (the recorder's) and reservation-usage (the usage function's).
      expect(resources(m, "aws_sqs_queue_redrive_allow_policy")).toHaveLength(2);
      expect(resource(m, "aws_cloudwatch_metric_alarm", "reservation_events_dead_letters").values).toMatchObject({
        alarm_name: `sarc-ng-${env}-reservation-events-dead-letters`,
        metric_name: "ApproximateNumberOfMessagesVisible",
        threshold: 0,
      });
    }
    expect(resource(p().plan("dev/us-east-1/messaging"), "aws_sqs_queue", "reservation_events").values.sqs_managed_sse_enabled).toBe(true);
    expect(references(p().plan("prod/us-east-1/messaging"), "aws_sqs_queue.reservation_events", "kms_master_key_id")).toContain("aws_kms_key.messaging.arn");
    const api = p().plan("prod/us-east-1/service-api");
    const task = resource(api, "aws_ecs_task_definition", "this").values;
    const [container] = JSON.parse(task.container_definitions as string) as { environment: { name: string }[] }[];
    expect(container!.environment.map((e) => e.name)).toContain("RESERVATION_EVENTS_QUEUE_URL");
    expect(container!.environment.map((e) => e.name)).toContain("RESERVATION_USAGE_QUEUE_URL");
    const policy = JSON.parse(resource(api, "aws_iam_role_policy", "task_messaging").values.policy as string) as { Statement: { Action: unknown }[] };
    expect(policy.Statement.map((x) => x.Action)).toEqual([["sqs:SendMessage"], ["sqs:SendMessage"], ["kms:Decrypt", "kms:GenerateDataKey"]]);
  });

  it("records events with a worker on the queue (Fargate Spot in dev) that reaches MySQL through its own security group and scales on the backlog", () => {
    const strategy = (env: string) =>
      (
        resource(p().plan(`${env}/us-east-1/service-recorder`), "aws_ecs_service", "this").values.capacity_provider_strategy as { capacity_provider: string }[]
      ).map((c) => c.capacity_provider);
    expect(strategy("dev")).toEqual(["FARGATE_SPOT"]);
    expect(strategy("prod")).toEqual(["FARGATE"]);
    const prod = p().plan("prod/us-east-1/service-recorder");
    expect(resource(prod, "aws_ecs_service", "this").values.load_balancer).toEqual([]);
    expect(resource(prod, "aws_vpc_security_group_ingress_rule", "database_main_from_tasks").values).toMatchObject({ from_port: 3306, to_port: 3306 });
    expect(references(prod, "aws_vpc_security_group_ingress_rule.database_main_from_tasks", "referenced_security_group_id")).toContain(
      "aws_security_group.this.id",
    );
    const backlog = resource(prod, "aws_appautoscaling_policy", "backlog").values.target_tracking_scaling_policy_configuration as Record<string, unknown>[];
    expect(backlog[0]).toMatchObject({ target_value: 60 });
    const [container] = JSON.parse(resource(prod, "aws_ecs_task_definition", "this").values.container_definitions as string) as Record<string, unknown>[];
    expect(container!.command).toEqual(["node", "dist/recorder-main.js"]);
    expect(container).not.toHaveProperty("portMappings");
  });

  it("logs all VPC traffic to CloudWatch in every environment, as the seed lists", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const net = p().plan(`${env}/us-east-1/network`);
      expect(resource(net, "aws_flow_log", "this").values).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
      expect(resource(net, "aws_cloudwatch_log_group", "flow_logs").values).toMatchObject({ name: `/vpc/sarc-ng-${env}/flow-logs` });
      // Only this account's flow logs in this region may assume the role (the account is the environment's).
      const trust = JSON.parse(resource(net, "aws_iam_role", "flow_logs").values.assume_role_policy as string) as { Statement: { Condition: unknown }[] };
      const account = { dev: "111111111111", staging: "222222222222", prod: "333333333333" }[env];
      expect(trust.Statement[0]!.Condition).toEqual({
        StringEquals: { "aws:SourceAccount": account },
        ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${account}:vpc-flow-log/*` },
      });
    }
  });

  it("scales staging's api and recorder to zero out of hours, and back to their ranges at 08:00 UTC on weekdays", () => {
    for (const [service, max] of [
      ["api", 1],
      ["recorder", 4],
    ] as const) {
      expect(scheduledActions(p().plan(`staging/us-east-1/service-${service}`))).toEqual([
        { name: `sarc-ng-staging-${service}-evening`, schedule: "cron(0 20 ? * MON-FRI *)", timezone: "UTC", min: 0, max: 0 },
        { name: `sarc-ng-staging-${service}-morning`, schedule: "cron(0 8 ? * MON-FRI *)", timezone: "UTC", min: 1, max },
      ]);
      expect(scheduledActions(p().plan(`prod/us-east-1/service-${service}`))).toEqual([]);
    }
  });

  it("expires stale reservations daily at 03:00 UTC through a state machine that runs the task, and alarms when a run fails", () => {
    const job = p().plan("prod/us-east-1/service-expire");
    expect(resource(job, "aws_scheduler_schedule", "this").values).toMatchObject({
      schedule_expression: "cron(0 3 * * ? *)",
      schedule_expression_timezone: "UTC",
      state: "ENABLED",
    });
    // The definition names the task definition's ARN (known after apply); the unit tests read its timeout and retries.
    expect(resource(job, "aws_sfn_state_machine", "this").values).toMatchObject({ name: "sarc-ng-prod-expire", type: "STANDARD" });
    expect(references(job, "aws_sfn_state_machine.this", "definition")).toEqual(
      expect.arrayContaining(["aws_ecs_task_definition.this.arn", "var.cluster_arn"]),
    );
    expect(resource(job, "aws_cloudwatch_metric_alarm", "failed").values).toMatchObject({
      namespace: "AWS/States",
      metric_name: "ExecutionsFailed",
      threshold: 0,
    });
    expect(resources(job, "aws_ecs_service")).toEqual([]);
  });

  it("runs the seed's sarc-ng-api on Lambda in the VPC, admitted by the database, behind the HTTP API on api.<domain>", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const fn = p().plan(`${env}/us-east-1/function-api`);
      expect(resource(fn, "aws_lambda_function", "this").values).toMatchObject({
        function_name: "sarc-ng-api",
        handler: "index.handler",
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        memory_size: 512,
        timeout: 10,
        publish: true,
        environment: [{ variables: { DB_NAME: "sarcng", DB_PORT: "3306" } }],
      });
      expect(resource(fn, "aws_cloudwatch_log_group", "this").values).toMatchObject({ name: "/aws/lambda/sarc-ng-api" });
      expect(resource(fn, "aws_lambda_alias", "live").values).toMatchObject({ name: "live", function_name: "sarc-ng-api" });
      expect(resource(fn, "aws_vpc_security_group_ingress_rule", "database_main_from_function").values).toMatchObject({ from_port: 3306, to_port: 3306 });
      const api = p().plan(`${env}/us-east-1/api-public`);
      expect(resources(api, "aws_apigatewayv2_route").map((r) => r.values.route_key)).toEqual(["GET /resources", "GET /resources/{id}/availability"]);
      expect(resource(api, "aws_apigatewayv2_integration", "api").values).toMatchObject({ integration_type: "AWS_PROXY", payload_format_version: "2.0" });
      expect(resource(api, "aws_apigatewayv2_stage", "this").values).toMatchObject({
        name: "$default",
        default_route_settings: [{ throttling_rate_limit: 50, throttling_burst_limit: 100 }],
      });
      expect(resource(api, "aws_lambda_permission", "api").values).toMatchObject({ function_name: "sarc-ng-api", qualifier: "live" });
      expect(resources(api, "aws_apigatewayv2_domain_name").map((d) => d.values.domain_name)).toEqual(
        env === "staging" ? [] : [env === "prod" ? "api.sarc-ng.example.com" : "api.dev.sarc-ng.example.com"],
      );
    }
  });

  it("runs the seed's ecs-nlb-service: api-internal behind the internal NLB on TCP 8080, checked over HTTP, admitting the NLB's group only", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const platform = p().plan(`${env}/us-east-1/platform`);
      expect(resource(platform, "aws_lb", "nlb_internal").values).toMatchObject({
        name: `sarc-ng-${env}-internal`,
        load_balancer_type: "network",
        internal: true,
        enable_cross_zone_load_balancing: true,
        enable_deletion_protection: env === "prod",
      });
      expect(resource(platform, "aws_vpc_security_group_ingress_rule", "nlb_internal_tcp_8080").values).toMatchObject({
        ip_protocol: "tcp",
        from_port: 8080,
        cidr_ipv4: "10.0.0.0/16",
      });
      expect(resource(platform, "aws_route53_record", "nlb_internal").values).toMatchObject({
        name: `internal.${env === "prod" ? "" : `${env}.`}sarc-ng.example.com`,
      });
      const svc = p().plan(`${env}/us-east-1/service-api-internal`);
      expect(resource(svc, "aws_lb_listener", "nlb_internal_8080").values).toMatchObject({ port: 8080, protocol: "TCP" });
      expect(resource(svc, "aws_lb_target_group", "nlb_internal_8080").values).toMatchObject({
        name: `sarc-ng-${env}-api-internal-nlb`,
        protocol: "TCP",
        target_type: "ip",
        health_check: [{ protocol: "HTTP", path: "/health", port: "traffic-port" }],
      });
      expect(resource(svc, "aws_vpc_security_group_ingress_rule", "from_nlb_internal_8080").values).toMatchObject({ from_port: 8080, ip_protocol: "tcp" });
      expect(resource(svc, "aws_cloudwatch_metric_alarm", "unhealthy_hosts_nlb_internal_8080").values).toMatchObject({
        namespace: "AWS/NetworkELB",
        metric_name: "UnHealthyHostCount",
      });
    }
  });

  it("deploys the prod api blue/green through CodeDeploy (service: 10 % for 5 minutes, test listener 8443; function: 10 % a minute), rolling back on alarms; dev keeps rolling", () => {
    const prod = p().plan("prod/us-east-1/service-api");
    expect(resource(prod, "aws_codedeploy_deployment_group", "this").values).toMatchObject({
      app_name: "sarc-ng-prod-api",
      deployment_group_name: "sarc-ng-prod-api",
      deployment_config_name: "CodeDeployDefault.ECSCanary10Percent5Minutes",
      deployment_style: [{ deployment_option: "WITH_TRAFFIC_CONTROL", deployment_type: "BLUE_GREEN" }],
      auto_rollback_configuration: [{ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] }],
      blue_green_deployment_config: [{ terminate_blue_instances_on_deployment_success: [{ action: "TERMINATE", termination_wait_time_in_minutes: 15 }] }],
    });
    expect(resource(prod, "aws_ecs_service", "this").values).toMatchObject({ deployment_controller: [{ type: "CODE_DEPLOY" }] });
    expect(resource(prod, "aws_lb_target_group", "public_green").values).toMatchObject({ name: "sarc-ng-prod-api-green", port: 8080 });
    expect(resource(prod, "aws_lb_listener", "test").values).toMatchObject({ port: 8443, protocol: "HTTPS" });
    expect(resource(prod, "aws_vpc_security_group_ingress_rule", "test_listener").values).toMatchObject({ cidr_ipv4: "10.0.0.0/16", from_port: 8443 });
    const fn = p().plan("prod/us-east-1/function-api");
    expect(resource(fn, "aws_codedeploy_app", "this").values).toMatchObject({ name: "sarc-ng-api", compute_platform: "Lambda" });
    expect(resource(fn, "aws_codedeploy_deployment_group", "this").values).toMatchObject({
      deployment_config_name: "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
      auto_rollback_configuration: [{ enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] }],
    });
    expect(resources(p().plan("dev/us-east-1/function-api"), "aws_codedeploy_deployment_group")).toEqual([]);
    const dev = p().plan("dev/us-east-1/service-api");
    expect(resources(dev, "aws_codedeploy_deployment_group")).toEqual([]);
    expect(resource(dev, "aws_ecs_service", "this").values).toMatchObject({ deployment_maximum_percent: 200, deployment_minimum_healthy_percent: 50 });
  });
  it("runs the seed's SQS consumer and EventBridge-triggered function on Lambda in the VPC: usage on its queue, prune daily at 04:00 UTC", () => {
    for (const env of ["dev", "prod"]) {
      const usage = p().plan(`${env}/us-east-1/function-usage`);
      expect(resource(usage, "aws_lambda_function", "this").values).toMatchObject({
        function_name: `sarc-ng-${env}-usage`,
        handler: "index.usage",
        timeout: 10,
      });
      expect(resource(usage, "aws_lambda_event_source_mapping", "queue").values).toMatchObject({
        batch_size: 10,
        function_response_types: ["ReportBatchItemFailures"],
      });
      expect(references(usage, "aws_lambda_event_source_mapping.queue", "function_name")).toContain("aws_lambda_alias.live.arn");
      expect(resource(usage, "aws_vpc_security_group_ingress_rule", "database_main_from_function").values).toMatchObject({ from_port: 3306 });
      const prune = p().plan(`${env}/us-east-1/function-prune`);
      expect(resource(prune, "aws_lambda_function", "this").values).toMatchObject({
        function_name: `sarc-ng-${env}-prune`,
        handler: "index.prune",
        timeout: 60,
        environment: [{ variables: expect.objectContaining({ KEEP_DAYS: "365" }) }],
      });
      expect(resources(prune, "aws_cloudwatch_event_rule").map((r) => r.values.schedule_expression)).toEqual(["cron(0 4 * * ? *)"]);
      expect(resource(prune, "aws_sqs_queue", "events_dlq").values).toMatchObject({ name: `sarc-ng-${env}-prune-events-dlq` });
    }
  });
});

describe("sarc-ng and task-api recover in us-west-2, as their seeds ask", () => {
  const sarc = () => planned.get("sarc-ng") as Planned;
  const tasks = () => planned.get("task-api") as Planned;

  it("plans every stack of sarc-ng prod in both regions, each provider in its region, assuming the prod role, with the seed's tags", () => {
    const prod = sarc().stacks.filter((s) => s.env === "prod");
    expect([...new Set(prod.map((s) => s.region))]).toEqual(["us-east-1", "us-west-2"]);
    expect(prod.filter((s) => s.region === "us-west-2").map((s) => s.id)).toEqual([
      "dns",
      "network",
      "platform",
      "data",
      "messaging",
      "service-api",
      "service-api-internal",
      "service-recorder",
      // The API function and the queue consumer run in the standby too; prune (a schedule) does not.
      "function-api",
      "function-usage",
      "api-public",
    ]);
    for (const s of prod) {
      const text = readFileSync(join(sarc().out, s.path, "providers.tf"), "utf8");
      expect(text).toContain(`region              = "${s.region}"`);
      expect(text).toContain('role_arn     = "arn:aws:iam::333333333333:role/berth-deployer"');
      expect(s.backend.key).toBe(`sarc-ng/prod/${s.region}/${s.id}.tfstate`);
      const plan = sarc().plan(s.path);
      for (const r of plan.planned_values.root_module.resources ?? []) {
        if (!r.values || !("tags_all" in r.values)) continue;
        expect(r.values.tags_all, r.address).toMatchObject({
          Project: "sarc-ng",
          Environment: "prod",
          CostCenter: "engineering",
          Owner: "platform-team",
          ManagedBy: "terraform",
        });
      }
    }
  });

  it("runs the Aurora global database sarc-ng-global: its primary cluster in us-east-1, a secondary with its instances and its own key in us-west-2", () => {
    const east = sarc().plan("prod/us-east-1/data");
    expect(resource(east, "aws_rds_global_cluster", "main").values).toMatchObject({
      global_cluster_identifier: "sarc-ng-global",
      engine: "aurora-mysql",
      engine_version: "8.0.mysql_aurora.3.03.1",
      storage_encrypted: true,
    });
    expect(references(east, "aws_rds_cluster.main", "global_cluster_identifier")).toContain("aws_rds_global_cluster.main.id");
    const west = sarc().plan("prod/us-west-2/data");
    const secondary = resource(west, "aws_rds_cluster", "main").values;
    expect(secondary).toMatchObject({ global_cluster_identifier: "sarc-ng-global", engine: "aurora-mysql", storage_encrypted: true });
    expect(secondary.master_username ?? null).toBeNull();
    expect(secondary.manage_master_user_password ?? null).toBeNull();
    expect(references(west, "aws_rds_cluster.main", "kms_key_id")).toContain("aws_kms_key.rds.arn");
    expect(resources(west, "aws_kms_key", "rds")).toHaveLength(1);
    expect(resources(west, "aws_rds_cluster_instance", "main")).toHaveLength(2);
    expect(readFileSync(join(sarc().out, "prod/us-west-2/data/providers.tf"), "utf8")).toContain('region              = "us-west-2"');
    expect(sarc().stacks.find((s) => s.path === "prod/us-west-2/data")!.dependsOn).toContain("us-east-1/data");
  });

  it("replicates prod's repositories to us-west-2, where the standby platform has repositories of the same names", () => {
    const east = sarc().plan("prod/us-east-1/platform");
    const rule = (resource(east, "aws_ecr_replication_configuration", "this").values.replication_configuration as { rule: unknown[] }[])[0]!.rule[0];
    expect(rule).toMatchObject({ destination: [{ region: "us-west-2" }], repository_filter: [{ filter: "sarc-ng-prod-", filter_type: "PREFIX_MATCH" }] });
    expect(resource(sarc().plan("prod/us-west-2/platform"), "aws_ecr_repository", "api").values).toMatchObject({ name: "sarc-ng-prod-api" });
  });

  it("answers sarc-ng.example.com from us-east-1 while its health check passes, else from us-west-2, each region with its own certificate", () => {
    for (const [region, role] of [
      ["us-east-1", "PRIMARY"],
      ["us-west-2", "SECONDARY"],
    ] as const) {
      const platform = sarc().plan(`prod/${region}/platform`);
      expect(resource(platform, "aws_route53_health_check", "public").values).toMatchObject({ type: "HTTPS", port: 443, resource_path: "/health" });
      expect(resource(platform, "aws_route53_record", "public", "sarc-ng.example.com").values).toMatchObject({
        set_identifier: region,
        failover_routing_policy: [{ type: role }],
      });
      expect(resources(sarc().plan(`prod/${region}/dns`), "aws_acm_certificate", "this")).toHaveLength(1);
    }
    // The zone is the primary's: the standby reads its id and owns no zone nor validation record.
    expect(resources(sarc().plan("prod/us-west-2/dns"), "aws_route53_zone")).toHaveLength(0);
    expect(resources(sarc().plan("prod/us-west-2/dns"), "aws_route53_record")).toHaveLength(0);
    expect(sarc().stacks.find((s) => s.path === "prod/us-west-2/platform")!.dependsOn).toContain("us-east-1/dns");
  });

  it("answers api.sarc-ng.example.com from each region's HTTP API, PRIMARY then SECONDARY, each behind a check of its region's API", () => {
    for (const [region, role] of [
      ["us-east-1", "PRIMARY"],
      ["us-west-2", "SECONDARY"],
    ] as const) {
      const api = sarc().plan(`prod/${region}/api-public`);
      expect(resource(api, "aws_apigatewayv2_domain_name", "this").values).toMatchObject({ domain_name: "api.sarc-ng.example.com" });
      expect(resource(api, "aws_route53_record", "this").values).toMatchObject({
        name: "api.sarc-ng.example.com",
        set_identifier: region,
        failover_routing_policy: [{ type: role }],
      });
      expect(resource(api, "aws_route53_health_check", "this").values).toMatchObject({
        type: "HTTPS",
        port: 443,
        enable_sni: true,
        resource_path: "/resources",
      });
      expect(references(api, "aws_route53_health_check.this", "fqdn")).toContain("aws_apigatewayv2_api.this.api_endpoint");
    }
    expect(resources(sarc().plan("prod/us-west-2/function-api"), "aws_iam_role").map((r) => r.values.name)).toContain("sarc-ng-api-fn-usw2");
  });

  it("runs the standby's services at one task and no scheduled job there", () => {
    const api = sarc().plan("prod/us-west-2/service-api");
    expect(resource(api, "aws_ecs_service", "this").values).toMatchObject({ name: "sarc-ng-prod-api", desired_count: 1 });
    expect(resources(api, "aws_iam_role").map((r) => r.values.name)).toEqual(
      expect.arrayContaining(["sarc-ng-prod-api-exec-usw2", "sarc-ng-prod-api-task-usw2"]),
    );
    expect(sarc().stacks.some((s) => s.path === "prod/us-west-2/service-expire")).toBe(false);
  });

  it("replicates task-api prod's automated backups to us-west-2 under a key there (the seed's cross-region replication)", () => {
    const data = tasks().plan("prod/us-east-1/data");
    expect(resource(data, "aws_db_instance_automated_backups_replication", "main").values).toMatchObject({ retention_period: 30 });
    expect(references(data, "aws_db_instance_automated_backups_replication.main", "source_db_instance_arn")).toContain("aws_db_instance.main.arn");
    expect(references(data, "aws_db_instance_automated_backups_replication.main", "kms_key_id")).toContain("aws_kms_key.main_backups.arn");
    const providers = readFileSync(join(tasks().out, "prod/us-east-1/data/providers.tf"), "utf8");
    expect(providers).toContain('alias  = "us_west_2"');
    expect(resources(tasks().plan("staging/us-east-1/data"), "aws_db_instance_automated_backups_replication")).toHaveLength(0);
  });
});
