/** The stack plan and wires the model decides: which stacks, their backends and outputs, names within limits, the catch-all rule. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { modelErrors } from "../../test/support/config-errors.js";
import { resolveModel } from "./resolve.js";
import * as wires from "./wires.js";

type Raw = Record<string, unknown>;
const base: Raw = {
  project: "shop",
  loadBalancers: { public: { defaultAction: { forward: "web" } } },
  services: {
    web: { port: 3000, routes: [{ loadBalancer: "public", path: "/app/*" }] },
    api: { port: 8080, routes: [{ loadBalancer: "public", path: "/api/*" }], databases: { main: true } },
  },
  databases: { main: { engine: "postgres", version: "16" } },
  monitoring: { dashboard: true },
  environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" } } },
};
const env = (raw: Raw = base) => resolveModel(validateConfig(raw)).environments[0]!;

describe("stack plan", () => {
  it("lists the stacks upstream first, each with its S3 backend key and provider", () => {
    const e = env();
    expect(e.stacks.map((s) => s.id)).toEqual(["dns", "network", "platform", "data", "service-api", "service-web", "monitoring"]);
    const api = e.stacks.find((s) => s.id === "service-api")!;
    expect(api).toMatchObject({
      kind: "service",
      path: "prod/eu-west-1/service-api",
      backend: { kind: "s3", bucket: "shop-terraform-state", key: "shop/prod/eu-west-1/service-api.tfstate", region: "eu-west-1" },
      providers: [{ alias: undefined, region: "eu-west-1", defaultTags: { Project: "shop", Environment: "prod", ManagedBy: "berth" } }],
    });
    expect(api.deploy).toMatchObject({ imageTagVariable: "image_tag", cluster: { stack: "platform", name: "cluster_arn" }, service: { name: "service_name" } });
    expect(e.stacks.find((s) => s.id === "network")!.deploy).toBeUndefined();
  });

  it("gives every output one wire with a type, a description and a mock of the real shape", () => {
    const e = env();
    for (const s of e.stacks) {
      for (const w of s.outputs) {
        expect(w.stack).toBe(s.id);
        expect(w.description).toMatch(/\.$/);
        expect(w.type).toMatch(/^(string|list\(string\)|map\(string\))$/);
        if (w.type === "string") expect(typeof w.mock).toBe("string");
        else expect(typeof w.mock).toBe("object");
      }
      expect(new Set(s.outputs.map((w) => w.name)).size).toBe(s.outputs.length);
    }
    const db = e.databases[0]!;
    expect(wires.data.databaseAddress(e, db)).toEqual({
      stack: "data",
      name: "database_main_address",
      type: "string",
      description: "Host name of main.",
      mock: "shop-prod-main.c0a1b2c3d4e5.eu-west-1.rds.amazonaws.com",
      shown: true,
    });
    const shown = e.stacks.flatMap((s) => s.outputs.filter((w) => w.shown).map((w) => `${s.id}.${w.name}`));
    expect(shown).toEqual([
      "dns.name_servers",
      "platform.cluster_name",
      "platform.alb_public_dns_name",
      "platform.repository_url_api",
      "platform.repository_url_web",
      "data.database_main_address",
      "service-api.service_name",
      "service-api.url",
      "service-web.service_name",
      "service-web.url",
    ]);
    expect(e.stacks.find((s) => s.id === "service-web")!.outputs.map((w) => w.name)).toContain("url");
  });
});

describe("routing decisions", () => {
  it("adds the default service's catch-all rule at priority 50000, last", () => {
    const lb = env().loadBalancers[0]!;
    expect(lb.rules.at(-1)).toEqual({ priority: 50000, service: "web", paths: ["/*"], hosts: [], catchAll: true });
    expect(lb.rules.filter((r) => r.catchAll)).toHaveLength(1);
  });

  it("adds none when the default service's own route already matches everything", () => {
    const raw = { ...base, services: { ...(base.services as Raw), web: { port: 3000, routes: [{ loadBalancer: "public" }] } } };
    expect(env(raw).loadBalancers[0]!.rules.some((r) => r.catchAll)).toBe(false);
  });

  it("refuses a route that takes the catch-all's priority", () => {
    const raw = {
      ...base,
      services: { ...(base.services as Raw), api: { port: 8080, routes: [{ loadBalancer: "public", path: "/api/*", priority: 50000 }] } },
    };
    expect(modelErrors(raw)).toContainEqual(expect.stringMatching(/priority 50000 is taken by a route of service "api"/));
  });
});

describe("names", () => {
  it("keeps every name of the network and the services within AWS limits, even for long project names", () => {
    const e = env({ ...base, project: "a-long-project-name-of-32-chars0", environments: { "production-eu-west": { tier: "prod", region: "eu-west-1" } } });
    expect(e.network.names.flowLogRole.length).toBeLessThanOrEqual(64);
    for (const s of e.services) for (const role of Object.values(s.roleNames)) expect(role.length).toBeLessThanOrEqual(64);
    expect(e.network.names.flowLogRole).toMatch(/^a-long-project-name-of-32-chars0-production-eu-west-vpc-f-[0-9a-f]{6}$/);
  });
});
