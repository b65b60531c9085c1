/** Blue/green services in the model: the CodeDeploy names and configuration they resolve to, and every rule with its path and fix. */
import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { deploymentConfig } from "./blue-green.js";
import { resolveModel } from "./resolve.js";
import type { Service } from "./types.js";

const base = (api: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  project: "shop",
  loadBalancers: { public: {} },
  networkLoadBalancers: { tcp: {} },
  services: {
    api: { port: 8080, routes: [{ loadBalancer: "public" }], alarms: { cpu: 80, http5xx: 5 }, deployment: { strategy: "blue-green" }, ...api },
  },
  environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" } } },
  ...extra,
});
const service = (raw: unknown, name = "api"): Service => resolveModel(validateConfig(raw)).environments[0]!.services.find((s) => s.name === name)!;

describe("blue/green services", () => {
  it("get an application, a deployment group, AWS's all-at-once configuration, a green target group and rollback on their alarms", () => {
    const s = service(base());
    expect(s.blueGreen).toEqual({
      application: "shop-prod-api",
      deploymentGroup: "shop-prod-api",
      config: { name: "CodeDeployDefault.ECSAllAtOnce", custom: false, traffic: { kind: "all-at-once" } },
      route: { kind: "alb", loadBalancer: "public" },
      greenTargetGroupName: "shop-prod-api-green",
      testListenerPort: null,
      rollbackAlarms: ["shop-prod-api-cpu", "shop-prod-api-http5xx"],
      terminateBlueMinutes: 5,
      roleName: "shop-prod-api-codedeploy",
    });
    expect(s.circuitBreaker).toBe(false);
  });

  it("use AWS's predefined configuration when the shift matches one, else a custom one", () => {
    expect(service(base({ deployment: { strategy: "blue-green", traffic: { canary: { percent: 10, minutes: 5 } } } })).blueGreen!.config.name).toBe(
      "CodeDeployDefault.ECSCanary10Percent5Minutes",
    );
    expect(service(base({ deployment: { strategy: "blue-green", traffic: { linear: { percent: 25, everyMinutes: 2 } } } })).blueGreen!.config).toEqual({
      name: "shop-prod-api-linear-25pct-every-2min",
      custom: true,
      traffic: { kind: "linear", percent: 25, everyMinutes: 2 },
    });
    expect(deploymentConfig("Lambda", { kind: "linear", percent: 10, everyMinutes: 1 }, "x").name).toBe("CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
    expect(deploymentConfig("Lambda", { kind: "canary", percent: 10, minutes: 30 }, "x").name).toBe("CodeDeployDefault.LambdaCanary10Percent30Minutes");
  });

  it("take a test listener, rollback without alarms, the blue tasks' wait, and an NLB listener as the route", () => {
    const s = service(base({ deployment: { strategy: "blue-green", testListener: 8443, rollbackOnAlarms: false, terminateBlueAfter: "1 hour" } }));
    expect(s.blueGreen).toMatchObject({ testListenerPort: 8443, rollbackAlarms: [], terminateBlueMinutes: 60 });
    const nlb = service(base({ routes: undefined, alarms: { unhealthyHosts: true }, nlb: { loadBalancer: "tcp", port: "443/tls" } }));
    expect(nlb.blueGreen).toMatchObject({
      route: { kind: "nlb", loadBalancer: "tcp", port: 443 },
      greenTargetGroupName: "shop-prod-api-443-green",
      rollbackAlarms: ["shop-prod-api-unhealthy-hosts-tcp-443"],
    });
  });
});

describe("blue/green in a recovery region", () => {
  it("gives CodeDeploy's role (account-wide, like the tasks' roles) the region's suffix", () => {
    const model = resolveModel(
      validateConfig(
        base({}, { environments: { prod: { tier: "prod", region: "eu-west-1", recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } } } } }),
      ),
    );
    const [primary] = model.environments;
    const standby = primary!.recovery[0]!.services.find((s) => s.name === "api")!;
    expect(primary!.services.find((s) => s.name === "api")!.blueGreen!.roleName).toBe("shop-prod-api-codedeploy");
    expect(standby.blueGreen!.roleName).not.toBe("shop-prod-api-codedeploy");
    expect(standby.blueGreen!.roleName).toMatch(/^shop-prod-api-codedeploy-/);
  });
});

