import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { attrExpr, attrValue, child, fileOf, findBlock, findBlocks, jsonAttr, nested } from "../../test/support/hcl-query.js";
import { printFile } from "../hcl/index.js";
import { loadConfig, resolveModel } from "../index.js";
import type { Environment } from "../model/types.js";
import { renderPlatformStack } from "./platform.js";
import { ELB_LOG_DELIVERY_SERVICE } from "./platform/elb-accounts.js";
import type { Stack } from "./stack.js";
import { replan } from "../../test/support/stack.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { WAF_MANAGED_RULE_GROUPS } from "../model/load-balancer.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");

async function exampleEnv(name: string): Promise<Environment> {
  const { config } = await loadConfig({ config: join(EXAMPLES, name, "berth.config.ts") });
  const env = resolveModel(config).environments[0];
  if (!env) throw new Error(`example ${name} has no environment`);
  return env;
}

const fileNames = (stack: Stack): string[] => stack.files.map((f) => f.name);

let skyfox: Environment;
let booker: Environment;
beforeAll(async () => {
  [skyfox, booker] = await Promise.all([exampleEnv("skyfox"), exampleEnv("sky-high-booker")]);
});

describe("platform stack: skyfox (EC2 arm64, external + internal ALB)", () => {
  let stack: Stack;
  beforeAll(() => {
    stack = renderPlatformStack(skyfox);
  });

  it("is wired after the network stack, from its outputs", () => {
    expect(stack).toMatchObject({ id: "platform", path: "devprod/ap-south-1/platform", dependsOn: ["network"] });
    expect(fileNames(stack)).toEqual([
      "versions.tf",
      "backend.tf",
      "providers.tf",
      "variables.tf",
      "cluster.tf",
      "capacity.tf",
      "load-balancers.tf",
      "access-logs.tf",
      "registries.tf",
      "outputs.tf",
    ]);
    expect(stack.inputs).toEqual([
      { variable: "private_subnet_ids", stack: "network", output: "private_subnet_ids" },
      { variable: "public_subnet_ids", stack: "network", output: "public_subnet_ids" },
      { variable: "vpc_id", stack: "network", output: "vpc_id" },
    ]);
    expect(attrValue(findBlock(stack, "variable", "private_subnet_ids"), "type")).toEqual({ raw: "list(string)" });
  });

  it("launches ECS-optimized AL2023 arm64 instances with IMDSv2 and an encrypted gp3 root volume", () => {
    const lt = findBlock(stack, "resource", "aws_launch_template", "this");
    expect(fileOf(stack, lt)).toBe("capacity.tf");
    expect(attrValue(lt, "image_id")).toBe("resolve:ssm:/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id");
    expect(attrValue(lt, "instance_type")).toBe("t4g.small");
    const imds = child(lt, "metadata_options");
    expect(attrValue(imds, "http_tokens")).toBe("required");
    expect(attrValue(imds, "http_put_response_hop_limit")).toBe(2);
    const ebs = child(child(lt, "block_device_mappings"), "ebs");
    expect([attrValue(ebs, "volume_type"), attrValue(ebs, "encrypted"), attrValue(ebs, "volume_size")]).toEqual(["gp3", true, 30]);
    expect(JSON.stringify(attrValue(lt, "user_data"))).toContain("ECS_CLUSTER=${aws_ecs_cluster.this.name}");
  });

  it("runs an Auto Scaling group of 2–4 across the public and private subnets, scaled by ECS", () => {
    const asg = findBlock(stack, "resource", "aws_autoscaling_group", "this");
    expect([attrValue(asg, "min_size"), attrValue(asg, "max_size"), attrValue(asg, "desired_capacity")]).toEqual([2, 4, 2]);
    const zones = (attrValue(asg, "vpc_zone_identifier") as { raw: string }).raw;
    expect(zones).toContain("var.public_subnet_ids");
    expect(zones).toContain("var.private_subnet_ids");
    expect(attrValue(asg, "protect_from_scale_in")).toBe(true);
    expect(attrValue(child(asg, "lifecycle"), "ignore_changes")).toEqual({ raw: "[desired_capacity]" });
    const managed = nested(asg, "tag").map((t) => [attrValue(t, "key"), attrValue(t, "value"), attrValue(t, "propagate_at_launch")]);
    expect(managed).toEqual([["AmazonECSManaged", "true", true]]);

    const cp = findBlock(stack, "resource", "aws_ecs_capacity_provider", "this");
    const asgProvider = child(cp, "auto_scaling_group_provider");
    expect(attrValue(asgProvider, "managed_termination_protection")).toBe("ENABLED");
    expect(attrValue(child(asgProvider, "managed_scaling"), "target_capacity")).toBe(100);

    const strategy = child(findBlock(stack, "resource", "aws_ecs_cluster_capacity_providers", "this"), "default_capacity_provider_strategy");
    expect(attrValue(strategy, "capacity_provider")).toEqual({ raw: "aws_ecs_capacity_provider.this.name" });
  });

  it("gives instances SSM and the ECS agent role, and opens them only to the ALB of the bridge-mode backend", () => {
    const attach = findBlock(stack, "resource", "aws_iam_role_policy_attachment", "this");
    expect(JSON.stringify(attrValue(attach, "for_each"))).toContain("AmazonEC2ContainerServiceforEC2Role");
    expect(JSON.stringify(attrValue(attach, "for_each"))).toContain("AmazonSSMManagedInstanceCore");
    const sg = findBlock(stack, "resource", "aws_security_group", "instances");
    expect(nested(sg, "ingress")).toEqual([]);
    const rule = (type: string, name: string) => {
      const r = findBlock(stack, "resource", type, name);
      return ["security_group_id", "referenced_security_group_id", "from_port", "to_port"].map((a) => attrValue(r, a));
    };
    const instances = { raw: "aws_security_group.instances.id" };
    const external = { raw: "aws_security_group.external.id" };
    const internal = { raw: "aws_security_group.internal.id" };
    expect(rule("aws_vpc_security_group_ingress_rule", "instances_from_alb_external")).toEqual([instances, external, 32768, 65535]);
    expect(rule("aws_vpc_security_group_egress_rule", "alb_external_to_instances")).toEqual([external, instances, 32768, 65535]);
    // The backend calls payment and movie through the internal ALB, from the instances' address.
    expect(rule("aws_vpc_security_group_ingress_rule", "alb_internal_from_instances")).toEqual([internal, instances, 80, 80]);
    const ingress = findBlocks(stack, "resource", "aws_vpc_security_group_ingress_rule").map((r) => r.labels[1]);
    expect(ingress.sort()).toEqual(["alb_internal_from_instances", "external_http", "instances_from_alb_external"]);
  });

  it("writes each bridge-mode rule once, however many bridge services share a load balancer", () => {
    const backend = skyfox.services.find((s) => s.name === "backend");
    if (!backend) throw new Error("skyfox has no backend");
    const twin = { ...backend, name: "backend-two", fullName: `${backend.fullName}-two` };
    const two = renderPlatformStack({ ...skyfox, services: [...skyfox.services, twin] });
    const names = findBlocks(two, "resource", "aws_vpc_security_group_ingress_rule").map((r) => r.labels[1]);
    expect(names.sort()).toEqual(["alb_internal_from_instances", "external_http", "instances_from_alb_external"]);
    const capacity = two.files.find((f) => f.name === "capacity.tf");
    expect(capacity && printFile(capacity)).toContain("Targets of external: backend, backend-two");
  });

  it("answers unmatched requests on the internal ALB with a fixed 404, and opens it to nobody here", () => {
    const listener = findBlock(stack, "resource", "aws_lb_listener", "internal");
    const action = child(listener, "default_action");
    expect(attrValue(action, "type")).toBe("fixed-response");
    const fixed = child(action, "fixed_response");
    expect([attrValue(fixed, "status_code"), attrValue(fixed, "message_body"), attrValue(fixed, "content_type")]).toEqual(["404", "Not Found", "text/plain"]);
    const lb = findBlock(stack, "resource", "aws_lb", "internal");
    expect([attrValue(lb, "internal"), attrValue(lb, "subnets"), attrValue(lb, "drop_invalid_header_fields")]).toEqual([
      true,
      { raw: "var.private_subnet_ids" },
      true,
    ]);
  });

  it("leaves the external ALB's forward default to the backend's stack: 503 until it registers", () => {
    const fixed = child(child(findBlock(stack, "resource", "aws_lb_listener", "external"), "default_action"), "fixed_response");
    expect(attrValue(fixed, "status_code")).toBe("503");
    const http = findBlock(stack, "resource", "aws_vpc_security_group_ingress_rule", "external_http");
    expect([attrValue(http, "cidr_ipv4"), attrValue(http, "from_port"), attrValue(http, "to_port")]).toEqual(["0.0.0.0/0", 80, 80]);
  });

  it("sends both ALBs' logs to one bucket, writable by the ap-south-1 ELB account", () => {
    // The second bucket holds the first one's own server access logs.
    expect(findBlocks(stack, "resource", "aws_s3_bucket").map((b) => b.labels[1])).toEqual(["this", "this_server_logs"]);
    const policy = jsonAttr(findBlock(stack, "resource", "aws_s3_bucket_policy", "this"), "policy") as { Statement: Record<string, unknown>[] };
    expect(policy.Statement[0]).toMatchObject({
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::718504428378:root" },
      Action: "s3:PutObject",
      Resource: ["${aws_s3_bucket.this.arn}/external/AWSLogs/*", "${aws_s3_bucket.this.arn}/internal/AWSLogs/*"],
    });
    expect(policy.Statement[1]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    for (const key of ["external", "internal"]) {
      const lb = findBlock(stack, "resource", "aws_lb", key);
      expect(attrValue(child(lb, "access_logs"), "prefix")).toBe(key);
      expect(attrValue(lb, "depends_on")).toEqual({ raw: "[aws_s3_bucket_policy.this]" });
    }
  });

  it("keeps the last 4 tagged images and expires untagged ones after 3 days", () => {
    for (const svc of ["backend", "payment_service", "movie_service"]) {
      const policy = jsonAttr(findBlock(stack, "resource", "aws_ecr_lifecycle_policy", svc), "policy") as { rules: { selection: unknown }[] };
      expect(policy.rules.map((r) => r.selection)).toEqual([
        { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 3 },
        { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 4 },
      ]);
    }
  });

  it("declares every output with a description and a mock of the real shape", () => {
    const byName = Object.fromEntries(stack.outputs.map((o) => [o.name, o.mock]));
    expect(byName).toMatchObject({
      cluster_name: "skyfox-devprod-cluster",
      cluster_arn: "arn:aws:ecs:ap-south-1:123456789012:cluster/skyfox-devprod-cluster",
      alb_internal_dns_name: "internal-skyfox-devprod-internal-1234567890.ap-south-1.elb.amazonaws.com",
      alb_external_dns_name: "skyfox-devprod-external-1234567890.ap-south-1.elb.amazonaws.com",
      repository_url_payment_service: "123456789012.dkr.ecr.ap-south-1.amazonaws.com/skyfox-devprod-payment-service",
      instance_security_group_id: expect.stringMatching(/^sg-[0-9a-f]{17}$/),
    });
    expect(byName["alb_external_arn"]).toMatch(
      /^arn:aws:elasticloadbalancing:ap-south-1:123456789012:loadbalancer\/app\/skyfox-devprod-external\/[0-9a-f]{16}$/,
    );
    expect(byName["alb_external_listener_arn"]).toMatch(
      /^arn:aws:elasticloadbalancing:ap-south-1:123456789012:listener\/app\/skyfox-devprod-external\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
    );
    expect(byName["alb_external_arn_suffix"]).toMatch(/^app\/skyfox-devprod-external\/[0-9a-f]{16}$/);
    // Mocks are distinct, except hosted zone ids: every ALB of a region shares one.
    const distinct = stack.outputs.filter((o) => !o.name.endsWith("_zone_id")).map((o) => o.mock);
    expect(new Set(distinct).size).toBe(distinct.length);
    for (const o of stack.outputs) {
      const block = findBlock(stack, "output", o.name);
      expect(attrValue(block, "description")).toBe(o.description);
      expect(attrExpr(block, "value")?.kind).toBe("raw");
    }
  });
});

describe("platform stack: sky-high-booker (Fargate with a Spot share, one public ALB)", () => {
  let stack: Stack;
  beforeAll(() => {
    stack = renderPlatformStack(booker);
  });

  it("has no EC2 capacity and reads only the subnets its load balancer uses", () => {
    expect(fileNames(stack)).not.toContain("capacity.tf");
    expect(stack.inputs.map((i) => i.variable)).toEqual(["public_subnet_ids", "vpc_id"]);
    expect(stack.outputs.map((o) => o.name)).not.toContain("instance_security_group_id");
  });

  it("splits tasks FARGATE base 20 weight 50, FARGATE_SPOT weight 50", () => {
    const cp = findBlock(stack, "resource", "aws_ecs_cluster_capacity_providers", "this");
    expect(attrValue(cp, "capacity_providers")).toEqual(["FARGATE", "FARGATE_SPOT"]);
    const strategy = nested(cp, "default_capacity_provider_strategy").map((s) => [
      attrValue(s, "capacity_provider"),
      attrValue(s, "base"),
      attrValue(s, "weight"),
    ]);
    expect(strategy).toEqual([
      ["FARGATE", 20, 50],
      ["FARGATE_SPOT", 0, 50],
    ]);
  });

  it("logs the public ALB to a private, SSE-S3, expiring bucket writable by the us-east-1 ELB account", () => {
    expect(attrValue(findBlock(stack, "resource", "aws_s3_bucket", "this"), "bucket")).toBe("sky-high-booker-prod-us-east-1-alb-logs");
    const sse = child(
      child(findBlock(stack, "resource", "aws_s3_bucket_server_side_encryption_configuration", "this"), "rule"),
      "apply_server_side_encryption_by_default",
    );
    expect(attrValue(sse, "sse_algorithm")).toBe("AES256");
    const pab = findBlock(stack, "resource", "aws_s3_bucket_public_access_block", "this");
    for (const a of ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]) expect(attrValue(pab, a)).toBe(true);
    const rule = child(findBlock(stack, "resource", "aws_s3_bucket_lifecycle_configuration", "this"), "rule");
    expect([attrValue(rule, "status"), attrValue(child(rule, "filter"), "prefix"), attrValue(child(rule, "expiration"), "days")]).toEqual([
      "Enabled",
      "public/",
      90,
    ]);
    const policy = jsonAttr(findBlock(stack, "resource", "aws_s3_bucket_policy", "this"), "policy") as { Statement: { Principal: unknown }[] };
    expect(policy.Statement[0]?.Principal).toEqual({ AWS: "arn:aws:iam::127311923021:root" });
    expect(attrValue(child(findBlock(stack, "resource", "aws_lb", "public"), "access_logs"), "bucket")).toEqual({ raw: "aws_s3_bucket.this.id" });
  });

  it("logs the access-log bucket's own requests to a second private SSE-S3 bucket that only S3 logging of this account, for that bucket, may write", async () => {
    const target = findBlock(stack, "resource", "aws_s3_bucket", "this_server_logs");
    expect(attrValue(target, "bucket")).toBe("sky-high-booker-prod-us-east-1-alb-logs-access");
    const sse = child(
      child(findBlock(stack, "resource", "aws_s3_bucket_server_side_encryption_configuration", "this_server_logs"), "rule"),
      "apply_server_side_encryption_by_default",
    );
    expect(attrValue(sse, "sse_algorithm")).toBe("AES256");
    const pab = findBlock(stack, "resource", "aws_s3_bucket_public_access_block", "this_server_logs");
    for (const a of ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]) expect(attrValue(pab, a)).toBe(true);
    expect(attrValue(child(findBlock(stack, "resource", "aws_s3_bucket_ownership_controls", "this_server_logs"), "rule"), "object_ownership")).toBe(
      "BucketOwnerEnforced",
    );
    const rule = child(findBlock(stack, "resource", "aws_s3_bucket_lifecycle_configuration", "this_server_logs"), "rule");
    expect(attrValue(child(rule, "expiration"), "days")).toBe(90);
    const policy = jsonAttr(findBlock(stack, "resource", "aws_s3_bucket_policy", "this_server_logs"), "policy") as {
      Statement: { Principal: unknown; Resource: unknown; Condition: unknown }[];
    };
    expect(policy.Statement[0]).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Resource: "${aws_s3_bucket.this_server_logs.arn}/sky-high-booker-prod-us-east-1-alb-logs/*",
      Condition: {
        StringEquals: { "aws:SourceAccount": '${split(":", aws_ecs_cluster.this.arn)[4]}' },
        ArnLike: { "aws:SourceArn": { raw: "aws_s3_bucket.this.arn" } },
      },
    });
    const logging = findBlock(stack, "resource", "aws_s3_bucket_logging", "this");
    expect([attrValue(logging, "bucket"), attrValue(logging, "target_bucket"), attrValue(logging, "target_prefix")]).toEqual([
      { raw: "aws_s3_bucket.this.id" },
      { raw: "aws_s3_bucket.this_server_logs.id" },
      "sky-high-booker-prod-us-east-1-alb-logs/",
    ]);
    expect(checkAgainstSchema(stack.files, await awsProviderSchema())).toEqual([]);
    const off = booker.loadBalancers.map((lb) => ({ ...lb, accessLogs: lb.accessLogs && { ...lb.accessLogs, serverLogs: null } }));
    const without = renderPlatformStack({ ...booker, loadBalancers: off });
    expect([findBlocks(without, "resource", "aws_s3_bucket_logging"), findBlocks(without, "resource", "aws_s3_bucket").length]).toEqual([[], 1]);
  });

  it("keeps the last 10 images tagged latest*", () => {
    const policy = jsonAttr(findBlock(stack, "resource", "aws_ecr_lifecycle_policy", "web"), "policy") as { rules: { selection: unknown }[] };
    expect(policy.rules[1]?.selection).toEqual({ tagStatus: "tagged", tagPrefixList: ["latest"], countType: "imageCountMoreThan", countNumber: 10 });
  });
});

