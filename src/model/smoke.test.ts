/** Which path a smoke test requests through the load balancer, and which answers pass. */
import { describe, expect, it } from "vitest";
import { resolveModel } from "./resolve.js";
import { apiSmokeCheck, smokeCheck, statusMatches } from "./smoke.js";

const model = resolveModel({
  project: "shop",
  loadBalancers: { public: {}, internal: { internal: true } },
  services: {
    api: { port: 8080, routes: [{ loadBalancer: "public", path: "/api/*" }], healthCheck: { path: "/api/health", matcher: "200-299" } },
    web: { port: 3000, routes: [{ loadBalancer: "public" }], healthCheck: { path: "/healthz" } },
    admin: { port: 4000, routes: [{ loadBalancer: "public", path: "/admin/*" }], healthCheck: { path: "/health" } },
    worker: { port: 5000, routes: [{ loadBalancer: "internal" }] },
  },
  environments: { prod: { tier: "prod", region: "us-east-1" } },
});
const env = model.environments[0]!;
const check = (name: string) => smokeCheck(env, env.services.find((s) => s.name === name)!);

describe("smokeCheck", () => {
  it("requests the health path when the listener routes it to the service, with the health check's matcher", () => {
    expect(check("api")).toEqual({ name: "api", path: "/api/health", matcher: "200-299" });
    expect(check("web")).toEqual({ name: "web", path: "/healthz", matcher: "200" });
  });

  it("falls back to the service's path prefix, which must answer without a server error, when the health path goes elsewhere", () => {
    // /health matches no /admin/* rule: the listener would send it to web.
    expect(check("admin")).toEqual({ name: "admin", path: "/admin/", matcher: "<500" });
  });

  it("has nothing to test for a service behind an internal load balancer only", () => {
    expect(check("worker")).toBeNull();
  });
});

describe("apiSmokeCheck", () => {
  it("requests an HTTP API's health check path, healthy with a 2xx or 3xx answer (as Route 53's check), and has nothing to test without one", () => {
    const apis = resolveModel({
      project: "shop",
      services: {},
      httpApis: { public: { healthCheck: { path: "/items" } }, internal: {} },
      functions: { items: { dir: "items", handler: "index.handler", http: { api: "public", routes: ["GET /items"] } } },
      environments: { prod: { tier: "prod", region: "us-east-1" } },
    }).environments[0]!.httpApis;
    expect(apiSmokeCheck(apis.find((a) => a.key === "public")!)).toEqual({ name: "public", path: "/items", matcher: "200-399" });
    expect(apiSmokeCheck(apis.find((a) => a.key === "internal")!)).toBeNull();
  });
});

describe("statusMatches", () => {
  it("reads ALB matchers: a code, a range, a list; and <500", () => {
    expect(statusMatches("200", 200)).toBe(true);
    expect(statusMatches("200", 204)).toBe(false);
    expect(statusMatches("200-299", 204)).toBe(true);
    expect(statusMatches("200,302", 302)).toBe(true);
    expect(statusMatches("200,302", 301)).toBe(false);
    expect(statusMatches("<500", 404)).toBe(true);
    expect(statusMatches("<500", 503)).toBe(false);
  });
});