describe("rules, each at its path with the fix", () => {
  it("refuses blue/green on what CodeDeploy cannot drive: several target groups, no load balancer, a worker", () => {
    expect(modelReport(base({ nlb: { loadBalancer: "tcp", port: 443 } }))).toMatch(
      /services\.api\.deployment\.strategy: is "blue-green", but CodeDeploy swaps one target group pair and this service has 2 \(public, tcp:443\)\n.*hint: keep the service behind one load balancer/,
    );
    expect(modelReport(base({ routes: undefined, alarms: undefined }))).toMatch(
      /services\.api\.deployment\.strategy: is "blue-green", but the service is behind no load balancer/,
    );
    expect(
      modelReport(
        base({}, { queues: { jobs: {} }, services: { work: { command: ["w"], worker: { queue: "jobs" }, deployment: { strategy: "blue-green" } } } }),
      ),
    ).toMatch(/services\.work\.deployment\.strategy: is "blue-green", but CodeDeploy shifts load balancer traffic and a queue worker has none/);
  });

  it("refuses canary or linear shifts behind an NLB, the circuit breaker with blue/green, blue/green settings on a rolling service", () => {
    expect(
      modelReport(
        base({
          routes: undefined,
          nlb: { loadBalancer: "tcp", port: 443 },
          deployment: { strategy: "blue-green", traffic: { canary: { percent: 10, minutes: 5 } } },
        }),
      ),
    ).toMatch(/services\.api\.deployment\.traffic: is canary, but CodeDeploy moves traffic behind a Network Load Balancer all at once only/);
    expect(modelReport(base({ deployment: { strategy: "blue-green", circuitBreaker: true } }))).toMatch(
      /services\.api\.deployment\.circuitBreaker: is the rolling deployment's/,
    );
    expect(modelReport(base({ deployment: { testListener: 8443 } }))).toMatch(
      /services\.api\.deployment\.testListener: applies to blue\/green deployments only\n.*strategy: "blue-green"/,
    );
  });

  it("refuses a test listener on a port the load balancer already listens on, and a blue task wait over two days", () => {
    expect(modelReport(base({ deployment: { strategy: "blue-green", testListener: 443 } }))).toMatch(
      /services\.api\.deployment\.testListener: 443 is already a listener port on load balancer "public"/,
    );
    expect(modelReport(base({ deployment: { strategy: "blue-green", terminateBlueAfter: "3 days" } }))).toMatch(/terminateBlueAfter: is 4320 minutes/);
  });
});

describe("blue/green functions", () => {
  const fn = (deployment: Record<string, unknown>) => ({
    project: "shop",
    services: {},
    functions: { thumbs: { image: true, deployment } },
    environments: { prod: { tier: "prod", region: "eu-west-1" } },
  });
  it("shift the live alias through CodeDeploy for Lambda, rolling back on the alias's error and throttle alarms", () => {
    const f = resolveModel(validateConfig(fn({ strategy: "blue-green", traffic: { canary: { percent: 10, minutes: 15 } } }))).environments[0]!.functions[0]!;
    expect(f.blueGreen).toEqual({
      application: "shop-prod-thumbs",
      deploymentGroup: "shop-prod-thumbs",
      config: { name: "CodeDeployDefault.LambdaCanary10Percent15Minutes", custom: false, traffic: { kind: "canary", percent: 10, minutes: 15 } },
      rollbackAlarms: ["shop-prod-thumbs-errors", "shop-prod-thumbs-throttles"],
      roleName: "shop-prod-thumbs-codedeploy",
    });
  });

  it("refuse blue/green settings on a direct function, at their path with the fix", () => {
    expect(modelReport(fn({ traffic: "all-at-once" }))).toMatch(
      /functions\.thumbs\.deployment\.traffic: applies to blue\/green deployments only\n.*strategy: "blue-green"/,
    );
  });
});
