/**
 * What a smoke test requests after a deploy: the service's health-check path through its internet-facing
 * load balancer, when the listener routes that path to the service (the rule that matches first, in
 * priority order, is the service's, or the default action forwards to it); otherwise the service's own
 * path prefix, which must then answer without a server error. An HTTP API: its health check path
 * (`httpApis.<name>.healthCheck.path`), healthy with a 2xx or 3xx answer as Route 53's check is.
 */
import { publicEntry } from "./wires.js";
import type { Environment, HttpApi, LoadBalancer, Service } from "./types.js";

export interface SmokeCheck {
  /** The service's or the HTTP API's name. */
  readonly name: string;
  /** Path requested on the origin of the service's `url` output. */
  readonly path: string;
  /** Accepted status codes in ALB syntax (`200`, `200-299`, `200,302`), or `<500` for "no server error". */
  readonly matcher: string;
}

/** Null when the service has no internet-facing URL to test. */
export function smokeCheck(env: Environment, s: Service): SmokeCheck | null {
  const entry = publicEntry(env, s);
  if (!entry) return null;
  const host = entry.hosts[0];
  if (routesTo(entry.lb, s.healthCheck.path, host) === s.name) return { name: s.name, path: s.healthCheck.path, matcher: s.healthCheck.matcher };
  const pattern = entry.lb.rules.find((r) => r.service === s.name && r.paths.length > 0)?.paths[0] ?? "/";
  // The literal start of the service's first path pattern: `/admin/*` → `/admin/`, which that rule matches.
  return { name: s.name, path: pattern.replace(/[*?].*$/, "") || "/", matcher: "<500" };
}

/** Null when the HTTP API has no health check path to test. */
export function apiSmokeCheck(api: HttpApi): SmokeCheck | null {
  return api.healthCheckPath === null ? null : { name: api.key, path: api.healthCheckPath, matcher: "200-399" };
}

/** The service an ALB listener sends `path` (on `host`) to, or undefined for a fixed response. */
export function routesTo(lb: LoadBalancer, path: string, host: string | undefined): string | undefined {
  for (const rule of [...lb.rules].sort((a, b) => a.priority - b.priority)) {
    const pathOk = rule.paths.length === 0 || rule.paths.some((p) => glob(p).test(path));
    const hostOk = rule.hosts.length === 0 || (host !== undefined && rule.hosts.some((h) => glob(h, true).test(host)));
    if (pathOk && hostOk) return rule.service;
  }
  return lb.defaultAction.kind === "forward" ? lb.defaultAction.service : undefined;
}

/** ALB wildcards: `*` any characters, `?` one; paths case-sensitive, hosts not. */
function glob(pattern: string, ignoreCase = false): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, ignoreCase ? "i" : "");
}

/** Whether `status` satisfies an ALB matcher (`200`, `200-299`, `200,302`) or `<500`. */
export function statusMatches(matcher: string, status: number): boolean {
  if (matcher === "<500") return status < 500;
  return matcher.split(",").some((part) => {
    const [lo, hi] = part.split("-").map((n) => Number.parseInt(n.trim(), 10));
    return hi === undefined ? status === lo : status >= lo! && status <= hi;
  });
}