describe("platform stack: variations of the model", () => {
  it("lets the log-delivery service principal write in regions without a legacy ELB account", () => {
    const stack = renderPlatformStack({ ...booker, region: "mx-central-1" });
    const policy = jsonAttr(findBlock(stack, "resource", "aws_s3_bucket_policy", "this"), "policy") as { Statement: { Principal: unknown }[] };
    expect(policy.Statement[0]?.Principal).toEqual({ Service: ELB_LOG_DELIVERY_SERVICE });
  });

  it("narrows log delivery to the environment's account when the config names one", () => {
    const stack = renderPlatformStack({ ...booker, account: "210987654321" });
    const policy = jsonAttr(findBlock(stack, "resource", "aws_s3_bucket_policy", "this"), "policy") as { Statement: { Resource: unknown }[] };
    expect(policy.Statement[0]?.Resource).toEqual(["${aws_s3_bucket.this.arn}/public/AWSLogs/210987654321/*"]);
  });

  it("renders no load balancer, log or registry files when there is nothing to put in them", () => {
    const bare = replan({ ...booker, loadBalancers: [], repositories: [], monitoring: { topic: null, dashboard: null } });
    const stack = renderPlatformStack(bare);
    expect(fileNames(stack)).toEqual(["versions.tf", "backend.tf", "providers.tf", "cluster.tf", "outputs.tf"]);
    expect(stack.inputs).toEqual([]);
    expect(stack.outputs.map((o) => o.name)).toEqual(["cluster_name", "cluster_arn"]);
  });

  it("puts a WAF web ACL with AWS managed rule groups and a rate limit on a load balancer that asks for one", async () => {
    const lb = { ...booker.loadBalancers[0]!, waf: { name: "booker-prod-public", rateLimit: 500, managedRuleGroups: WAF_MANAGED_RULE_GROUPS } };
    const stack = renderPlatformStack({ ...booker, loadBalancers: [lb] });
    expect(fileNames(stack)).toContain("waf.tf");
    const id = lb.key.replace(/-/g, "_");
    const acl = findBlock(stack, "resource", "aws_wafv2_web_acl", id);
    expect([attrValue(acl, "name"), attrValue(acl, "scope")]).toEqual(["booker-prod-public", "REGIONAL"]);
    const rules = nested(acl, "rule");
    expect(rules.map((r) => [attrValue(r, "name"), attrValue(r, "priority")])).toEqual([
      ["AWSManagedRulesAmazonIpReputationList", 10],
      ["AWSManagedRulesCommonRuleSet", 20],
      ["AWSManagedRulesKnownBadInputsRuleSet", 30],
      ["rate-limit", 40],
    ]);
    const rate = child(child(rules[3]!, "statement"), "rate_based_statement");
    expect([attrValue(rate, "limit"), attrValue(rate, "aggregate_key_type")]).toEqual([500, "IP"]);
    const association = findBlock(stack, "resource", "aws_wafv2_web_acl_association", id);
    expect([attrValue(association, "resource_arn"), attrValue(association, "web_acl_arn")]).toEqual([
      { raw: `aws_lb.${id}.arn` },
      { raw: `aws_wafv2_web_acl.${id}.arn` },
    ]);
    expect(checkAgainstSchema(stack.files, await awsProviderSchema())).toEqual([]);
  });

  it("gives each tag prefix a keep rule of its own (ECR selects images carrying all of a rule's prefixes)", () => {
    const repo = { ...booker.repositories[0]!, tagPrefixes: ["v", "release-"] };
    const stack = renderPlatformStack({ ...booker, repositories: [repo] });
    const policy = jsonAttr(findBlock(stack, "resource", "aws_ecr_lifecycle_policy", "web"), "policy") as {
      rules: { rulePriority: number; selection: { tagPrefixList?: string[] } }[];
    };
    expect(policy.rules.map((r) => [r.rulePriority, r.selection.tagPrefixList])).toEqual([
      [1, undefined],
      [2, ["v"]],
      [3, ["release-"]],
    ]);
  });
});

const hasTerraform = (() => {
  try {
    execFileSync("terraform", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasTerraform)("platform stack: terraform fmt (skipped when terraform is not on PATH)", () => {
  it("prints every example's files exactly as terraform fmt would", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-platform-fmt-"));
    try {
      for (const [name, env] of [
        ["skyfox", skyfox],
        ["sky-high-booker", booker],
      ] as const) {
        const stack = renderPlatformStack(env);
        const stackDir = join(dir, name, stack.path);
        mkdirSync(stackDir, { recursive: true });
        for (const f of stack.files) writeFileSync(join(stackDir, f.name), printFile(f));
      }
      expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", "-diff", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
