/**
 * The routing table of a load balancer: listener rules with stable priorities.
 *
 * Priority assignment:
 * 1. A route with an explicit `priority` keeps it; two routes may not share one.
 * 2. The others are ordered most specific first: exact paths (no wildcard) before patterns, longer literal
 *    path prefixes before shorter ones, rules with a host header before rules without, then by service
 *    name and route position — so the result never depends on the order services appear in the config.
 * 3. They get 100, 110, 120… in that order, skipping numbers taken explicitly. Gaps of 10 leave room for
 *    rules added by hand.
 * ALB evaluates rules from the lowest priority number; a catch-all `/*` therefore always comes last.
 */
import type { ConfigIssue, ConfigPath } from "../errors.js";
import type { ListenerRule } from "./types.js";
import { compareText } from "./text-order.js";

export interface RouteSpec {
  readonly service: string;
  readonly paths: readonly string[];
  readonly hosts: readonly string[];
  readonly priority: number | undefined;
  /** Config path of the route, for errors. */
  readonly at: ConfigPath;
  /** Position among the service's routes. */
  readonly index: number;
}

/** ALB allows five condition values per rule (path patterns plus host headers). */
export const MAX_CONDITION_VALUES = 5;
export const FIRST_PRIORITY = 100;
export const PRIORITY_STEP = 10;

const literalPrefix = (pattern: string): number => {
  const i = pattern.search(/[*?]/);
  return i === -1 ? pattern.length : i;
};

interface Specificity {
  readonly exact: number;
  readonly prefix: number;
  readonly host: number;
}

function specificity(r: RouteSpec): Specificity {
  const paths = r.paths.length > 0 ? r.paths : ["/*"];
  return {
    exact: paths.every((p) => !/[*?]/.test(p)) ? 1 : 0,
    prefix: Math.min(...paths.map(literalPrefix)),
    host: r.hosts.length > 0 ? 1 : 0,
  };
}

export function compareRoutes(a: RouteSpec, b: RouteSpec): number {
  const sa = specificity(a);
  const sb = specificity(b);
  return sb.exact - sa.exact || sb.prefix - sa.prefix || sb.host - sa.host || compareText(a.service, b.service) || a.index - b.index;
}

const conditionKey = (r: RouteSpec): string => JSON.stringify([[...r.paths].sort(), [...r.hosts].sort()]);

export function resolveRules(routes: readonly RouteSpec[]): { rules: ListenerRule[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const taken = new Map<number, RouteSpec>();
  const seen = new Map<string, RouteSpec>();
  for (const r of routes) {
    if (r.paths.length + r.hosts.length > MAX_CONDITION_VALUES) {
      issues.push({
        path: r.at,
        message: `has ${r.paths.length + r.hosts.length} path and host patterns; an ALB rule allows at most ${MAX_CONDITION_VALUES}`,
        hint: "split it into several routes",
      });
    }
    const key = conditionKey(r);
    const twin = seen.get(key);
    if (twin)
      issues.push({
        path: r.at,
        message: `matches exactly the same requests as the route of service "${twin.service}"; one of them could never receive traffic`,
      });
    else seen.set(key, r);
    if (r.priority === undefined) continue;
    const clash = taken.get(r.priority);
    if (clash)
      issues.push({
        path: [...r.at, "priority"],
        message: `priority ${r.priority} is already used by a route of service "${clash.service}"; priorities must be unique per load balancer`,
      });
    else taken.set(r.priority, r);
  }
  const auto = routes.filter((r) => r.priority === undefined).sort(compareRoutes);
  const assigned: { priority: number; route: RouteSpec }[] = [...taken].map(([priority, route]) => ({ priority, route }));
  let next = FIRST_PRIORITY;
  for (const route of auto) {
    while (taken.has(next)) next += PRIORITY_STEP;
    assigned.push({ priority: next, route });
    next += PRIORITY_STEP;
  }
  const rules = assigned
    .sort((a, b) => a.priority - b.priority)
    .map(({ priority, route }) => ({
      priority,
      service: route.service,
      paths: route.paths.length > 0 || route.hosts.length > 0 ? route.paths : ["/*"],
      hosts: route.hosts,
    }));
  return { rules, issues };
}

/** The path prefix a service answers under: `/payment-service/*` → `/payment-service`; `/*` → ``. */
export function pathPrefix(pattern: string | undefined): string {
  if (!pattern) return "";
  const cut = pattern.slice(0, literalPrefix(pattern));
  return cut.replace(/\/+$/, "");
}
