import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";
import { modelErrors } from "../../test/support/config-errors.js";

type Raw = Record<string, unknown>;
const config = (web: Raw, rest: Raw = {}): Raw => ({
  project: "shop",
  loadBalancers: { public: {} },
  services: { web: { port: 3000, routes: [{ loadBalancer: "public" }], ...web }, worker: { port: 1 } },
  environments: { prod: { tier: "prod", region: "eu-west-1" } },
  ...rest,
});
const resolve = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!;
const web = (raw: Raw) => resolve(raw).services.find((s) => s.name === "web")!;

const errors = modelErrors;

describe("service alarms", () => {
  it("turns presets into alarms with their defaults, a number as the threshold and an object as tuning", () => {
    const alarms = web(config({ alarms: { cpu: { threshold: 85, period: "2 minutes", evaluationPeriods: 2 }, memory: 90, http5xx: true } })).alarms;
    expect(alarms.map((a) => a.id)).toEqual(["cpu", "memory", "http5xx"]);
    expect(alarms[0]).toEqual({
      id: "cpu",
      name: "shop-prod-web-cpu",
      description: "Average CPU utilisation > 85 % for 2 periods of 2 min.",
      namespace: "AWS/ECS",
      metric: "CPUUtilization",
      subject: { kind: "service" },
      statistic: "Average",
      threshold: 85,
      comparison: "GreaterThanThreshold",
      periodSeconds: 120,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: "missing",
    });
    expect(alarms[1]).toMatchObject({ threshold: 90, periodSeconds: 300 });
    expect(alarms[2]).toMatchObject({
      metric: "HTTPCode_Target_5XX_Count",
      statistic: "Sum",
      threshold: 5,
      periodSeconds: 60,
      subject: { kind: "target", loadBalancer: "public" },
      treatMissingData: "notBreaching",
    });
  });

  it("has one target alarm per load balancer when the service is behind several", () => {
    const raw = config(
      { routes: [{ loadBalancer: "public" }, { loadBalancer: "internal" }], alarms: { unhealthyHosts: true } },
      { loadBalancers: { public: {}, internal: { internal: true } } },
    );
    expect(web(raw).alarms.map((a) => [a.id, a.name, a.comparison])).toEqual([
      ["unhealthyHosts-internal", "shop-prod-web-unhealthy-hosts-internal", "GreaterThanOrEqualToThreshold"],
      ["unhealthyHosts-public", "shop-prod-web-unhealthy-hosts-public", "GreaterThanOrEqualToThreshold"],
    ]);
  });

  it("takes custom alarms with their dimensions and a readable comparison", () => {
    const [a] = web(
      config({
        alarms: {
          custom: {
            "queue-depth": {
              namespace: "Shop/Orders",
              metric: "QueueDepth",
              dimensions: { Queue: "orders" },
              threshold: 100,
              comparison: ">=",
              statistic: "Maximum",
            },
          },
        },
      }),
    ).alarms;
    expect(a).toMatchObject({
      id: "custom-queue-depth",
      name: "shop-prod-web-queue-depth",
      subject: { kind: "custom", dimensions: { Queue: "orders" } },
      comparison: "GreaterThanOrEqualToThreshold",
      statistic: "Maximum",
    });
  });

  it("watches the load balancer's own 5XX answers on each load balancer the service is behind", () => {
    const [a] = web(config({ alarms: { loadBalancer5xx: 10 } })).alarms;
    expect(a).toMatchObject({
      id: "loadBalancer5xx",
      name: "shop-prod-web-load-balancer5xx",
      namespace: "AWS/ApplicationELB",
      metric: "HTTPCode_ELB_5XX_Count",
      subject: { kind: "loadBalancer", loadBalancer: "public" },
      statistic: "Sum",
      threshold: 10,
      periodSeconds: 300,
      treatMissingData: "notBreaching",
    });
    expect(errors(config({}, { services: { web: { port: 1, alarms: { loadBalancer5xx: true } } } }))).toContain(
      "services.web.alarms.loadBalancer5xx: watches the service's target group, but the service has no routes, so it is behind no load balancer",
    );
  });

  it("lets custom dimensions name a load balancer or the service's target group, only where the service is behind it", () => {
    const custom = (dimensions: Raw) => ({
      alarms: { custom: { slow: { namespace: "AWS/ApplicationELB", metric: "TargetResponseTime", dimensions, threshold: 2 } } },
    });
    const [a] = web(
      config(custom({ LoadBalancer: { loadBalancer: "public" }, TargetGroup: { targetGroup: "public" }, AvailabilityZone: "eu-west-1a" })),
    ).alarms;
    expect(a!.subject).toEqual({
      kind: "custom",
      dimensions: { LoadBalancer: { loadBalancer: "public" }, TargetGroup: { targetGroup: "public" }, AvailabilityZone: "eu-west-1a" },
    });
    expect(errors(config(custom({ LoadBalancer: { loadBalancer: "internal" } }), { loadBalancers: { public: {}, internal: { internal: true } } }))).toEqual([
      'services.web.alarms.custom.slow.dimensions.LoadBalancer: the service is not behind load balancer "internal", so it has no load balancer there to watch',
    ]);
  });

  it("lets an environment turn a preset off", () => {
    const raw = config(
      { alarms: { cpu: 85, memory: 80 } },
      { environments: { dev: { tier: "dev", region: "eu-west-1", services: { web: { alarms: { cpu: false } } } } } },
    );
    expect(web(raw).alarms.map((a) => a.id)).toEqual(["memory"]);
  });

  it("needs a route for an alarm on the target group", () => {
    expect(errors(config({}, { services: { web: { port: 1, alarms: { responseTime: 2 } } } }))).toContain(
      "services.web.alarms.responseTime: watches the service's target group, but the service has no routes, so it is behind no load balancer",
    );
  });

  it("checks periods and datapoints against CloudWatch's rules", () => {
    expect(errors(config({ alarms: { cpu: { period: "90 seconds" } } }))[0]).toMatch(
      /^services\.web\.alarms\.cpu\.period: must be 10 seconds, 30 seconds or a whole number of minutes; got 90 seconds/,
    );
    expect(errors(config({ alarms: { cpu: { evaluationPeriods: 2, datapointsToAlarm: 3 } } }))[0]).toBe(
      "services.web.alarms.cpu.datapointsToAlarm: (3) is larger than evaluationPeriods (2)",
    );
    expect(errors(config({ alarms: { cpu: { period: "1 hour", evaluationPeriods: 25 } } }))[0]).toMatch(
      /evaluationPeriods: 25 periods of 3600 s span more than one day/,
    );
  });
});

