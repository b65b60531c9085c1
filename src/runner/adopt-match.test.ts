/** Matching what runs to the model's adoption targets: adopted, names to set, waiting, ambiguous, not found, not adoptable; and the import ids. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { adoptionTargets } from "../model/adoption.js";
import { resolveModel } from "../model/resolve.js";
import { type Discovered, fromArn } from "./adopt-discover.js";
import { importId, matchAdoption } from "./adopt-match.js";

const R = "arn:aws:elasticloadbalancing:eu-west-1:123456789012";
const PUBLIC_LB = `${R}:loadbalancer/app/shop-t-Publi-1QWERTY7UIOP8/0a1b2c3d4e5f6a7b`;
const API_TG = `${R}:targetgroup/shop-t-Targe-ABCDEF123456/3d4e5f6a7b8c9d0e`;
const LISTENER = `${R}:listener/app/shop-t-Publi-1QWERTY7UIOP8/0a1b2c3d4e5f6a7b/7b8c9d0e1f2a3b4c`;
const CLUSTER = "shop-test-Cluster-Xk3hJ9aB2cD4";

const config = (existing?: object) => ({
  project: "shop",
  network: { cidr: "10.1.0.0/16", azs: 2 },
  loadBalancers: { public: {} },
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }] }, web: { port: 3000, routes: [{ loadBalancer: "public", path: "/web/*" }] } },
  databases: { main: { engine: "postgres", version: "16" }, audit: { engine: "postgres", version: "16" } },
  environments: { test: { tier: "staging", region: "eu-west-1", ...(existing ? { existing } : {}) } },
});
const envOf = (existing?: object) => resolveModel(validateConfig(config(existing))).environments[0]!;

/** What a Copilot environment of the app runs, as discovery reports it. */
function running(): Discovered[] {
  const env = envOf();
  const subnet = env.network.subnets.find((s) => s.tier === "public" && s.az === "eu-west-1a")!;
  return [
    fromArn("arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0c1d2e3f4a5b60001"),
    { ...fromArn("arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0aa0000000000a001"), cidr: subnet.cidr, az: subnet.az },
    { ...fromArn("arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0ff0000000000f001"), cidr: "10.9.0.0/24", az: "eu-west-1a" },
    fromArn(`arn:aws:ecs:eu-west-1:123456789012:cluster/${CLUSTER}`),
    fromArn(`arn:aws:ecs:eu-west-1:123456789012:service/${CLUSTER}/shop-test-api-Service-3Lm4Nn5Oo6Pp`, "api"),
    fromArn("arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-test-api:6", "api"),
    fromArn("arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-test-api:7", "api"),
    { ...fromArn(PUBLIC_LB), internal: false },
    { kind: "listener", arn: LISTENER, name: LISTENER, port: 80, loadBalancerArns: [PUBLIC_LB] },
    { ...fromArn(API_TG, "api"), loadBalancerArns: [PUBLIC_LB] },
    fromArn("arn:aws:ecr:eu-west-1:123456789012:repository/shop/api", "api"),
    { kind: "log-group", arn: "arn:aws:logs:eu-west-1:123456789012:log-group:/copilot/shop-test-api:*", name: "/copilot/shop-test-api" },
    fromArn("arn:aws:rds:eu-west-1:123456789012:db:shop-test-api-maindb-a1", "api"),
    fromArn("arn:aws:rds:eu-west-1:123456789012:db:shop-test-api-auditdb-b2", "api"),
    fromArn("arn:aws:iam::123456789012:role/shop-test-api-TaskRole-QAZ", "api"),
  ];
}
const ctx = { app: "shop", env: "test", internal: new Set<string>() };

