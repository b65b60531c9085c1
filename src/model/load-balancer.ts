/** Resolves a load balancer: name, subnets, listener rules from the services' routes, default action, ingress, logs. */
import type { LoadBalancerInput } from "../config/schema/load-balancer.js";
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import { own } from "../config/own.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import { resolveRules, type RouteSpec } from "./routing.js";
import { asList } from "./service.js";
import type { TierDefaults } from "./tiers.js";
import type { DefaultAction, ListenerRule, LoadBalancer, Service } from "./types.js";
import { parseDays, parseDuration } from "./units.js";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export function resolveLoadBalancer(
  key: string,
  input: LoadBalancerInput,
  ctx: {
    prefix: string;
    region: string;
    defaults: TierDefaults;
    serviceInputs: Readonly<Record<string, ServiceInput>>;
    services: readonly Service[];
    at: ConfigPath;
    issues: Issues;
  },
): LoadBalancer {
  const at = [...ctx.at, key];
  const internal = input.internal ?? false;
  const routes: RouteSpec[] = [];
  for (const [service, s] of Object.entries(ctx.serviceInputs)) {
    (s.routes ?? []).forEach((r, index) => {
      if (r.loadBalancer !== key) return;
      routes.push({ service, paths: asList(r.path), hosts: asList(r.host), priority: r.priority, at: ["services", service, "routes", index], index });
    });
  }
  const { rules, issues } = resolveRules(routes);
  ctx.issues.addAll(issues);
  const defaultAction = resolveDefaultAction(input, ctx.serviceInputs, key, at, ctx.issues);
  const listenerRules = withCatchAll(rules, defaultAction, at, ctx.issues);
  checkRuleQuota(listenerRules.length, input.ruleQuota, at, ctx.issues);
  const callers = ctx.services.filter((s) => s.calls.includes(key)).map((s) => s.name);
  const logs = input.accessLogs ?? ctx.defaults.accessLogs;
  return {
    key,
    name: awsName([ctx.prefix, key], LIMITS.alb),
    internal,
    subnetTier: internal ? "private" : "public",
    port: input.port ?? 80,
    idleTimeout: parseDuration(input.idleTimeout ?? "60 seconds"),
    deletionProtection: input.deletionProtection ?? ctx.defaults.deletionProtection,
    defaultAction,
    rules: listenerRules,
    ingress: internal ? { kind: "services", services: callers } : { kind: "internet" },
    accessLogs: logs
      ? {
          bucket: awsName([ctx.prefix, ctx.region, "alb-logs"], LIMITS.s3Bucket),
          prefix: key,
          retentionDays: typeof logs === "object" && logs.retention ? parseDays(logs.retention) : 90,
          serverLogs:
            ((typeof logs === "object" ? logs.bucketLogging : undefined) ?? ctx.defaults.accessLogsBucketLogging)
              ? { bucket: awsName([ctx.prefix, ctx.region, "alb-logs-access"], LIMITS.s3Bucket), retentionDays: SERVER_LOGS_DAYS }
              : null,
        }
      : null,
    waf: input.waf
      ? {
          name: awsName([ctx.prefix, key], LIMITS.webAcl),
          rateLimit: (typeof input.waf === "object" && input.waf.rateLimit) || 2000,
          managedRuleGroups: WAF_MANAGED_RULE_GROUPS,
        }
      : null,
    securityGroupName: `${ctx.prefix}-${key}-alb`,
    // Decided with the environment's domain in edge.ts.
    https: null,
    cloudfront: null,
  };
}

/** How long the access-log bucket's own server access logs are kept. */
const SERVER_LOGS_DAYS = 90;

/** ALB rule priorities run 1–50000; the last one is kept for the default service's catch-all. */
export const CATCH_ALL_PRIORITY = 50_000;

/** The default service's catch-all rule, unless one of its own rules already matches everything. */
function withCatchAll(rules: readonly ListenerRule[], action: DefaultAction, at: ConfigPath, issues: Issues): ListenerRule[] {
  if (action.kind !== "forward") return [...rules];
  const taken = rules.find((r) => r.priority === CATCH_ALL_PRIORITY);
  const covered = rules.some((r) => r.service === action.service && r.hosts.length === 0 && r.paths.includes("/*"));
  if (covered) return [...rules];
  if (taken) {
    issues.add(
      [...at, "defaultAction", "forward"],
      `priority ${CATCH_ALL_PRIORITY} is taken by a route of service "${taken.service}", but berth needs it for the catch-all rule of the default service "${action.service}"`,
      `give that route a lower priority (1–${CATCH_ALL_PRIORITY - 1})`,
    );
    return [...rules];
  }
  return [...rules, { priority: CATCH_ALL_PRIORITY, service: action.service, paths: ["/*"], hosts: [], catchAll: true }];
}

function resolveDefaultAction(
  input: LoadBalancerInput,
  services: Readonly<Record<string, ServiceInput>>,
  key: string,
  at: ConfigPath,
  issues: Issues,
): DefaultAction {
  const d = input.defaultAction;
  if (d && "forward" in d) {
    const target = own(services, d.forward);
    if (!target) issues.unknown([...at, "defaultAction", "forward"], "service", d.forward, Object.keys(services));
    else if (!(target.routes ?? []).some((r) => r.loadBalancer === key)) {
      issues.add(
        [...at, "defaultAction", "forward"],
        `service "${d.forward}" has no route on this load balancer, so it has no target group here`,
        `add routes: [{ loadBalancer: "${key}" }] to services.${d.forward}`,
      );
    }
    return { kind: "forward", service: d.forward };
  }
  const status = d?.fixedResponse.status ?? 404;
  return {
    kind: "fixed",
    status,
    body: d?.fixedResponse.body ?? (status >= 300 ? (STATUS_TEXT[status] ?? `HTTP ${status}`) : ""),
    contentType: d?.fixedResponse.contentType ?? "text/plain",
  };
}

/** The AWS managed rule groups every berth web ACL runs, in priority order (https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html). */
export const WAF_MANAGED_RULE_GROUPS = [
  "AWSManagedRulesAmazonIpReputationList",
  "AWSManagedRulesCommonRuleSet",
  "AWSManagedRulesKnownBadInputsRuleSet",
] as const;

/** AWS's default quota of listener rules per Application Load Balancer (adjustable through Service Quotas). */
export const DEFAULT_RULE_QUOTA = 100;

function checkRuleQuota(count: number, quota: number | undefined, at: ConfigPath, issues: Issues): void {
  const limit = quota ?? DEFAULT_RULE_QUOTA;
  if (count <= limit) return;
  issues.warn(
    at,
    `has ${count} listener rules; AWS allows ${limit} per load balancer${quota ? " (your stated quota)" : " unless the quota is raised"}, so the apply would fail`,
    quota
      ? "raise the quota further in Service Quotas and set ruleQuota, or split the routes across load balancers"
      : 'request a higher "Rules per Application Load Balancer" quota in Service Quotas and set ruleQuota: <granted>, or split the routes across load balancers',
  );
}
