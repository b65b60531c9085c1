/**
 * The range AWS accepts for every duration, size and count of the schema, one row per field: the
 * smallest and largest accepted values pass, the values just outside and a negative one fail with an
 * error at that field's path.
 */
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../errors.js";
import { validateConfig } from "../validate.js";

type Put = (value: unknown) => Record<string, unknown>;

const base = () => ({
  project: "shop",
  loadBalancers: { public: {} },
  services: { api: { port: 8080 } } as Record<string, Record<string, unknown>>,
  databases: { main: { engine: "postgres", version: "16" } } as Record<string, Record<string, unknown>>,
  environments: { prod: { tier: "prod", region: "us-east-1" } },
});
const service =
  (field: string, inner?: string): Put =>
  (v) => {
    const c = base();
    c.services.api = {
      port: 8080,
      [field]: inner
        ? { ...(field === "containerHealthCheck" ? { command: ["CMD", "true"] } : {}), ...(field === "autoscaling" ? { min: 1, max: 2 } : {}), [inner]: v }
        : v,
    };
    return c;
  };
const lb =
  (field: string, inner?: string): Put =>
  (v) => ({ ...base(), loadBalancers: { public: { [field]: inner ? { [inner]: v } : v } } });
const db =
  (field: string): Put =>
  (v) => {
    const c = base();
    c.databases.main = { engine: "postgres", version: "16", [field]: v };
    return c;
  };

interface Row {
  readonly path: string;
  readonly put: Put;
  readonly ok: readonly unknown[];
  readonly bad: readonly unknown[];
}

const ROWS: readonly Row[] = [
  { path: "services.api.port", put: service("port"), ok: [1, 65535], bad: [0, 65536, -1, 1.5, 1e20] },
  {
    path: "services.api.healthCheck.interval",
    put: service("healthCheck", "interval"),
    ok: ["5 seconds", "5 minutes"],
    bad: ["4 seconds", "301 seconds", "-1 seconds"],
  },
  {
    path: "services.api.healthCheck.timeout",
    put: service("healthCheck", "timeout"),
    ok: ["2 seconds", "2 minutes"],
    bad: ["1 second", "121 seconds", "-5 seconds"],
  },
  { path: "services.api.healthCheck.gracePeriod", put: service("healthCheck", "gracePeriod"), ok: ["0 seconds", "2 hours"], bad: ["-1 seconds"] },
  { path: "services.api.deregistrationDelay", put: service("deregistrationDelay"), ok: ["0 seconds", "1 hour"], bad: ["3601 seconds", "-5 seconds"] },
  {
    path: "services.api.containerHealthCheck.interval",
    put: service("containerHealthCheck", "interval"),
    ok: ["5 seconds", "300 seconds"],
    bad: ["4 seconds", "301 seconds"],
  },
  {
    path: "services.api.containerHealthCheck.timeout",
    put: service("containerHealthCheck", "timeout"),
    ok: ["2 seconds", "60 seconds"],
    bad: ["1 second", "61 seconds"],
  },
  {
    path: "services.api.containerHealthCheck.startPeriod",
    put: service("containerHealthCheck", "startPeriod"),
    ok: ["0 seconds", "5 minutes"],
    bad: ["301 seconds", "-1 seconds"],
  },
  {
    path: "services.api.autoscaling.scaleInCooldown",
    put: service("autoscaling", "scaleInCooldown"),
    ok: ["0 seconds", "1 day"],
    bad: ["2 days", "-1 seconds"],
  },
  {
    path: "services.api.autoscaling.scaleOutCooldown",
    put: service("autoscaling", "scaleOutCooldown"),
    ok: ["0 seconds", "1 day"],
    bad: ["2 days", "-1 seconds"],
  },
  {
    path: "services.api.logRetention",
    put: service("logRetention"),
    ok: ["1 day", "14 days", "3653 days", "24 hours"],
    bad: ["10 days", "100000 days", "0 days", "-7 days", "12 hours"],
  },
  {
    path: "services.api.repository.expireUntagged",
    put: service("repository", "expireUntagged"),
    ok: ["1 day", "365 days"],
    bad: ["0 days", "-7 days", "12 hours"],
  },
  { path: "services.api.desiredCount", put: service("desiredCount"), ok: [0, 5000], bad: [-1, 5001, 1.5] },
  { path: "services.api.cpu", put: service("cpu"), ok: [256, "0.25 vCPU"], bad: [0, -256, "-0.5 vCPU", "0 vCPU"] },
  { path: "services.api.memory", put: service("memory"), ok: [512, "1 GB", "512 MB"], bad: [0, -512, "-1 GB"] },
  { path: "loadBalancers.public.idleTimeout", put: lb("idleTimeout"), ok: ["1 second", "4000 seconds"], bad: ["0 seconds", "4001 seconds", "-1 seconds"] },
  { path: "loadBalancers.public.port", put: lb("port"), ok: [1, 65535], bad: [0, 65536, 1e20] },
  { path: "loadBalancers.public.accessLogs.retention", put: lb("accessLogs", "retention"), ok: ["1 day", "400 days"], bad: ["0 days", "-1 days", "1 hour"] },
  { path: "loadBalancers.public.ruleQuota", put: lb("ruleQuota"), ok: [1, 500], bad: [0, -1, 1.5] },
  {
    path: "network.flowLogs.retention",
    put: (v) => ({ ...base(), network: { flowLogs: { retention: v } } }),
    ok: ["30 days", "3653 days"],
    bad: ["31 days", "-30 days"],
  },
  {
    path: "compute.ec2.rootVolume",
    put: (v) => ({ ...base(), compute: { ec2: { instanceType: "t3.small", rootVolume: v } } }),
    ok: ["30 GB", "16384 GB"],
    bad: ["29 GB", "16385 GB", "-30 GB", "0 GB"],
  },
  { path: "databases.main.port", put: db("port"), ok: [1150, 65535], bad: [1149, 65536, -5432] },
  { path: "databases.main.storage", put: db("storage"), ok: ["20 GB"], bad: ["-20 GB", "0 GB"] },
];