describe("fromArn", () => {
  it("reads kind and name (the import id of most kinds) from each ARN form", () => {
    expect(fromArn(`arn:aws:ecs:eu-west-1:1:service/${CLUSTER}/svc-1`)).toMatchObject({ kind: "ecs-service", name: "svc-1", cluster: CLUSTER });
    expect(fromArn(PUBLIC_LB)).toMatchObject({ kind: "load-balancer", name: "shop-t-Publi-1QWERTY7UIOP8" });
    expect(fromArn(`${R}:loadbalancer/net/shop-t-Netwo-1Z/2c3d`)).toMatchObject({ kind: "network-load-balancer", name: "shop-t-Netwo-1Z" });
    expect(fromArn(API_TG)).toMatchObject({ kind: "target-group", name: "shop-t-Targe-ABCDEF123456" });
    expect(fromArn("arn:aws:ecr:eu-west-1:1:repository/shop/api")).toMatchObject({ kind: "repository", name: "shop/api" });
    expect(fromArn("arn:aws:logs:eu-west-1:1:log-group:/copilot/shop-test-api:*")).toMatchObject({ kind: "log-group", name: "/copilot/shop-test-api" });
    expect(fromArn("arn:aws:rds:eu-west-1:1:cluster:orders-cluster-x")).toMatchObject({ kind: "db-cluster", name: "orders-cluster-x" });
    expect(fromArn("arn:aws:ecs:eu-west-1:1:task-definition/shop-test-api:7")).toMatchObject({ kind: "task-definition", name: "shop-test-api" });
    expect(fromArn("arn:aws:states:eu-west-1:1:stateMachine:x")).toMatchObject({ kind: "other" });
  });
});

describe("what is not adoptable", () => {
  it("says why berth creates its own, per service", () => {
    const plan = matchAdoption(
      adoptionTargets(envOf()),
      [
        fromArn("arn:aws:states:eu-west-1:1:stateMachine:shop-test-nightly-StateMachine-x"),
        fromArn("arn:aws:events:eu-west-1:1:rule/shop-test-nightly-Rule-x"),
        fromArn("arn:aws:sqs:eu-west-1:1:shop-test-orders-worker-EventsQueue-x"),
        fromArn("arn:aws:kinesis:eu-west-1:1:stream/x"),
      ],
      ctx,
    );
    expect(plan.notAdoptable.map((n) => n.reason)).toEqual([
      "berth runs a job through its own schedule and state machine: disable Copilot's once berth's is applied, or the job runs twice",
      "berth schedules jobs with EventBridge Scheduler: disable this rule once berth's schedule is applied, or the job runs twice",
      "berth creates its own queues; messages still in this one are not moved",
      "berth does not import kinesis:stream resources",
    ]);
  });
});

describe("importId", () => {
  // The forms the AWS provider's import documentation gives for each resource type.
  const FORMS: [Parameters<typeof importId>[0], string, RegExp][] = [
    ["vpc", "arn:aws:ec2:eu-west-1:1:vpc/vpc-0c1d2e3f4a5b60001", /^vpc-[0-9a-f]+$/],
    ["subnet", "arn:aws:ec2:eu-west-1:1:subnet/subnet-0aa0000000000a001", /^subnet-[0-9a-f]+$/],
    ["cluster", `arn:aws:ecs:eu-west-1:1:cluster/${CLUSTER}`, /^[\w-]+$/],
    ["ecs-service", `arn:aws:ecs:eu-west-1:1:service/${CLUSTER}/svc-1`, /^[\w-]+\/[\w-]+$/],
    ["load-balancer", PUBLIC_LB, /^arn:aws:elasticloadbalancing:[\w-]+:\d+:loadbalancer\/app\/[\w-]+\/[0-9a-f]+$/],
    ["target-group", API_TG, /^arn:aws:elasticloadbalancing:[\w-]+:\d+:targetgroup\/[\w-]+\/[0-9a-f]+$/],
    ["repository", "arn:aws:ecr:eu-west-1:1:repository/shop/api", /^[a-z0-9._/-]+$/],
    ["log-group", "arn:aws:logs:eu-west-1:1:log-group:/copilot/x:*", /^\/copilot\/x$/],
    ["db-instance", "arn:aws:rds:eu-west-1:1:db:main-db", /^[a-z][a-z0-9-]*$/],
    ["db-cluster", "arn:aws:rds:eu-west-1:1:cluster:orders-cluster", /^[a-z][a-z0-9-]*$/],
  ];
  it.each(FORMS)("%s: the provider's form", (kind, arn, form) => {
    expect(importId(kind, fromArn(arn))).toMatch(form);
  });
  it("listener: its ARN", () => {
    expect(importId("listener", { kind: "listener", arn: LISTENER, name: LISTENER })).toBe(LISTENER);
  });
});

