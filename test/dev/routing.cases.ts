/**
 * The one table of ALB routing behaviour (STYLE rule 8). Each case is a small config (load balancers and
 * routed services) and requests with the expected outcome: the service that receives it, or the listener's
 * fixed response. It runs against the local gateway's matcher (`routing.gateway.test.ts`) and against the
 * listener rules berth renders as Terraform (`routing.rendered.test.ts`), so the two cannot disagree.
 */
import type { BerthConfig } from "../../src/config/schema/app.js";

export type Expected = { readonly service: string } | { readonly status: number; readonly body?: string };

export interface RoutingRequest {
  readonly path: string;
  readonly host?: string;
  readonly expect: Expected;
  readonly why: string;
}

export interface RoutingCase {
  readonly name: string;
  /** The load balancer under test. */
  readonly loadBalancer: string;
  readonly config: BerthConfig;
  readonly requests: readonly RoutingRequest[];
}

const base = (loadBalancers: BerthConfig["loadBalancers"], services: BerthConfig["services"]): BerthConfig =>
  ({ project: "cases", loadBalancers, services, environments: { dev: { tier: "dev", region: "eu-west-1" } } }) as BerthConfig;

export const ROUTING_CASES: readonly RoutingCase[] = [
  {
    name: "SkyFox internal load balancer: path prefixes and a 404 default",
    loadBalancer: "internal",
    config: base(
      { internal: { internal: true, defaultAction: { fixedResponse: { status: 404 } } } },
      {
        payment: { port: 8082, routes: [{ loadBalancer: "internal", path: "/payment-service/*" }] },
        movie: { port: 4567, routes: [{ loadBalancer: "internal", path: "/movie-service/*" }] },
      },
    ),
    requests: [
      { path: "/payment-service/payment-service", expect: { service: "payment" }, why: "prefix match" },
      { path: "/payment-service/", expect: { service: "payment" }, why: "`*` matches nothing" },
      { path: "/payment-service", expect: { status: 404, body: "Not Found" }, why: "the pattern needs the slash after the prefix" },
      { path: "/Payment-Service/x", expect: { status: 404 }, why: "paths match case-sensitively" },
      { path: "/movie-service/movies?next=/payment-service/", expect: { service: "movie" }, why: "the query string is not part of the path" },
      { path: "/movie-service/a/b/c", expect: { service: "movie" }, why: "`*` crosses slashes" },
      { path: "/", expect: { status: 404, body: "Not Found" }, why: "no rule: the default fixed response" },
    ],
  },
  {
    name: "SkyFox external load balancer: everything to the default service",
    loadBalancer: "external",
    config: base({ external: { defaultAction: { forward: "backend" } } }, { backend: { port: 8080, routes: [{ loadBalancer: "external", path: "/*" }] } }),
    requests: [
      { path: "/health", expect: { service: "backend" }, why: "catch-all rule" },
      { path: "/", expect: { service: "backend" }, why: "catch-all rule" },
    ],
  },
  {
    name: "priorities: exact before patterns, longer prefixes first, `?` is one character, default forward",
    loadBalancer: "public",
    config: base(
      { public: { defaultAction: { forward: "web" } } },
      {
        web: { port: 3000, routes: [{ loadBalancer: "public" }] },
        api: { port: 8080, routes: [{ loadBalancer: "public", path: "/api/*" }] },
        admin: { port: 8081, routes: [{ loadBalancer: "public", path: "/api/admin/*" }] },
        status: { port: 8082, routes: [{ loadBalancer: "public", path: "/status" }] },
        versioned: { port: 8083, routes: [{ loadBalancer: "public", path: "/v?/items" }] },
      },
    ),
    requests: [
      { path: "/api/admin/users", expect: { service: "admin" }, why: "the longer prefix wins" },
      { path: "/api/users", expect: { service: "api" }, why: "prefix match" },
      { path: "/status", expect: { service: "status" }, why: "exact path" },
      { path: "/status/deep", expect: { service: "web" }, why: "an exact path does not match below it" },
      { path: "/v1/items", expect: { service: "versioned" }, why: "`?` matches one character" },
      { path: "/v10/items", expect: { service: "web" }, why: "`?` does not match two" },
      { path: "/v/items", expect: { service: "web" }, why: "`?` does not match none" },
      { path: "/anything", expect: { service: "web" }, why: "the default service" },
    ],
  },
  {
    name: "host headers: case-insensitive, port ignored, AND with path",
    loadBalancer: "public",
    config: base(
      { public: { defaultAction: { fixedResponse: { status: 503, body: "maintenance", contentType: "text/plain" } } } },
      {
        tenant: { port: 3000, routes: [{ loadBalancer: "public", host: "*.example.com" }] },
        reports: { port: 3001, routes: [{ loadBalancer: "public", host: "reports.example.com", path: "/r/*" }] },
        api: { port: 3002, routes: [{ loadBalancer: "public", host: ["api.example.com", "api.example.org"], path: "/*" }] },
      },
    ),
    requests: [
      { path: "/", host: "Shop.Example.COM:8080", expect: { service: "tenant" }, why: "host match ignores case and port" },
      { path: "/r/2024", host: "reports.example.com", expect: { service: "reports" }, why: "host and path both match" },
      { path: "/x", host: "reports.example.com", expect: { service: "tenant" }, why: "path fails, the wildcard host rule matches" },
      { path: "/v1", host: "api.example.org", expect: { service: "api" }, why: "any of the host values" },
      { path: "/", host: "example.com", expect: { status: 503, body: "maintenance" }, why: "`*.` needs a subdomain: default action" },
      { path: "/", host: "example.net", expect: { status: 503, body: "maintenance" }, why: "no host matches" },
    ],
  },
];
