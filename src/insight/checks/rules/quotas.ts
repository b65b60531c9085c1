/** AWS quotas and limits berth's model can run into, and choices the cost estimate flags. */
import { STACK } from "../../../model/stack-ids.js";
import { LIMITS } from "../../../model/names.js";
import { endpointNote } from "../../cost/choices.js";
import { Lines } from "../../cost/lines.js";
import { PriceBook } from "../../cost/prices.js";
import type { Rule } from "../types.js";
import { hitLb } from "./helpers.js";

/** Application Load Balancer quotas (default values, per the Elastic Load Balancing quotas page). */
export const ALB_QUOTAS = { rulesPerListener: 100, targetGroupsPerLoadBalancer: 100, conditionValuesPerRule: 5 } as const;

export const quotaRules: Rule[] = [
  {
    id: "BERTH056",
    severity: "high",
    title: "More listener rules than an ALB listener allows",
    why: `An ALB listener holds at most ${ALB_QUOTAS.rulesPerListener} rules (default quota); apply fails part-way beyond that.`,
    fix: "Split the routes over two load balancers (loadBalancers.<name>), or request a quota increase.",
    configPath: "services.<name>.routes",
    check: ({ env }) =>
      env.loadBalancers
        .filter((lb) => lb.rules.length > ALB_QUOTAS.rulesPerListener)
        .map((lb) => hitLb(lb, `${lb.name} has ${lb.rules.length} rules (quota ${ALB_QUOTAS.rulesPerListener})`, `loadBalancers.${lb.key}`, "aws_lb_listener")),
  },
  {
    id: "BERTH057",
    severity: "high",
    title: "More target groups than an ALB allows",
    why: `An ALB forwards to at most ${ALB_QUOTAS.targetGroupsPerLoadBalancer} target groups (default quota).`,
    fix: "Put some services behind another load balancer.",
    configPath: "services.<name>.routes",
    check: ({ env }) =>
      env.loadBalancers
        .map((lb) => [lb, env.services.filter((s) => s.targets.some((t) => t.loadBalancer === lb.key)).length] as const)
        .filter(([, n]) => n > ALB_QUOTAS.targetGroupsPerLoadBalancer)
        .map(([lb, n]) => hitLb(lb, `${lb.name} forwards to ${n} target groups (quota ${ALB_QUOTAS.targetGroupsPerLoadBalancer})`, `loadBalancers.${lb.key}`)),
  },
  {
    id: "BERTH058",
    severity: "high",
    title: "Listener rule with more condition values than ALB allows",
    why: `A rule may hold at most ${ALB_QUOTAS.conditionValuesPerRule} condition values (paths and hosts together); AWS refuses the rule.`,
    fix: "Split the route's paths over several routes, or use a broader pattern.",
    configPath: "services.<name>.routes",
    check: ({ env }) =>
      env.loadBalancers.flatMap((lb) =>
        lb.rules
          .filter((r) => r.paths.length + r.hosts.length > ALB_QUOTAS.conditionValuesPerRule)
          .map((r) => ({
            ...hitLb(
              lb,
              `rule ${r.priority} of ${lb.name} (service ${r.service}) has ${r.paths.length + r.hosts.length} condition values`,
              `services.${r.service}.routes`,
            ),
            resource: `service ${r.service}`,
            at: { stack: `service-${r.service}`, type: "aws_lb_listener_rule" },
          })),
      ),
  },
  {
    id: "BERTH059",
    severity: "high",
    title: "A name exceeds its AWS length limit",
    why: "AWS refuses names over their limit (load balancers and target groups 32 characters, IAM roles 64) at apply time.",
    fix: "Shorten the project, environment or service name.",
    configPath: "project",
    check: ({ env }) => {
      const long: [string, string, number, string][] = [
        ...env.loadBalancers.map((lb) => [`load balancer ${lb.key}`, lb.name, LIMITS.alb, STACK.platform] as [string, string, number, string]),
        ...env.services.flatMap((s) =>
          s.targets.map((t) => [`service ${s.name}`, t.targetGroupName, LIMITS.targetGroup, `service-${s.name}`] as [string, string, number, string]),
        ),
        ...env.services.flatMap((s) =>
          [s.roleNames.execution, s.roleNames.task].map(
            (n) => [`service ${s.name}`, n, LIMITS.iamRole, `service-${s.name}`] as [string, string, number, string],
          ),
        ),
      ];
      return long
        .filter(([, n, max]) => n.length > max)
        .map(([resource, n, max, stack]) => ({
          resource,
          message: `"${n}" is ${n.length} characters (limit ${max})`,
          configPath: "project",
          at: { stack, type: stack === STACK.platform ? "aws_lb" : "aws_iam_role" },
        }));
    },
  },
  {
    id: "BERTH060",
    severity: "low",
    title: "Interface endpoints cost more than a NAT gateway",
    why: "Each interface endpoint is billed per AZ and hour; many of them across several AZs cost more than the NAT gateway they replace.",
    fix: 'Set network.nat: "single" unless the tasks must have no route to the internet (then accept the cost with a suppression).',
    configPath: "network.nat",
    check: ({ env }) => {
      const note = endpointNote(env, new Lines(new PriceBook(env.region, env.cost.prices, "cost.prices")));
      return note ? [{ resource: "network", message: note, configPath: "network.nat", at: { stack: STACK.network, type: "aws_vpc_endpoint" } }] : [];
    },
  },
];