function firstError(raw: unknown): { path: string; message: string } | undefined {
  try {
    validateConfig(raw);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    const line = (e as ConfigError).message.split("\n")[0] ?? "";
    const [path, ...rest] = line.split(": ");
    return { path: path ?? "", message: rest.join(": ") };
  }
}

describe("ranges AWS accepts", () => {
  for (const row of ROWS) {
    for (const v of row.ok) it(`${row.path} accepts ${JSON.stringify(v)}`, () => expect(firstError(row.put(v))).toBeUndefined());
    for (const v of row.bad)
      it(`${row.path} refuses ${JSON.stringify(v)}, in one message at its path`, () => {
        let messages: string[] = [];
        try {
          validateConfig(row.put(v));
        } catch (e) {
          messages = (e as ConfigError).message.split("\n");
        }
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatch(new RegExp(`^${row.path.replace(/[.[\]]/g, "\\$&")}: `));
        expect(messages[0]).not.toMatch(/9007199254740991|Too (big|small)|Invalid input/);
      });
  }

  it("lists CloudWatch's retention values when refusing one", () => {
    expect(firstError(service("logRetention")("100000 days"))?.message).toBe(
      'CloudWatch Logs keeps logs for one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 days; got "100000 days"',
    );
  });

  it("says a port is a port, once", () => {
    expect(firstError(service("port")(1e20))?.message).toBe("a port is a whole number from 1 to 65535; got 100000000000000000000");
    expect(firstError(service("port")(0))?.message).toBe("a port is a whole number from 1 to 65535; got 0");
  });

  it("names the characters ALB refuses in a path pattern", () => {
    const put = service("routes");
    expect(firstError(put([{ loadBalancer: "public", path: "/é#%<|;{}\\^" }]))?.message).toMatch(
      /^ALB path patterns may contain only .*\(refused: é # % < \| ; \{ \} \\ \^\)$/,
    );
    expect(firstError(put([{ loadBalancer: "public", path: "/api/*" }]))).toBeUndefined();
  });

  it("gives berth's rule for a bad name, with a fix", () => {
    const c = base() as Record<string, unknown>;
    c.services = { Api_Server: { port: 8080 } };
    expect(firstError(c)).toEqual({
      path: "services.Api_Server",
      message: 'service name must be lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen; got "Api_Server"',
    });
  });
});
