import { describe, expect, it } from "vitest";
import { pathPrefix, resolveRules, type RouteSpec } from "./routing.js";

const route = (service: string, paths: string[], extra: Partial<RouteSpec> = {}): RouteSpec => ({
  service,
  paths,
  hosts: [],
  priority: undefined,
  at: ["services", service, "routes", 0],
  index: 0,
  ...extra,
});

describe("routing priorities", () => {
  it("orders most specific first and the catch-all last, whatever the config order", () => {
    const routes = [route("web", ["/*"]), route("api", ["/api/*"]), route("admin", ["/api/admin/*"]), route("status", ["/status"])];
    const a = resolveRules(routes).rules;
    const b = resolveRules([...routes].reverse()).rules;
    expect(a).toEqual(b);
    expect(a.map((r) => `${r.priority}:${r.service}`)).toEqual(["100:status", "110:admin", "120:api", "130:web"]);
  });

  it("keeps explicit priorities and assigns the others around them", () => {
    const { rules, issues } = resolveRules([route("a", ["/a/*"], { priority: 100 }), route("b", ["/b/*"]), route("c", ["/cc/*"])]);
    expect(issues).toEqual([]);
    expect(rules.map((r) => `${r.priority}:${r.service}`)).toEqual(["100:a", "110:c", "120:b"]);
  });

  it("puts a host-header rule before the same path without a host", () => {
    const { rules } = resolveRules([route("public", ["/*"]), route("tenant", ["/*"], { hosts: ["tenant.example.com"] })]);
    expect(rules[0]?.service).toBe("tenant");
  });

  it("rejects clashing priorities, duplicate conditions and too many values", () => {
    const { issues } = resolveRules([
      route("a", ["/x/*"], { priority: 5 }),
      route("b", ["/y/*"], { priority: 5 }),
      route("c", ["/x/*"]),
      route("d", ["/1", "/2", "/3", "/4", "/5", "/6"]),
    ]);
    expect(issues.map((i) => i.message)).toEqual([
      'priority 5 is already used by a route of service "a"; priorities must be unique per load balancer',
      'matches exactly the same requests as the route of service "a"; one of them could never receive traffic',
      "has 6 path and host patterns; an ALB rule allows at most 5",
    ]);
  });

  it("derives the path prefix a service answers under", () => {
    expect(pathPrefix("/payment-service/*")).toBe("/payment-service");
    expect(pathPrefix("/*")).toBe("");
    expect(pathPrefix("/exact")).toBe("/exact");
    expect(pathPrefix(undefined)).toBe("");
  });
});