describe("matchAdoption", () => {
  it("adopts what has no name, asks for the names berth would change, and holds back what depends on them", () => {
    const env = envOf();
    const plan = matchAdoption(adoptionTargets(env), running(), ctx);
    expect(plan.adopted.map((a) => [a.target.address, a.id])).toEqual([
      ["aws_vpc.this", "vpc-0c1d2e3f4a5b60001"],
      ['aws_subnet.public["eu-west-1a"]', "subnet-0aa0000000000a001"],
    ]);
    expect(plan.names.map((n) => [n.path.slice(3).join("."), n.value])).toEqual([
      ["cluster", CLUSTER],
      ["loadBalancers.public", "shop-t-Publi-1QWERTY7UIOP8"],
      ["services.api.repository", "shop/api"],
      ["services.api.service", "shop-test-api-Service-3Lm4Nn5Oo6Pp"],
      ["services.api.logGroup", "/copilot/shop-test-api"],
      ["services.api.targetGroups.public", "shop-t-Targe-ABCDEF123456"],
    ]);
    // Copilot's family (<app>-<env>-<service>) is berth's own: nothing to set, and its revisions are accounted for.
    expect(plan.notAdoptable.some((n) => n.resource.kind === "task-definition")).toBe(false);
    // The listener is found, but importing it onto a load balancer berth would replace would replace it too.
    expect(plan.waiting.map((w) => [w.target.address, w.after])).toEqual([["aws_lb_listener.public", "platform: aws_lb.public"]]);
    // Two databases, two candidates each: never a guess.
    expect(plan.ambiguous.map((a) => [a.target.address, a.candidates.map((c) => c.name)])).toEqual([
      ["aws_db_instance.audit", ["shop-test-api-maindb-a1", "shop-test-api-auditdb-b2"]],
      ["aws_db_instance.main", ["shop-test-api-maindb-a1", "shop-test-api-auditdb-b2"]],
    ]);
    expect(plan.notFound.map((t) => t.address)).toContain('aws_subnet.private["eu-west-1b"]');
    expect(plan.notAdoptable.map((n) => [n.resource.name, n.reason])).toEqual([
      ["subnet-0ff0000000000f001", "matches no resource of the config (another service, subnet or load balancer than berth's plan has)"],
      ["role/shop-test-api-TaskRole-QAZ", "berth creates its own least-privilege IAM roles"],
    ]);
  });

  it("adopts everything once the config names them, by name first", () => {
    const env = envOf({
      cluster: CLUSTER,
      loadBalancers: { public: "shop-t-Publi-1QWERTY7UIOP8" },
      services: {
        api: {
          service: "shop-test-api-Service-3Lm4Nn5Oo6Pp",
          taskFamily: "shop-test-api",
          logGroup: "/copilot/shop-test-api",
          repository: "shop/api",
          targetGroups: { public: "shop-t-Targe-ABCDEF123456" },
        },
      },
      databases: { main: { identifier: "shop-test-api-maindb-a1" }, audit: { identifier: "shop-test-api-auditdb-b2" } },
    });
    const plan = matchAdoption(adoptionTargets(env), running(), ctx);
    expect(plan.names).toEqual([]);
    expect(plan.waiting).toEqual([]);
    expect(plan.ambiguous).toEqual([]);
    expect(Object.fromEntries(plan.adopted.map((a) => [`${a.target.stack} ${a.target.address}`, a.id]))).toMatchObject({
      "platform aws_ecs_cluster.this": CLUSTER,
      "platform aws_lb.public": PUBLIC_LB,
      "platform aws_lb_listener.public": LISTENER,
      "platform aws_ecr_repository.api": "shop/api",
      "data aws_db_instance.main": "shop-test-api-maindb-a1",
      "data aws_db_instance.audit": "shop-test-api-auditdb-b2",
      "service-api aws_ecs_service.this": `${CLUSTER}/shop-test-api-Service-3Lm4Nn5Oo6Pp`,
      "service-api aws_cloudwatch_log_group.this": "/copilot/shop-test-api",
      "service-api aws_lb_target_group.public": API_TG,
    });
    // A family is a name, never an import.
    expect(plan.adopted.some((a) => a.target.kind === "task-family")).toBe(false);
  });

  it("asks a database for the settings AWS cannot change in place, and refuses an unencrypted one", () => {
    const names = { existing: { databases: { main: { identifier: "shop-test-api-maindb-a1" }, audit: { identifier: "shop-test-api-auditdb-b2" } } } };
    const env = envOf(names.existing);
    const main = { ...fromArn("arn:aws:rds:eu-west-1:1:db:shop-test-api-maindb-a1"), db: { name: "main", username: "root", encrypted: true } };
    const audit = { ...fromArn("arn:aws:rds:eu-west-1:1:db:shop-test-api-auditdb-b2"), db: { name: "audit", username: "dbadmin", encrypted: false } };
    const plan = matchAdoption(adoptionTargets(env), [main, audit], ctx);
    // staging encrypts databases with berth's own key, which an existing database cannot take.
    expect(plan.names.map((n) => [n.path.join("."), n.value])).toEqual([
      ["environments.test.databases.main.username", "root"],
      ["environments.test.kms.rds", false],
    ]);
    expect(plan.adopted.filter((a) => a.target.stack === "data")).toEqual([]);
    expect(plan.notAdoptable.map((n) => [n.resource.name, n.reason])).toEqual([
      [
        "shop-test-api-auditdb-b2",
        "its storage is not encrypted, which AWS cannot turn on in place, and berth encrypts every database: restore an encrypted copy of a snapshot first",
      ],
    ]);
    const kept = matchAdoption(adoptionTargets(envOf({ ...names.existing })), [{ ...main, db: { name: "main", username: "dbadmin", encrypted: true } }], {
      ...ctx,
    });
    expect(kept.names.map((n) => n.path.join("."))).toEqual(["environments.test.kms.rds"]);
    // Two databases, one setting of the environment: listed once.
    const both = matchAdoption(adoptionTargets(env), [main, { ...audit, db: { ...audit.db, encrypted: true } }], ctx);
    expect(both.names.filter((n) => n.path.join(".") === "environments.test.kms.rds")).toHaveLength(1);
  });

  it("matches a load balancer by scheme, and calls two of a scheme ambiguous", () => {
    const second = { ...fromArn(`${R}:loadbalancer/app/shop-t-Other-9/9f9f`), internal: false };
    const plan = matchAdoption(adoptionTargets(envOf()), [...running(), second], ctx);
    expect(plan.ambiguous.find((a) => a.target.address === "aws_lb.public")?.candidates.map((c) => c.name)).toEqual([
      "shop-t-Publi-1QWERTY7UIOP8",
      "shop-t-Other-9",
    ]);
    const internal = matchAdoption(adoptionTargets(envOf()), [{ ...fromArn(PUBLIC_LB), internal: true }], ctx);
    expect(internal.notFound.map((t) => t.address)).toContain("aws_lb.public");
  });
});

