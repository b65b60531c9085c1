import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";
import { modelErrors } from "../../test/support/config-errors.js";

type Raw = Record<string, unknown>;
const base: Raw = {
  project: "shop",
  loadBalancers: { public: {}, internal: { internal: true } },
  services: {
    web: { port: 3000, routes: [{ loadBalancer: "public" }], environment: { API_URL: { url: "api" } } },
    api: { port: 8080, routes: [{ loadBalancer: "internal", path: "/api/*" }] },
  },
  environments: { prod: { tier: "prod", region: "eu-west-1" }, dev: { tier: "dev", region: "eu-west-1" } },
};

const resolve = (raw: Raw, env?: string) => resolveModel(validateConfig(raw), { env });
const withServices = (services: Raw): Raw => ({ ...base, services: { ...(base.services as Raw), ...services } });

const errors = modelErrors;

describe("resolveModel", () => {
  it("applies tier defaults per environment", () => {
    const m = resolve(base);
    const dev = m.environments.find((e) => e.name === "dev")!;
    const prod = m.environments.find((e) => e.name === "prod")!;
    expect([dev.network.azs.length, dev.network.nat, dev.services[0]?.desiredCount]).toEqual([2, "single", 1]);
    expect([prod.network.azs, prod.network.nat, prod.services[0]?.desiredCount]).toEqual([["eu-west-1a", "eu-west-1b", "eu-west-1c"], "perAz", 2]);
    expect(prod.loadBalancers.find((l) => l.key === "public")?.accessLogs).not.toBeNull();
  });

  it("resolves a WAF web ACL per load balancer that asks for one, with a default rate limit", () => {
    const env = resolve({ ...base, loadBalancers: { public: { waf: true }, internal: { internal: true, waf: { rateLimit: 300 } } } }, "prod").environments[0]!;
    expect(env.loadBalancers.map((lb) => [lb.key, lb.waf?.name, lb.waf?.rateLimit])).toEqual([
      ["internal", "shop-prod-internal", 300],
      ["public", "shop-prod-public", 2000],
    ]);
    expect(resolve(base).environments[0]!.loadBalancers.every((lb) => lb.waf === null)).toBe(true);
  });

  it("turns VPC flow logs on in prod tiers unless the config says otherwise", () => {
    const flowLogs = (raw: Raw) => resolve(raw).environments.map((e) => [e.name, e.network.flowLogs?.retentionDays ?? null]);
    expect(flowLogs(base)).toEqual([
      ["dev", null],
      ["prod", 30],
    ]);
    const prodOff = {
      ...base,
      environments: { prod: { tier: "prod", region: "eu-west-1", network: { flowLogs: false } }, dev: { tier: "dev", region: "eu-west-1" } },
    };
    expect(flowLogs(prodOff)).toEqual([
      ["dev", null],
      ["prod", null],
    ]);
    expect(flowLogs({ ...base, network: { flowLogs: { retention: "90 days" } } })).toEqual([
      ["dev", 90],
      ["prod", 90],
    ]);
  });

  it("makes prod-tier repositories' tags immutable unless a service opts out, and refuses a moving imageTag there", () => {
    const mutable = (raw: Raw) => resolve(raw).environments.map((e) => [e.name, e.repositories.map((r) => `${r.service}:${r.mutable}`)]);
    expect(mutable(base)).toEqual([
      ["dev", ["api:true", "web:true"]],
      ["prod", ["api:false", "web:false"]],
    ]);
    expect(mutable(withServices({ api: { port: 8080, routes: [{ loadBalancer: "internal", path: "/api/*" }], repository: { mutable: true } } }))).toEqual([
      ["dev", ["api:true", "web:true"]],
      ["prod", ["api:true", "web:false"]],
    ]);
    const latest = withServices({ api: { port: 8080, routes: [{ loadBalancer: "internal", path: "/api/*" }], imageTag: "latest" } });
    expect(errors(latest).join("\n")).toMatch(/environments\.prod\.services\.api\.imageTag|services\.api\.imageTag/);
    expect(errors(latest).join("\n")).toContain("immutable tags");
    expect(
      resolve(withServices({ api: { port: 8080, routes: [{ loadBalancer: "internal", path: "/api/*" }], imageTag: "v1.4.2" } })).environments,
    ).toHaveLength(2);
  });

  it("logs the access-log bucket's own requests to a second bucket in prod tiers unless a load balancer opts out", () => {
    const serverLogs = (raw: Raw) =>
      resolve(raw).environments.map((e) => [e.name, e.loadBalancers.map((lb) => lb.accessLogs && (lb.accessLogs.serverLogs?.bucket ?? "off"))]);
    expect(serverLogs(base)).toEqual([
      ["dev", [null, null]],
      ["prod", ["shop-prod-eu-west-1-alb-logs-access", "shop-prod-eu-west-1-alb-logs-access"]],
    ]);
    const optOut = {
      ...base,
      loadBalancers: { public: { accessLogs: { bucketLogging: false } }, internal: { internal: true, accessLogs: { bucketLogging: false } } },
    };
    expect(serverLogs(optOut)).toEqual([
      ["dev", ["off", "off"]],
      ["prod", ["off", "off"]],
    ]);
    const long = { ...base, project: "a-rather-long-project-name-for-b" };
    const bucket = resolve(long, "prod").environments[0]!.loadBalancers[0]!.accessLogs!.serverLogs!.bucket;
    expect(bucket.length).toBeLessThanOrEqual(63);
    expect(bucket).not.toBe(resolve(long, "prod").environments[0]!.loadBalancers[0]!.accessLogs!.bucket);
  });

  it("merges environment overrides: objects merge, scalars replace", () => {
    const m = resolve({ ...base, environments: { dev: { tier: "dev", region: "eu-west-1", services: { api: { cpu: "0.5 vCPU", memory: "1 GB" } } } } });
    const api = m.environments[0]!.services.find((s) => s.name === "api")!;
    expect([api.cpu, api.memory, api.port]).toEqual([512, 1024, 8080]);
  });

  it("wires service URLs through the load balancer with the route's path prefix", () => {
    const web = resolve(base, "prod").environments[0]!.services.find((s) => s.name === "web")!;
    expect(web.environment).toContainEqual({ name: "API_URL", value: { kind: "url", loadBalancer: "internal", service: "api", path: "/api" } });
    expect(web.environment).toContainEqual({ name: "PORT", value: { kind: "literal", value: "3000" } });
    expect(web.calls).toEqual(["internal"]);
    const internal = resolve(base, "prod").environments[0]!.loadBalancers.find((l) => l.key === "internal")!;
    expect(internal.ingress).toEqual({ kind: "services", services: ["web"] });
  });

  it("rejects a Fargate size that is not a valid pair, quoting the table", () => {
    const msg = errors(withServices({ api: { port: 8080, cpu: 256, memory: 4096 } }));
    expect(msg).toContain("services.api.memory: 4096 MiB does not pair with 256 CPU units on Fargate; use one of 512, 1024, 2048 MiB");
    expect(errors(withServices({ api: { port: 8080, cpu: 300 } }))[0]).toMatch(
      /services\.api\.cpu: 300 CPU units is not a Fargate size; use one of 256, 512, 1024/,
    );
  });

  it("rejects a task that does not fit the EC2 instance type", () => {
    const msg = errors({ ...base, compute: { ec2: { instanceType: "t4g.small" } }, services: { api: { port: 1, cpu: 1024, memory: 2048 } } });
    expect(msg).toContain("services.api.memory: 2048 MiB does not fit on a t4g.small, which offers 1792 MiB to tasks after the ECS agent's reserve");
  });

  it("rejects an architecture that differs from the instances'", () => {
    const msg = errors({ ...base, compute: { ec2: { instanceType: "t4g.small" } }, services: { api: { port: 1, architecture: "x86_64" } } });
    expect(msg).toContain("services.api.architecture: is x86_64 but the cluster's t4g.small instances are arm64");
  });

  it("rejects EC2 capacity mixed with Fargate", () => {
    expect(errors({ ...base, compute: { ec2: { instanceType: "t3.small" }, fargate: {} } })[0]).toMatch(
      /^compute: compute\.ec2 cannot be combined with fargate/,
    );
  });

  it("rejects references to things that do not exist, with a suggestion", () => {
    expect(errors(withServices({ api: { port: 1, routes: [{ loadBalancer: "internl" }] } }))).toContain(
      'services.api.routes[0].loadBalancer: load balancer "internl" does not exist; did you mean "internal"?',
    );
    expect(errors(withServices({ web: { port: 1, environment: { X: { url: "apii" } } } }))).toContain(
      'services.web.environment.X.url: service "apii" does not exist; did you mean "api"?',
    );
    expect(errors({ ...base, environments: { prod: { tier: "prod", region: "eu-west-1", services: { wbe: { port: 1 } } } } })).toContain(
      'environments.prod.services.wbe: service "wbe" does not exist; did you mean "web"?',
    );
  });

  it("needs a route for a service URL and for a default forward", () => {
    expect(errors(withServices({ worker: { port: 1 }, web: { port: 1, environment: { W: { url: "worker" } } } }))[0]).toMatch(
      /services\.web\.environment\.W\.url: service "worker" has no route, so it has no URL/,
    );
    expect(errors({ ...base, loadBalancers: { public: { defaultAction: { forward: "api" } }, internal: { internal: true } } })[0]).toMatch(
      /loadBalancers\.public\.defaultAction\.forward: service "api" has no route on this load balancer/,
    );
  });

  it("checks autoscaling and health check ranges", () => {
    expect(errors(withServices({ api: { port: 1, desiredCount: 9, autoscaling: { min: 1, max: 5, cpu: 70 } } }))).toContain(
      "services.api.desiredCount: 9 is outside autoscaling's range 1–5",
    );
    expect(errors(withServices({ api: { port: 1, autoscaling: { min: 1, max: 5 } } }))[0]).toMatch(
      /services\.api\.autoscaling: names no metric to track and no schedule/,
    );
    expect(errors(withServices({ api: { port: 1, healthCheck: { interval: "10 seconds", timeout: "10 seconds" } } }))).toContain(
      "services.api.healthCheck.timeout: (10 s) must be shorter than the interval (10 s)",
    );
  });

  it("rejects availability zones outside the region", () => {
    expect(errors({ ...base, network: { azs: ["us-east-1a", "us-east-1b"] } })[0]).toMatch(
      /network\.azs\[0\]: availability zone "us-east-1a" is not in eu-west-1, the region of environment (dev|prod)/,
    );
  });

  it("rejects an unknown environment on the command line", () => {
    expect(() => resolve(base, "prdo")).toThrow(/environments: environment "prdo" does not exist; did you mean "prod"\?/);
  });

  it("keeps AWS names within limits, deterministic and unique", () => {
    const long = "a-long-service-name-for-tests";
    const m = resolve({
      ...base,
      project: "a-rather-long-project",
      services: { [long]: { port: 1, routes: [{ loadBalancer: "public" }] }, [`${long}-2`]: { port: 1, routes: [{ loadBalancer: "public", path: "/2/*" }] } },
    });
    const names = m.environments.flatMap((e) => [...e.loadBalancers.map((l) => l.name), ...e.services.flatMap((s) => s.targets.map((t) => t.targetGroupName))]);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(32);
    expect(new Set(names).size).toBe(names.length);
    expect(resolve({ ...base, project: "a-rather-long-project" }).environments[0]!.loadBalancers[0]!.name).toBe(
      resolve({ ...base, project: "a-rather-long-project" }).environments[0]!.loadBalancers[0]!.name,
    );
  });

  it("adds VPC endpoints when private tasks have no route out", () => {
    const m = resolve({ ...base, network: { nat: "none" }, services: { api: { port: 1, secrets: { DB: { secretsManager: "shop/db" } } } } }, "prod");
    expect(m.environments[0]!.network.endpoints.interface).toEqual(["ecr.api", "ecr.dkr", "logs", "secretsmanager"]);
    const withNat = resolve({ ...base, services: { api: { port: 1 } } }, "prod");
    expect(withNat.environments[0]!.network.endpoints.interface).toEqual([]);
  });
});
