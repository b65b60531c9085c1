/**
 * The data stack renderer and the data-tier parts of the network and service stacks, queried on their HCL
 * syntax trees for a config with an RDS MySQL instance, an Aurora PostgreSQL cluster, a declared secret and
 * parameters; every file is also held against `terraform fmt -check` and the real aws provider schema.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attrExpr, attrValue, child, findBlock, findBlocks, jsonAttr, nested } from "../../test/support/hcl-query.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { readPlan, resource, resources } from "../../test/support/plan-json.js";
import { validateConfig } from "../config/validate.js";
import { printFile } from "../hcl/index.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import type { Environment } from "../model/types.js";
import { renderStacks } from "./render.js";
import { writeStacks } from "./write.js";
import type { Stack } from "./stack.js";
import { modelErrors } from "../../test/support/config-errors.js";

const config = validateConfig({
  project: "shop",
  network: { azs: 2, nat: "single" },
  loadBalancers: { public: {} },
  databases: {
    orders: {
      engine: "aurora-postgresql",
      version: "16.6",
      instanceClass: "db.r6g.large",
      instances: 2,
      iamAuth: true,
      alarms: { cpu: true, connections: 500 },
    },
    legacy: { engine: "mysql", version: "8.0.39", storage: "50 GB", maxStorage: "100 GB" },
  },
  secrets: { "stripe-key": { description: "Stripe API key" } },
  parameters: { token: {}, flags: { secure: false, value: "beta=on" } },
  services: {
    api: {
      port: 8080,
      routes: [{ loadBalancer: "public" }],
      databases: { orders: true, legacy: { prefix: "LEGACY" } },
      secrets: { STRIPE_KEY: { secret: "stripe-key" }, TOKEN: { parameter: "token" }, FLAGS: { parameter: "flags" } },
    },
    worker: { port: 9000 },
  },
  environments: { prod: { tier: "prod", region: "eu-west-1", account: "123456789012" }, dev: { tier: "dev", region: "eu-west-1" } },
});
const model = resolveModel(config);
const stacks = renderStacks(model);
const stack = (env: string, id: string): Stack => stacks.find((s) => s.env === env && s.id === id)!;
const prodEnv = (): Environment => model.environments.find((e) => e.name === "prod")!;

describe("data stack", () => {
  it("comes after the network (and the platform, whose alarm topic its database alarms notify) and before the services that use it", () => {
    expect(stack("prod", "data").dependsOn).toEqual(["network", "platform"]);
    expect(stack("prod", "service-api").dependsOn).toEqual(["network", "platform", "data"]);
    expect(stack("prod", "service-worker").dependsOn).toEqual(["network", "platform"]);
  });

  it("comes before a service that names a declared secret, even when the service reads no value of it", () => {
    const only = renderStacks(
      resolveModel(
        validateConfig({
          project: "shop",
          secrets: { "stripe-key": {} },
          services: { api: { port: 8080, secrets: { STRIPE_KEY: { secret: "stripe-key" } } } },
          environments: { dev: { tier: "dev", region: "eu-west-1" } },
        }),
      ),
    );
    const api = only.find((s) => s.id === "service-api")!;
    expect(api.inputs.some((i) => i.stack === "data")).toBe(false);
    expect(api.dependsOn).toEqual(["network", "platform", "data"]);
  });

  it("runs an RDS instance with a managed password, encrypted gp3 storage that autoscales, TLS and prod safeguards", () => {
    const db = findBlock(stack("prod", "data"), "resource", "aws_db_instance", "legacy");
    for (const [name, value] of Object.entries({
      engine: "mysql",
      engine_version: "8.0.39",
      manage_master_user_password: true,
      storage_type: "gp3",
      allocated_storage: 50,
      max_allocated_storage: 100,
      storage_encrypted: true,
      kms_key_id: { raw: "aws_kms_key.rds.arn" },
      master_user_secret_kms_key_id: { raw: "aws_kms_key.secrets.arn" },
      publicly_accessible: false,
      multi_az: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "shop-prod-legacy-final",
      copy_tags_to_snapshot: true,
      backup_retention_period: 30,
      monitoring_interval: 60,
      monitoring_role_arn: { raw: "aws_iam_role.legacy_monitoring.arn" },
      enabled_cloudwatch_logs_exports: ["error", "slowquery"],
    })) {
      expect(attrValue(db, name), name).toEqual(value);
    }
    // RDS for MySQL has no Performance Insights on db.t3.micro: the prod default leaves it off.
    expect(attrValue(db, "performance_insights_enabled")).toBe(false);
    expect(attrExpr(db, "password")).toBeUndefined();
    expect(attrExpr(db, "iam_database_authentication_enabled")).toBeUndefined();
    const group = findBlock(stack("prod", "data"), "resource", "aws_db_parameter_group", "legacy");
    expect(nested(group, "parameter").map((p) => [attrValue(p, "name"), attrValue(p, "value")])).toEqual([["require_secure_transport", "ON"]]);
    expect(attrValue(group, "family")).toBe("mysql8.0");
  });

  it("runs an Aurora cluster with a writer and a reader in promotion order", () => {
    const s = stack("prod", "data");
    const cluster = findBlock(s, "resource", "aws_rds_cluster", "orders");
    expect(attrValue(cluster, "manage_master_user_password")).toBe(true);
    expect(attrValue(cluster, "iam_database_authentication_enabled")).toBe(true);
    expect(attrValue(cluster, "db_cluster_parameter_group_name")).toEqual({ raw: "aws_rds_cluster_parameter_group.orders.name" });
    expect(attrExpr(cluster, "allocated_storage")).toBeUndefined();
    const instances = findBlock(s, "resource", "aws_rds_cluster_instance", "orders");
    expect(attrValue(instances, "for_each")).toEqual({ "shop-prod-orders-1": 1, "shop-prod-orders-2": 2 });
    expect(attrValue(instances, "promotion_tier")).toEqual({ raw: "each.value" });
    expect(attrValue(instances, "performance_insights_enabled")).toBe(true);
    const params = nested(findBlock(s, "resource", "aws_rds_cluster_parameter_group", "orders"), "parameter");
    expect(params.map((p) => [attrValue(p, "name"), attrValue(p, "value")])).toEqual([["rds.force_ssl", "1"]]);
  });

  it("opens each database's security group to nobody by itself: no inline rules", () => {
    for (const key of ["orders", "legacy"]) {
      const sg = findBlock(stack("prod", "data"), "resource", "aws_security_group", key);
      expect(nested(sg, "ingress").concat(nested(sg, "egress"))).toEqual([]);
    }
  });

  it("creates secrets without values and a SecureString it never reads back", () => {
    const s = stack("prod", "data");
    expect(findBlocks(s, "resource", "aws_secretsmanager_secret_version")).toEqual([]);
    const secret = findBlock(s, "resource", "aws_secretsmanager_secret", "stripe_key");
    expect([attrValue(secret, "name"), attrValue(secret, "kms_key_id"), attrValue(secret, "recovery_window_in_days")]).toEqual([
      "shop-prod/stripe-key",
      { raw: "aws_kms_key.secrets.arn" },
      30,
    ]);
    const token = findBlock(s, "resource", "aws_ssm_parameter", "token");
    expect(attrValue(token, "type")).toBe("SecureString");
    expect(attrValue(child(token, "lifecycle"), "ignore_changes")).toEqual({ raw: "[value]" });
    expect(attrValue(findBlock(s, "resource", "aws_ssm_parameter", "flags"), "value")).toBe("beta=on");
  });

  it("creates rotating KMS keys per the tier: none in dev", () => {
    const keys = findBlocks(stack("prod", "data"), "resource", "aws_kms_key");
    expect(keys.map((k) => [k.labels[1], attrValue(k, "enable_key_rotation")])).toEqual([
      ["rds", true],
      ["secrets", true],
    ]);
    expect(findBlocks(stack("dev", "data"), "resource", "aws_kms_key")).toEqual([]);
    expect(attrExpr(findBlock(stack("dev", "data"), "resource", "aws_db_instance", "legacy"), "kms_key_id")).toBeUndefined();
    expect(findBlocks(stack("prod", "platform"), "resource", "aws_kms_key").map((k) => k.labels[1])).toEqual(["ecr", "alarms"]);
  });
});

describe("network ACL of the database tier", () => {
  it("admits both engine ports from the private subnets only, and answers on ephemeral ports", () => {
    const acl = findBlock(stack("prod", "network"), "resource", "aws_network_acl", "database");
    const rules = (type: string) => nested(acl, type).map((r) => [attrValue(r, "cidr_block"), attrValue(r, "from_port"), attrValue(r, "to_port")]);
    const priv = prodEnv()
      .network.subnets.filter((s) => s.tier === "private")
      .map((s) => s.cidr);
    expect(rules("ingress")).toEqual(
      priv.flatMap((c) => [
        [c, 3306, 3306],
        [c, 5432, 5432],
      ]),
    );
    expect(rules("egress")).toEqual(priv.map((c) => [c, 1024, 65535]));
  });
});

describe("a service that uses databases", () => {
  const api = () => stack("prod", "service-api");

  it("is admitted by each database's security group on its engine port only", () => {
    const rule = (key: string) => findBlock(api(), "resource", "aws_vpc_security_group_ingress_rule", `database_${key}_from_tasks`);
    expect([attrValue(rule("orders"), "security_group_id"), attrValue(rule("orders"), "from_port"), attrValue(rule("orders"), "to_port")]).toEqual([
      { raw: "var.database_orders_security_group_id" },
      5432,
      5432,
    ]);
    expect(attrValue(rule("legacy"), "referenced_security_group_id")).toEqual({ raw: "aws_security_group.this.id" });
    expect(attrValue(rule("legacy"), "from_port")).toBe(3306);
  });

  it("may read exactly its secrets and decrypt with the secrets key", () => {
    const policy = jsonAttr(findBlock(api(), "resource", "aws_iam_role_policy", "task_exec_secrets"), "policy") as { Statement: unknown[] };
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop-prod/stripe-key-*"] },
      {
        Effect: "Allow",
        Action: "ssm:GetParameters",
        Resource: ["arn:aws:ssm:eu-west-1:123456789012:parameter/shop/prod/flags", "arn:aws:ssm:eu-west-1:123456789012:parameter/shop/prod/token"],
      },
      {
        Effect: "Allow",
        Action: "secretsmanager:GetSecretValue",
        Resource: [{ raw: "var.database_legacy_secret_arn" }, { raw: "var.database_orders_secret_arn" }],
      },
      { Effect: "Allow", Action: "kms:Decrypt", Resource: { raw: "var.kms_secrets_key_arn" } },
    ]);
  });

  it("gets host, port and name as environment and the credentials as ECS secrets", () => {
    const defs = jsonAttr(findBlock(api(), "resource", "aws_ecs_task_definition", "this"), "container_definitions") as {
      environment: { name: string; value: unknown }[];
      secrets: { name: string; valueFrom: unknown }[];
    }[];
    const env = Object.fromEntries(defs[0]!.environment.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({
      DB_HOST: { raw: "var.database_orders_address" },
      DB_PORT: "5432",
      DB_NAME: "orders",
      LEGACY_HOST: { raw: "var.database_legacy_address" },
      LEGACY_PORT: "3306",
    });
    const secrets = Object.fromEntries(defs[0]!.secrets.map((s) => [s.name, s.valueFrom]));
    expect(secrets).toMatchObject({
      DB_USER: "${var.database_orders_secret_arn}:username::",
      DB_PASSWORD: "${var.database_orders_secret_arn}:password::",
      LEGACY_PASSWORD: "${var.database_legacy_secret_arn}:password::",
      TOKEN: "/shop/prod/token",
    });
    expect(Object.keys(env)).not.toContain("DB_PASSWORD");
  });

  it("reads the data stack's outputs, each declared with a mock", () => {
    const data = stack("prod", "data");
    const inputs = api().inputs.filter((i) => i.stack === "data");
    expect(inputs.map((i) => i.variable).sort()).toEqual([
      "database_legacy_address",
      "database_legacy_secret_arn",
      "database_legacy_security_group_id",
      "database_orders_address",
      "database_orders_secret_arn",
      "database_orders_security_group_id",
      "kms_secrets_key_arn",
    ]);
    for (const i of inputs) expect(data.outputs.find((o) => o.name === i.output)?.mock, i.output).toBeTruthy();
  });
});

describe("a service that signs in to a database with IAM (iamUser)", () => {
  const raw = {
    ...(JSON.parse(JSON.stringify(config)) as Record<string, any>),
    services: { api: { port: 8080, routes: [{ loadBalancer: "public" }], databases: { orders: { iamUser: "app" }, legacy: { prefix: "LEGACY" } } } },
  };
  const iamStacks = renderStacks(resolveModel(validateConfig(raw)));
  const api = iamStacks.find((s) => s.env === "prod" && s.id === "service-api")!;
  const data = iamStacks.find((s) => s.env === "prod" && s.id === "data")!;

  it("may rds-db:connect as exactly that user of that cluster, whose resource id comes from the data stack", () => {
    const policy = jsonAttr(findBlock(api, "resource", "aws_iam_role_policy", "task_rds_connect"), "policy") as { Statement: unknown[] };
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: "rds-db:connect", Resource: ["arn:aws:rds-db:eu-west-1:123456789012:dbuser:${var.database_orders_resource_id}/app"] },
    ]);
    expect(attrValue(findBlock(api, "resource", "aws_iam_role_policy", "task_rds_connect"), "role")).toEqual({ raw: "aws_iam_role.task.id" });
    const output = data.outputs.find((o) => o.name === "database_orders_resource_id")!;
    expect(output.mock).toMatch(/^cluster-/);
    expect(attrValue(findBlock(data, "output", "database_orders_resource_id"), "value")).toEqual({ raw: "aws_rds_cluster.orders.cluster_resource_id" });
    expect(api.inputs.map((i) => i.variable)).toContain("database_orders_resource_id");
  });

  it("gets host, port, name and the user as environment, and no password; the execution role reads only the other database's secret", () => {
    const defs = jsonAttr(findBlock(api, "resource", "aws_ecs_task_definition", "this"), "container_definitions") as {
      environment: { name: string; value: unknown }[];
      secrets: { name: string; valueFrom: unknown }[];
    }[];
    const env = Object.fromEntries(defs[0]!.environment.map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ DB_HOST: { raw: "var.database_orders_address" }, DB_PORT: "5432", DB_NAME: "orders", DB_USER: "app" });
    expect(defs[0]!.secrets.map((s) => s.name)).toEqual(["LEGACY_PASSWORD", "LEGACY_USER"]);
    const exec = jsonAttr(findBlock(api, "resource", "aws_iam_role_policy", "task_exec_secrets"), "policy") as { Statement: { Resource: unknown }[] };
    expect(JSON.stringify(exec.Statement)).not.toContain("database_orders_secret_arn");
  });

  it("is refused on a database without iamAuth, at its path, with the fix", () => {
    const bad = { ...raw, services: { api: { port: 8080, databases: { legacy: { iamUser: "app" } } } } };
    expect(modelErrors(bad)).toContain(
      'services.api.databases.legacy.iamUser: signs in with IAM, but database "legacy" does not have IAM database authentication',
    );
  });

  it("uses only what the aws provider schema has", async () => {
    expect(checkAgainstSchema([...api.files, ...data.files], await awsProviderSchema())).toEqual([]);
  });
});

describe("every stack of the data-tier config", () => {
  it("is formatted as terraform fmt writes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-data-"));
    for (const s of stacks) {
      mkdirSync(join(dir, s.path), { recursive: true });
      for (const f of s.files) writeFileSync(join(dir, s.path, f.name), printFile(f));
    }
    expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });

  it("sets no attribute that would carry a password or secret value", () => {
    for (const s of stacks) {
      for (const f of s.files) {
        const text = printFile(f);
        expect(text, `${s.path}/${f.name}`).not.toMatch(
          /^\s*(password|password_wo|master_password|master_password_wo|secret_string|secret_string_wo|secret_binary)\s*=/m,
        );
        expect(text).not.toContain("aws_secretsmanager_secret_version");
      }
    }
  });

  it("uses only resources, attributes and blocks the aws provider knows", async () => {
    const schema = await awsProviderSchema();
    expect(stacks.flatMap((s) => checkAgainstSchema(s.files, schema).map((p) => `${s.path}: ${p}`))).toEqual([]);
  }, 600_000);
});

describe("offline plan of the data-tier config (real terraform)", () => {
  it("plans Aurora, MySQL, secrets and parameters, and the service that uses them", async () => {
    const prod = stacks.filter((s) => s.env === "prod");
    const out = mkdtempSync(join(tmpdir(), "berth-data-plan-"));
    writeStacks(prod, out);
    const results = await planOffline(prod, out, { parallelism: 2 });
    expect(results.filter((r) => r.status !== "succeeded").map((r) => `${r.stack}: ${(r.error as Error | undefined)?.message ?? r.status}`)).toEqual([]);
    const data = readPlan(join(out, "prod/eu-west-1/data/plan.json"));
    expect(
      resources(data, "aws_rds_cluster_instance", "orders")
        .map((r) => [r.index, r.values.promotion_tier])
        .sort(),
    ).toEqual([
      ["shop-prod-orders-1", 1],
      ["shop-prod-orders-2", 2],
    ]);
    expect(resource(data, "aws_rds_cluster", "orders").values).toMatchObject({
      engine: "aurora-postgresql",
      manage_master_user_password: true,
      storage_encrypted: true,
      master_password: null,
    });
    expect(resource(data, "aws_db_instance", "legacy").values).toMatchObject({ engine: "mysql", max_allocated_storage: 100, password: null });
    expect(resource(data, "aws_ssm_parameter", "token").values).toMatchObject({ type: "SecureString", name: "/shop/prod/token" });
    expect(resources(data, "aws_secretsmanager_secret_version")).toEqual([]);
    expect(resource(data, "aws_cloudwatch_metric_alarm", "orders_connections").values).toMatchObject({
      namespace: "AWS/RDS",
      metric_name: "DatabaseConnections",
      threshold: 500,
    });
  }, 600_000);
});

describe("bridge-mode services that use a database", () => {
  const stacks = renderStacks(
    resolveModel(
      validateConfig({
        project: "shop",
        network: {
          azs: 2,
          nat: "none",
          subnets: { public: ["10.0.0.0/24", "10.0.1.0/24"], private: ["10.0.10.0/24", "10.0.11.0/24"], database: ["10.0.20.0/24", "10.0.21.0/24"] },
        },
        compute: { ec2: { instanceType: "t3.small", min: 1, max: 2, subnets: ["public"] } },
        loadBalancers: { public: { defaultAction: { forward: "web" } } },
        databases: { main: { engine: "postgres", version: "16" } },
        services: {
          web: { port: 8080, subnet: "public", routes: [{ loadBalancer: "public" }], databases: { main: true } },
          jobs: { port: 9090, subnet: "public", routes: [{ loadBalancer: "public", path: "/jobs/*" }], databases: { main: true } },
        },
        environments: { prod: { tier: "prod", region: "eu-west-1" } },
      }),
    ),
  );
  const of = (id: string) => stacks.find((s) => s.id === id)!;

  it("admits the instances' group once, in the data stack, however many bridge services use the database", () => {
    for (const id of ["service-web", "service-jobs"]) {
      expect(printFile(of(id).files.find((f) => f.name === "task.tf")!)).toMatch(/network_mode\s+= "bridge"/);
      expect(findBlocks(of(id), "resource", "aws_vpc_security_group_ingress_rule")).toEqual([]);
      expect(of(id).inputs.map((i) => i.variable)).not.toContain("instance_security_group_id");
    }
    const rules = findBlocks(of("data"), "resource", "aws_vpc_security_group_ingress_rule");
    expect(rules.map((r) => r.labels[1])).toEqual(["main_from_instances"]);
    expect([attrExpr(rules[0]!, "referenced_security_group_id"), attrValue(rules[0]!, "from_port"), attrValue(rules[0]!, "description")]).toEqual([
      expect.objectContaining({ code: "var.instance_security_group_id" }),
      5432,
      "5432 from the cluster's instances (jobs, web)",
    ]);
    expect(of("data").inputs).toContainEqual({ variable: "instance_security_group_id", stack: "platform", output: "instance_security_group_id" });
  });

  it("uses only what the aws provider schema has", async () => {
    expect(checkAgainstSchema(of("data").files, await awsProviderSchema())).toEqual([]);
  });
});