describe("monitoring", () => {
  it("creates the alarm topic when a service has alarms, with the email subscriptions", () => {
    const env = resolve(
      config({ alarms: { cpu: true } }, { monitoring: { notifications: { email: ["ops@example.com", "dev@example.com"] }, dashboard: true } }),
    );
    expect(env.monitoring).toEqual({ topic: { name: "shop-prod-alarms", emails: ["dev@example.com", "ops@example.com"] }, dashboard: { name: "shop-prod" } });
    expect(resolve(config({})).monitoring).toEqual({ topic: null, dashboard: null });
  });

  it("email subscriptions need an address", () => {
    expect(errors(config({}, { monitoring: { notifications: { email: [] } } }))).toContain(
      "monitoring.notifications.email: names no address, so alarms would notify nobody",
    );
    expect(() => resolve(config({}, { monitoring: { notifications: { email: ["not-an-address"] } } }))).toThrow(
      /monitoring\.notifications\.email\[0\].*expected an email address/,
    );
  });
});

describe("database alarms", () => {
  const db = (alarms: Raw, extra: Raw = {}, rest: Raw = {}): Raw =>
    config(
      { databases: { main: true } },
      { network: { azs: 2 }, databases: { main: { engine: "postgres", version: "16", storage: "100 GB", alarms, ...extra } }, ...rest },
    );
  const dbAlarms = (raw: Raw) => resolve(raw).databases[0]!.alarms;

  it("turns the RDS presets into alarms on the database, free storage in bytes below 10 % of the allocated storage", () => {
    const alarms = dbAlarms(db({ cpu: true, connections: 150, freeStorage: true }));
    expect(alarms.map((a) => [a.id, a.name, a.namespace, a.metric, a.statistic, a.comparison, a.threshold, a.periodSeconds, a.evaluationPeriods])).toEqual([
      ["main-cpu", "shop-prod-main-cpu", "AWS/RDS", "CPUUtilization", "Average", "GreaterThanThreshold", 80, 300, 2],
      ["main-connections", "shop-prod-main-connections", "AWS/RDS", "DatabaseConnections", "Average", "GreaterThanThreshold", 150, 300, 2],
      ["main-free-storage", "shop-prod-main-free-storage", "AWS/RDS", "FreeStorageSpace", "Minimum", "LessThanThreshold", 10 * 1024 ** 3, 300, 1],
    ]);
    expect(alarms.every((a) => a.subject.kind === "database" && a.subject.database === "main")).toBe(true);
    expect(alarms[2]!.description).toBe("Minimum free storage < 10 GB in 5 min.");
  });

  it("takes free storage thresholds in GB, and never defaults below 2 GB", () => {
    expect(dbAlarms(db({ freeStorage: 5 }))[0]!.threshold).toBe(5 * 1024 ** 3);
    expect(dbAlarms(db({ freeStorage: true }, { storage: "20 GB" }))[0]!.threshold).toBe(2 * 1024 ** 3);
  });

  it("creates the alarm topic for database alarms alone", () => {
    expect(resolve(db({ cpu: true })).monitoring.topic).toEqual({ name: "shop-prod-alarms", emails: [] });
  });

  it("lets an environment turn a database preset off or retune it", () => {
    const raw = db(
      { cpu: 90, connections: true },
      {},
      { environments: { prod: { tier: "prod", region: "eu-west-1", databases: { main: { alarms: { cpu: false, connections: { threshold: 40 } } } } } } },
    );
    expect(dbAlarms(raw).map((a) => [a.id, a.threshold])).toEqual([["main-connections", 40]]);
  });

  it("refuses free storage on Aurora, whose storage grows by itself, at the path that set it", () => {
    const raw = config({}, { network: { azs: 2 }, databases: { main: { engine: "aurora-postgresql", version: "16", alarms: { freeStorage: true } } } });
    expect(errors(raw)).toContain("databases.main.alarms.freeStorage: does not apply to Aurora: its storage grows by itself");
  });
});
