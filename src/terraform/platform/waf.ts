/**
 * `waf.tf`: an AWS WAF web ACL per load balancer that asks for one — AWS managed rule groups, then a
 * per-address rate limit — associated with the load balancer, with CloudWatch metrics for each rule.
 */
import { attr, attrs, block, type BodyItem, raw, resource } from "../../hcl/index.js";
import type { Environment, LoadBalancer } from "../../model/types.js";
import { banner, ident } from "../common/files.js";

const DOCS = "https://docs.aws.amazon.com/waf/latest/developerguide/web-acl.html";

export const hasWaf = (env: Environment): boolean => env.loadBalancers.some((lb) => lb.waf !== null);

export function wafFile(env: Environment): BodyItem[] {
  return env.loadBalancers.flatMap((lb) => (lb.waf ? webAcl(lb, lb.waf) : []));
}

function webAcl(lb: LoadBalancer, waf: NonNullable<LoadBalancer["waf"]>): BodyItem[] {
  const id = ident(lb.key);
  const metrics = (name: string) =>
    block("visibility_config", [], [attrs({ cloudwatch_metrics_enabled: true, metric_name: name, sampled_requests_enabled: true })]);
  const managed = waf.managedRuleGroups.map((group, i) =>
    block(
      "rule",
      [],
      [
        attrs({ name: group, priority: (i + 1) * 10 }),
        block("override_action", [], [block("none", [], [])]),
        block("statement", [], [block("managed_rule_group_statement", [], [attrs({ name: group, vendor_name: "AWS" })])]),
        metrics(`${waf.name}-${group}`),
      ],
    ),
  );
  const rateLimit = block(
    "rule",
    [],
    [
      attrs({ name: "rate-limit", priority: (waf.managedRuleGroups.length + 1) * 10 }),
      block("action", [], [block("block", [], [])]),
      block("statement", [], [block("rate_based_statement", [], [attrs({ limit: waf.rateLimit, aggregate_key_type: "IP" })])]),
      metrics(`${waf.name}-rate-limit`),
    ],
  );
  return [
    banner(`WAF web ACL of the ${lb.key} load balancer`, DOCS),
    resource("aws_wafv2_web_acl", id, [
      attrs({ name: waf.name, scope: "REGIONAL" }),
      block("default_action", [], [block("allow", [], [])]),
      ...managed,
      rateLimit,
      metrics(waf.name),
    ]),
    resource("aws_wafv2_web_acl_association", id, [attrs({ resource_arn: raw(`aws_lb.${id}.arn`), web_acl_arn: raw(`aws_wafv2_web_acl.${id}.arn`) })]),
  ];
}
