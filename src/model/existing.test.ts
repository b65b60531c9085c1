/** `environments.<env>.existing`: the names of running resources replace berth's in the model, and every bad one is reported where it is. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { adoptionTargets } from "./adoption.js";
import { resolveModel } from "./resolve.js";
import type { Environment } from "./types.js";
import { modelReport as errors } from "../../test/support/config-errors.js";

const base = (existing?: unknown, extra: Record<string, unknown> = {}) => ({
  project: "shop",
  loadBalancers: { public: {} },
  services: {
    api: { port: 8080, routes: [{ loadBalancer: "public" }], databases: { main: true } },
    nightly: { schedule: { expression: "rate(1 day)" } },
  },
  databases: { main: { engine: "postgres", version: "16" } },
  environments: {
    prod: { tier: "prod", region: "eu-west-1", ...(existing === undefined ? {} : { existing }) },
    dev: { tier: "dev", region: "eu-west-1" },
  },
  ...extra,
});
const env = (raw: unknown, name = "prod"): Environment => resolveModel(validateConfig(raw)).environments.find((e) => e.name === name)!;

const NAMES = {
  cluster: "shop-prod-Cluster-Xk3hJ9aB2cD4",
  loadBalancers: { public: "shop-p-Publi-1QWERTY7UIOP8" },
  services: {
    api: {
      service: "shop-prod-api-Service-3Lm4Nn5Oo6Pp",
      taskFamily: "shop-prod-api",
      logGroup: "/copilot/shop-prod-api",
      repository: "shop/api",
      targetGroups: { public: "shop-p-Targe-ABCDEF123456" },
    },
  },
  databases: { main: { identifier: "shop-prod-api-maindb-k2j3h4g5f6d7" } },
};

describe("existing names", () => {
  it("replace the names the model derives, in that environment only", () => {
    const prod = env(base(NAMES));
    const api = prod.services.find((s) => s.name === "api")!;
    expect(prod.cluster.name).toBe(NAMES.cluster);
    expect(prod.loadBalancers[0]!.name).toBe("shop-p-Publi-1QWERTY7UIOP8");
    expect({ service: api.serviceName, family: api.family, logGroup: api.logGroup, tg: api.targets[0]!.targetGroupName, repo: api.build?.repository }).toEqual({
      service: "shop-prod-api-Service-3Lm4Nn5Oo6Pp",
      family: "shop-prod-api",
      logGroup: "/copilot/shop-prod-api",
      tg: "shop-p-Targe-ABCDEF123456",
      repo: "shop/api",
    });
    expect(prod.repositories.find((r) => r.service === "api")!.name).toBe("shop/api");
    expect(prod.databases[0]!.identifier).toBe("shop-prod-api-maindb-k2j3h4g5f6d7");
    // berth's own names stay on what it creates anew.
    expect(api.fullName).toBe("shop-prod-api");
    expect(api.roleNames.task).toBe("shop-prod-api-task");

    const dev = env(base(NAMES), "dev");
    expect(dev.cluster.name).toBe("shop-dev-cluster");
    expect(dev.services.find((s) => s.name === "api")!.serviceName).toBe("shop-dev-api");
  });

  it("change nothing when absent: the ECS service and task family are the full name", () => {
    const prod = env(base());
    const api = prod.services.find((s) => s.name === "api")!;
    expect([api.serviceName, api.family]).toEqual(["shop-prod-api", "shop-prod-api"]);
    expect(env(base({}))).toEqual(prod);
  });

  it("are the names adoption expects, at the config paths that set them", () => {
    const targets = adoptionTargets(env(base(NAMES)));
    const of = (address: string, stack: string) => targets.find((t) => t.address === address && t.stack === stack)!;
    expect(of("aws_ecs_service.this", "service-api")).toMatchObject({
      name: "shop-prod-api-Service-3Lm4Nn5Oo6Pp",
      namePath: ["environments", "prod", "existing", "services", "api", "service"],
      after: { stack: "platform", address: "aws_ecs_cluster.this" },
    });
    expect(of("aws_db_instance.main", "data").name).toBe("shop-prod-api-maindb-k2j3h4g5f6d7");
    expect(of("aws_lb_listener.public", "platform")).toMatchObject({ name: null, listener: { loadBalancer: "public", port: 80 } });
    // A scheduled job has no ECS service to adopt, only its log group and family.
    expect(targets.filter((t) => t.stack === "service-nightly").map((t) => t.kind)).toEqual(["task-family", "log-group"]);
  });

  it("refuses names that point nowhere or cannot apply, each at its path", () => {
    const report = errors(
      base({
        services: { apj: { service: "x" }, nightly: { service: "shop-nightly" }, api: { targetGroups: { private: "tg-1" } } },
        loadBalancers: { pubic: "lb-1" },
        databases: { mian: { identifier: "db-1" } },
      }),
    );
    expect(report).toMatch(/environments\.prod\.existing\.services\.apj: service "apj" does not exist; did you mean "api"\?/);
    expect(report).toMatch(/environments\.prod\.existing\.services\.nightly\.service: names an ECS service, but a scheduled job runs tasks without one/);
    expect(report).toMatch(
      /environments\.prod\.existing\.services\.api\.targetGroups\.private: load balancer the service is routed through "private" does not exist/,
    );
    expect(report).toMatch(/environments\.prod\.existing\.loadBalancers\.pubic: load balancer "pubic" does not exist; did you mean "public"\?/);
    expect(report).toMatch(/environments\.prod\.existing\.databases\.mian: database "mian" does not exist; did you mean "main"\?/);
  });

  it("refuses one repository adopted by two environments of one account and region", () => {
    const raw = base(NAMES);
    (raw.environments.dev as Record<string, unknown>).existing = { services: { api: { repository: "shop/api" } } };
    expect(errors(raw)).toMatch(
      /environments\.prod\.existing\.services\.api\.repository: names repository "shop\/api", which environment dev already adopts in the same account and region; one stack must own it/,
    );
  });

  it("names Aurora instances in order, and refuses them on an RDS instance or beyond the cluster's count", () => {
    const aurora = base(undefined, { databases: { main: { engine: "aurora-postgresql", version: "16.4", instances: 2 } } });
    (aurora.environments.prod as Record<string, unknown>).existing = {
      databases: { main: { identifier: "orders-cluster-x", instances: ["orders-writer-x"] } },
    };
    expect(env(aurora).databases[0]!.instances.map((i) => i.identifier)).toEqual(["orders-writer-x", "shop-prod-main-2"]);
    const targets = adoptionTargets(env(aurora)).filter((t) => t.stack === "data");
    expect(targets.map((t) => [t.address, t.after?.address])).toEqual([
      ["aws_rds_cluster.main", undefined],
      ['aws_rds_cluster_instance.main["orders-writer-x"]', "aws_rds_cluster.main"],
      ['aws_rds_cluster_instance.main["shop-prod-main-2"]', "aws_rds_cluster.main"],
    ]);
    (aurora.environments.prod as Record<string, unknown>).existing = { databases: { main: { identifier: "orders-cluster-x", instances: ["a", "b", "c"] } } };
    expect(errors(aurora)).toMatch(/existing\.databases\.main\.instances: names 3 instances, but the cluster has 2 in the config/);
    expect(errors(base({ databases: { main: { identifier: "main-db", instances: ["a"] } } }))).toMatch(
      /existing\.databases\.main\.instances: names Aurora instances, but the database is an RDS instance/,
    );
  });

  it("keeps AWS's name rules and lengths", () => {
    const report = errors(
      base({
        loadBalancers: { public: "shop-prod-a-load-balancer-name-too-long" },
        services: { api: { targetGroups: { public: "-bad" }, repository: "Shop/API", logGroup: "/copilot/a b" } },
        databases: { main: { identifier: "Main--db" } },
        cluster: "a cluster",
      }),
    );
    expect(report).toMatch(/existing\.loadBalancers\.public: a load balancer name must be at most 32 characters/);
    expect(report).toMatch(
      /existing\.services\.api\.targetGroups\.public: a target group name must be letters, digits and hyphens, not starting or ending with a hyphen/,
    );
    expect(report).toMatch(/existing\.services\.api\.repository: an ECR repository name must be lowercase/);
    expect(report).toMatch(/existing\.services\.api\.logGroup: a log group name must be/);
    expect(report).toMatch(/existing\.databases\.main\.identifier: a database identifier must be lowercase letters, digits and single hyphens/);
    expect(report).toMatch(/existing\.cluster: an ECS cluster name must be letters, digits, hyphens and underscores/);
  });

  it("apply to the primary region only: a recovery region creates its own", () => {
    const raw = base(undefined, { databases: {} });
    raw.services.api = { port: 8080, routes: [{ loadBalancer: "public" }] } as typeof raw.services.api;
    raw.environments.prod = {
      tier: "prod",
      region: "eu-west-1",
      recovery: { region: "eu-central-1" },
      existing: { cluster: NAMES.cluster },
    } as typeof raw.environments.prod;
    const prod = env(raw);
    expect(prod.cluster.name).toBe(NAMES.cluster);
    expect(prod.recovery[0]!.cluster.name).toBe("shop-prod-cluster");
  });
});