describe("matchAdoption in an existing VPC (network.vpc)", () => {
  it("imports no VPC or subnet, says the config uses them as they are, and holds no target group back for the VPC", () => {
    const vpc = {
      id: "vpc-0c1d2e3f4a5b60001",
      cidr: "10.1.0.0/16",
      subnets: {
        public: ["subnet-0aa0000000000a001", "subnet-0aa0000000000a002"],
        private: ["subnet-0bb0000000000b001", "subnet-0bb0000000000b002"],
      },
    };
    const raw = config({
      loadBalancers: { public: "shop-t-Publi-1QWERTY7UIOP8" },
      services: { api: { targetGroups: { public: "shop-t-Targe-ABCDEF123456" } } },
    });
    const { network: _shared, ...rest } = raw;
    const env = resolveModel(validateConfig({ ...rest, environments: { test: { ...raw.environments.test, account: "123456789012", network: { vpc } } } }))
      .environments[0]!;
    const referenced = new Set([vpc.id, ...vpc.subnets.public, ...vpc.subnets.private]);
    const plan = matchAdoption(adoptionTargets(env), running(), { ...ctx, referenced });
    expect(plan.adopted.some((a) => a.target.kind === "vpc" || a.target.kind === "subnet")).toBe(false);
    expect(plan.notFound.some((t) => t.kind === "vpc" || t.kind === "subnet")).toBe(false);
    const why = (name: string) => plan.notAdoptable.find((n) => n.resource.name === name)?.reason;
    expect(why("vpc-0c1d2e3f4a5b60001")).toMatch(/the config uses it as it is \(network\.vpc\)/);
    expect(why("subnet-0aa0000000000a001")).toMatch(/the config uses it as it is/);
    expect(why("subnet-0ff0000000000f001")).toBe("the config has no resource of this kind");
    expect(plan.adopted.map((a) => a.target.address)).toContain("aws_lb_target_group.public");
  });
});
