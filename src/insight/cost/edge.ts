/**
 * Edge lines: WAF web ACLs (the ACL, its rules — the managed rule groups and the rate limit — and the
 * requests it inspects) and the Route 53 health checks behind each region's failover, latency or geolocation
 * records of load balancers and HTTP APIs (HTTPS checks: the basic check plus the HTTPS option).
 */
import { httpApiStackId, STACK } from "../../model/stack-ids.js";
import type { Environment } from "../../model/types.js";
import type { Lines } from "./lines.js";

export function edgeLines(env: Environment, lines: Lines): void {
  for (const lb of env.loadBalancers) {
    if (lb.waf) {
      const rules = lb.waf.managedRuleGroups.length + 1;
      lines.add(STACK.platform, `WAF web ACL ${lb.waf.name}`, 1, "web-ACL-months", "waf:acl");
      lines.add(
        STACK.platform,
        `WAF rules, ${lb.waf.name} (${lb.waf.managedRuleGroups.length} managed rule groups, 1 rate limit)`,
        rules,
        "rule-months",
        "waf:rule",
      );
      lines.add(STACK.platform, `WAF requests inspected, ${lb.waf.name} (cost.wafRequests)`, env.cost.wafRequestsMillions, "million requests", "waf:requests");
    }
    const regional = lb.https?.regional;
    if (regional) {
      lines.add(
        STACK.platform,
        `Route 53 health check of ${lb.name} (${regional.routing} ${regional.role.toLowerCase()})`,
        1,
        "health-check-months",
        "route53:health-check",
      );
      lines.add(STACK.platform, `Route 53 health check HTTPS option, ${lb.name}`, 1, "option-months", "route53:health-check-https");
    }
  }
  for (const api of env.httpApis) {
    const regional = api.regional;
    if (!regional) continue;
    const stack = httpApiStackId(api.key);
    lines.add(
      stack,
      `Route 53 health check of HTTP API ${api.name} (${regional.routing} ${regional.role.toLowerCase()})`,
      1,
      "health-check-months",
      "route53:health-check",
    );
    lines.add(stack, `Route 53 health check HTTPS option, HTTP API ${api.name}`, 1, "option-months", "route53:health-check-https");
  }
}
