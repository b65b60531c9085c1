/**
 * `load-balancers.tf`: one Application Load Balancer per `loadBalancers` entry, with its security group and
 * HTTP listener. Target groups and listener rules belong to the service stacks, which attach to the listener.
 */
import { attr, attrs, block, type BodyItem, comment, obj, raw, resource } from "../../hcl/index.js";
import type { Environment, LoadBalancer } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import { net } from "../wiring.js";
import { logBuckets } from "./access-logs.js";

/** What the listener answers when no rule matches and the default service's stack has not added its catch-all. */
const NO_SERVICE = { status: 503, body: "No service registered yet", contentType: "text/plain" } as const;

export function loadBalancersFile(env: Environment): BodyItem[] {
  return env.loadBalancers.flatMap((lb, i) => [
    banner(`Load balancer: ${lb.key}`, i === 0 ? "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html" : undefined),
    ...securityGroup(env, lb),
    loadBalancer(env, lb),
    listener(lb),
  ]);
}

function securityGroup(env: Environment, lb: LoadBalancer): BodyItem[] {
  const id = ident(lb.key);
  const egress = "No egress here: the stack of each service behind it adds egress from this group to its own.";
  if (lb.ingress.kind === "services") {
    const callers = lb.ingress.services;
    const ingress =
      callers.length > 0
        ? `No ingress here: the stacks of the services that call it (${callers.join(", ")}) add rules from their own groups.`
        : "No ingress here: no service calls it yet; a caller's stack adds a rule from its own group.";
    return [comment(`${ingress}\n${egress}`), securityGroupResource(env, lb, "the services that call it")];
  }
  return [
    comment(egress),
    securityGroupResource(env, lb, "the internet"),
    resource("aws_vpc_security_group_ingress_rule", `${id}_http`, [
      attrs({
        security_group_id: raw(`aws_security_group.${id}.id`),
        description: "HTTP from the internet",
        cidr_ipv4: "0.0.0.0/0",
        ip_protocol: "tcp",
        from_port: lb.port,
        to_port: lb.port,
      }),
    ]),
  ];
}

function securityGroupResource(env: Environment, lb: LoadBalancer, from: string): BodyItem {
  return resource("aws_security_group", ident(lb.key), [
    attrs({ name: lb.securityGroupName, description: `Load balancer ${lb.name}: HTTP from ${from}`, vpc_id: raw(`var.${net.vpcId}`) }),
    attr("tags", obj({ Name: lb.securityGroupName })),
  ]);
}

function loadBalancer(env: Environment, lb: LoadBalancer): BodyItem {
  const id = ident(lb.key);
  const logs = lb.accessLogs && logBuckets(env).find((b) => b.bucket === lb.accessLogs?.bucket);
  return resource("aws_lb", id, [
    attrs({
      name: lb.name,
      internal: lb.internal,
      load_balancer_type: "application",
      security_groups: raw(`[aws_security_group.${id}.id]`),
      subnets: raw(`var.${net.subnetIds(lb.subnetTier)}`),
      idle_timeout: lb.idleTimeout,
      enable_deletion_protection: lb.deletionProtection,
      drop_invalid_header_fields: true,
    }),
    lb.accessLogs && logs && block("access_logs", [], [attrs({ bucket: raw(`aws_s3_bucket.${logs.id}.id`), prefix: lb.accessLogs.prefix, enabled: true })]),
    logs && [
      comment("ELB writes a test object when access logs are turned on, so the bucket policy must exist first."),
      attr("depends_on", raw(`[aws_s3_bucket_policy.${logs.id}]`)),
    ],
  ]);
}

function listener(lb: LoadBalancer): BodyItem {
  const id = ident(lb.key);
  const d = lb.defaultAction;
  const fixed = d.kind === "fixed" ? d : NO_SERVICE;
  return resource("aws_lb_listener", id, [
    attrs({ load_balancer_arn: raw(`aws_lb.${id}.arn`), port: lb.port, protocol: "HTTP" }),
    d.kind === "forward" &&
      comment(
        `Requests go to "${d.service}", whose target group lives in its service stack: that stack adds the catch-all\n` +
          "rule (or its own \"/*\" rule). Until it is applied, unmatched requests get this 503.",
      ),
    block("default_action", [], [
      attr("type", "fixed-response"),
      block("fixed_response", [], [
        attrs({ content_type: fixed.contentType, message_body: fixed.body === "" ? undefined : fixed.body, status_code: String(fixed.status) }),
      ]),
    ]),
  ]);
}
