/** Which path a smoke test requests through the load balancer, and which answers pass. */
import { describe, expect, it } from "vitest";
import { resolveModel } from "./resolve.js";
import { smokeCheck, statusMatches } from "./smoke.js";

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
    expect(check("api")).toEqual({ service: "api", path: "/api/health", matcher: "200-299" });
    expect(check("web")).toEqual({ service: "web", path: "/healthz", matcher: "200" });
  });

  it("falls back to the service's path prefix, which must answer without a server error, when the health path goes elsewhere", () => {
    // /health matches no /admin/* rule: the listener would send it to web.
    expect(check("admin")).toEqual({ service: "admin", path: "/admin/", matcher: "<500" });
  });

  it("has nothing to test for a service behind an internal load balancer only", () => {
    expect(check("worker")).toBeNull();
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
