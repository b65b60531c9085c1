/**
 * Every example, every environment: synth, `terraform fmt -check`, offline plan, `terraform validate`,
 * then the seed's key facts asserted on `plan.json`. Runs the real terraform; it fails (never skips)
 * when terraform or the provider cannot be found.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { planOffline, type OfflinePlanResult } from "../../src/runner/offline.js";
import { terraformEnv } from "../../src/runner/terraform-env.js";
import type { Stack } from "../../src/terraform/stack.js";
import { writeStacks } from "../../src/terraform/write.js";
import { exampleNames, loadExample } from "../support/examples.js";
import { awsProviderSchema, checkAgainstSchema } from "../support/provider-schema.js";
import { type PlanJson, readPlan, resource, resources } from "../support/plan-json.js";

interface Planned {
  readonly out: string;
  readonly stacks: Stack[];
  readonly results: OfflinePlanResult[];
  plan(path: string): PlanJson;
}

const planned = new Map<string, Planned>();

async function planExample(name: string): Promise<Planned> {
  const { stacks } = await loadExample(name);
  const out = mkdtempSync(join(tmpdir(), `berth-${name}-`));
  writeStacks(stacks, out);
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

  it("passes terraform validate in every stack", () => {
    const { binary, env } = terraformEnv();
    for (const s of p.stacks) {
      const out = execFileSync(binary, ["validate", "-json"], { cwd: join(p.out, ".berth", "offline", s.path), env, encoding: "utf8" });
      expect(JSON.parse(out), s.path).toMatchObject({ valid: true, error_count: 0 });
    }
  });
});

describe("skyfox keeps the seed's facts", () => {
  const p = () => planned.get("skyfox") as Planned;
  const base = "devprod/ap-south-1";

  it("builds the VPC, subnets and no NAT, with the endpoints private instances need", () => {
    const net = p().plan(`${base}/network`);
    expect(resource(net, "aws_vpc", "this").values).toMatchObject({ cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true });
    expect(resources(net, "aws_subnet", "public").map((s) => s.values.cidr_block).sort()).toEqual(["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]);
    expect(resources(net, "aws_subnet", "private").map((s) => s.values.cidr_block).sort()).toEqual(["10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24"]);
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
    expect(listener.default_action).toEqual([expect.objectContaining({ type: "fixed-response", fixed_response: [expect.objectContaining({ status_code: "404" })] })]);
    const repos = resources(plat, "aws_ecr_repository").map((r) => r.values.name).sort();
    expect(repos).toEqual(["skyfox-devprod-backend", "skyfox-devprod-movie-service", "skyfox-devprod-payment-service"]);
    const policy = JSON.parse(resource(plat, "aws_ecr_lifecycle_policy", "backend").values.policy as string);
    const counts = policy.rules.map((r: { selection: { countNumber: number; countType: string } }) => [r.selection.countType, r.selection.countNumber]);
    expect(counts).toEqual(expect.arrayContaining([["sinceImagePushed", 3], ["imageCountMoreThan", 4]]));
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
    expect(policy.rules).toEqual(expect.arrayContaining([expect.objectContaining({ selection: expect.objectContaining({ countNumber: 10, tagPrefixList: ["latest"] }) })]));
  });

  it("has one NAT gateway for private tasks", () => {
    expect(resources(p().plan(`${base}/network`), "aws_nat_gateway")).toHaveLength(1);
  });

  it("runs 2 tasks, scales 1–5 on CPU 70 % and memory 80 %, keeps 50 % healthy during deploys, logs 14 days", () => {
    const plan = p().plan(`${base}/service-web`);
    expect(resource(plan, "aws_ecs_service", "this").values).toMatchObject({ desired_count: 2, deployment_minimum_healthy_percent: 50 });
    expect(resources(plan, "aws_appautoscaling_target")[0]!.values).toMatchObject({ min_capacity: 1, max_capacity: 5 });
    const targets = resources(plan, "aws_appautoscaling_policy").map((r) => (r.values.target_tracking_scaling_policy_configuration as { target_value: number }[])[0]!.target_value).sort();
    expect(targets).toEqual([70, 80]);
    expect(resources(plan, "aws_cloudwatch_log_group")[0]!.values.retention_in_days).toBe(14);
    const tg = resources(plan, "aws_lb_target_group")[0]!.values;
    expect(tg.health_check).toEqual([expect.objectContaining({ path: "/", healthy_threshold: 2, unhealthy_threshold: 2 })]);
  });
});
