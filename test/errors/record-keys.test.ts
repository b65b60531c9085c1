/**
 * Every record of the schema (every place where the user chooses the keys) with the keys that collide
 * with JavaScript's object machinery: `__proto__`, `constructor`, `toString`. Each must either be
 * refused with an error that names it, or be kept — never silently dropped, never a crash.
 */
import { describe, expect, it } from "vitest";
import { runPipeline } from "./pipeline.js";

const KEYS = ["__proto__", "constructor", "toString"] as const;

/** `{ [key]: value }` as an own property, even for `__proto__` (as YAML and JSON parsers produce it). */
const rec = (key: string, value: unknown): Record<string, unknown> =>
  Object.defineProperty({}, key, { value, enumerable: true, writable: true, configurable: true });

const base = () => ({
  project: "shop",
  loadBalancers: { public: {} } as Record<string, unknown>,
  databases: { main: { engine: "postgres", version: "16" } } as Record<string, unknown>,
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }] } as Record<string, unknown> } as Record<string, unknown>,
  environments: { prod: { tier: "prod", region: "us-east-1" } as Record<string, unknown> } as Record<string, unknown>,
});
type Config = ReturnType<typeof base> & Record<string, unknown>;
const api = (c: Config) => c.services.api as Record<string, unknown>;
const prod = (c: Config) => c.environments.prod as Record<string, unknown>;

/** Each record of the schema: how to put `key` in it (with whatever else a valid entry needs). */
const RECORDS: Record<string, (c: Config, key: string) => void> = {
  tags: (c, k) => void (c.tags = rec(k, "v")),
  "environments.<env>.tags": (c, k) => void (prod(c).tags = rec(k, "v")),
  loadBalancers: (c, k) => void Object.assign(c.loadBalancers, rec(k, {})),
  services: (c, k) => void Object.assign(c.services, rec(k, { port: 8081 })),
  databases: (c, k) => {
    Object.assign(c.databases, rec(k, { engine: "postgres", version: "16" }));
    api(c).databases = rec(k, true);
  },
  "databases with an empty environment override": (c, k) => {
    Object.assign(c.databases, rec(k, { engine: "postgres", version: "16" }));
    prod(c).databases = {};
  },
  secrets: (c, k) => {
    c.secrets = rec(k, {});
    api(c).secrets = { STRIPE: { secret: k } };
  },
  parameters: (c, k) => {
    c.parameters = rec(k, { secure: false, value: "x" });
    api(c).secrets = { FLAG: { parameter: k } };
  },
  environments: (c, k) => void Object.assign(c.environments, rec(k, { tier: "dev", region: "us-east-1" })),
  "environments.<env>.services": (c, k) => void (prod(c).services = rec(k, { desiredCount: 1 })),
  "environments.<env>.loadBalancers": (c, k) => void (prod(c).loadBalancers = rec(k, { idleTimeout: "30 seconds" })),
  "environments.<env>.databases": (c, k) => void (prod(c).databases = rec(k, { storage: "30 GB" })),
  "services.<name>.environment": (c, k) => void (api(c).environment = rec(k, "v")),
  "services.<name>.secrets": (c, k) => void (api(c).secrets = rec(k, { ssm: "/shop/x" })),
  "services.<name>.databases": (c, k) => void (api(c).databases = rec(k, true)),
  "databases.<name>.parameters": (c, k) => void ((c.databases.main as Record<string, unknown>).parameters = rec(k, "1")),
  "services.<name>.alarms.custom": (c, k) => void (api(c).alarms = { custom: rec(k, { namespace: "Shop/Orders", metric: "Depth", threshold: 1 }) }),
  "services.<name>.alarms.custom.<alarm>.dimensions": (c, k) =>
    void (api(c).alarms = { custom: { depth: { namespace: "Shop/Orders", metric: "Depth", threshold: 1, dimensions: rec(k, "v") } } }),
};

describe("user-named keys that collide with JavaScript's object machinery", () => {
  for (const [record, put] of Object.entries(RECORDS)) {
    for (const key of KEYS) {
      it(`${record} with "${key}"`, () => {
        const config = base() as Config;
        put(config, key);
        const out = runPipeline(config);
        if (out.ok) {
          // Kept: then it was not a name berth refuses, and it is not __proto__.
          expect(key).not.toBe("__proto__");
          return;
        }
        // Refused: some issue names the key in its path, and none is a crash in disguise.
        const paths = out.error.issues.map((i) => i.path);
        expect(
          paths.some((p) => p.includes(key)),
          out.error.message,
        ).toBe(true);
        expect(out.error.message).not.toMatch(/reading '|is not a function|undefined/);
      });
    }
  }

  it("refuses __proto__ written as a JavaScript object literal key (which sets the prototype)", () => {
    const config = { ...base(), services: { __proto__: { port: 8081 }, api: { port: 8080 } } };
    const out = runPipeline(config);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toMatch(/^services\.__proto__: "__proto__" cannot be used as a name/);
  });

  it("keeps a service named constructor through to its own stack", () => {
    const config = base() as Config;
    Object.assign(config.services, { constructor: { port: 8081, environment: { toString: "x" } } });
    const out = runPipeline(config);
    expect(out.ok).toBe(true);
    if (out.ok) {
      expect([...out.files.keys()]).toContain("prod/us-east-1/service-constructor/task.tf");
      expect(out.files.get("prod/us-east-1/service-constructor/task.tf")).toMatch(/name\s*=\s*"toString"/);
    }
  });
});
