/**
 * `load-balancers.tf`: one Application Load Balancer per `loadBalancers` entry, with its security group and
 * listener: HTTP, or HTTPS with the environment's certificate plus an HTTP listener that redirects to it.
 * Target groups and listener rules belong to the service stacks, which attach to the listener (`aws_lb_listener.<key>`).
 */
import { attr, attrs, block, type BodyItem, comment, obj, raw, resource } from "../../hcl/index.js";
import type { Environment, LoadBalancer } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import * as wires from "../../model/wires.js";
import type { StackInputs } from "../common/inputs.js";
import { logBuckets } from "./access-logs.js";

/** What the listener answers when no rule matches and the default service's stack has not added its catch-all. */
const NO_SERVICE = { status: 503, body: "No service registered yet", contentType: "text/plain" } as const;

export function loadBalancersFile(env: Environment, inputs: StackInputs): BodyItem[] {
  return env.loadBalancers
    .flatMap((lb, i) => [
      banner(`Load balancer: ${lb.key}`, i === 0 ? "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/introduction.html" : undefined),
      ...securityGroup(env, lb, inputs),
      loadBalancer(env, lb, inputs),
      listener(env, lb, inputs),
      lb.https && redirectListener(lb),
    ])
    .filter((i): i is BodyItem => Boolean(i));
}

/** The platform variable holding the CloudFront origin-facing prefix list id for a load balancer. */
export const cloudfrontPrefixListVar = (lb: LoadBalancer): string => `cloudfront_prefix_list_id_${ident(lb.key)}`;

function securityGroup(env: Environment, lb: LoadBalancer, inputs: StackInputs): (BodyItem | false | null)[] {
  const id = ident(lb.key);
  const egress = "No egress here: the stack of each service behind it adds egress from this group to its own.";
  if (lb.ingress.kind === "services") {
    const callers = lb.ingress.services;
    const ingress =
      callers.length > 0
        ? `No ingress here: the stacks of the services that call it (${callers.join(", ")}) add rules from their own groups.`
        : "No ingress here: no service calls it yet; a caller's stack adds a rule from its own group.";
    return [comment(`${ingress}\n${egress}`), securityGroupResource(lb, inputs, "the services that call it")];
  }
  if (lb.ingress.kind === "cloudfront") {
    return [
      comment(`${egress}\nOnly CloudFront's origin-facing addresses may connect (AWS-managed prefix list).`),
      securityGroupResource(lb, inputs, "CloudFront"),
      resource("aws_vpc_security_group_ingress_rule", `${id}_cloudfront`, [
        attrs({
          security_group_id: raw(`aws_security_group.${id}.id`),
          description: "HTTP from CloudFront origin-facing addresses",
          prefix_list_id: raw(`var.${cloudfrontPrefixListVar(lb)}`),
          ip_protocol: "tcp",
          from_port: lb.port,
          to_port: lb.port,
        }),
      ]),
    ];
  }
  return [
    comment(egress),
    securityGroupResource(lb, inputs, "the internet", lb.https ? "HTTP and HTTPS" : "HTTP"),
    lb.https &&
      resource("aws_vpc_security_group_ingress_rule", `${id}_https`, [
        attrs({
          security_group_id: raw(`aws_security_group.${id}.id`),
          description: "HTTPS from the internet",
          cidr_ipv4: "0.0.0.0/0",
          ip_protocol: "tcp",
          from_port: lb.https.port,
          to_port: lb.https.port,
        }),
      ]),
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

function securityGroupResource(lb: LoadBalancer, inputs: StackInputs, from: string, protocols = "HTTP"): BodyItem {
  return resource("aws_security_group", ident(lb.key), [
    attrs({ name: lb.securityGroupName, description: `Load balancer ${lb.name}: ${protocols} from ${from}`, vpc_id: inputs.read(wires.network.vpcId()) }),
    attr("tags", obj({ Name: lb.securityGroupName })),
  ]);
}

function loadBalancer(env: Environment, lb: LoadBalancer, inputs: StackInputs): BodyItem {
  const id = ident(lb.key);
  const logs = lb.accessLogs && logBuckets(env).find((b) => b.bucket === lb.accessLogs?.bucket);
  return resource("aws_lb", id, [
    attrs({
      name: lb.name,
      internal: lb.internal,
      load_balancer_type: "application",
      security_groups: raw(`[aws_security_group.${id}.id]`),
      subnets: inputs.read(wires.network.subnetIds(env, lb.subnetTier)),
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

function listener(env: Environment, lb: LoadBalancer, inputs: StackInputs): BodyItem {
  const id = ident(lb.key);
  const d = lb.defaultAction;
  const fixed = d.kind === "fixed" ? d : NO_SERVICE;
  const tls = lb.https;
  return resource("aws_lb_listener", id, [
    tls
      ? attrs({
          load_balancer_arn: raw(`aws_lb.${id}.arn`),
          port: tls.port,
          protocol: "HTTPS",
          ssl_policy: tls.sslPolicy,
          certificate_arn: inputs.read(wires.dns.certificateArn(env)),
        })
      : attrs({ load_balancer_arn: raw(`aws_lb.${id}.arn`), port: lb.port, protocol: "HTTP" }),
    d.kind === "forward" &&
      comment(
        `Requests go to "${d.service}", whose target group lives in its service stack: that stack adds the catch-all\n` +
          'rule (or its own "/*" rule). Until it is applied, unmatched requests get this 503.',
      ),
    block(
      "default_action",
      [],
      [
        attr("type", "fixed-response"),
        block(
          "fixed_response",
          [],
          [attrs({ content_type: fixed.contentType, message_body: fixed.body === "" ? undefined : fixed.body, status_code: String(fixed.status) })],
        ),
      ],
    ),
  ]);
}

/** Plain HTTP answers every request with a permanent redirect to the same URL over HTTPS. */
function redirectListener(lb: LoadBalancer): BodyItem {
  const id = ident(lb.key);
  return resource("aws_lb_listener", `${id}_redirect`, [
    attrs({ load_balancer_arn: raw(`aws_lb.${id}.arn`), port: lb.port, protocol: "HTTP" }),
    block(
      "default_action",
      [],
      [attr("type", "redirect"), block("redirect", [], [attrs({ protocol: "HTTPS", port: String(lb.https?.port ?? 443), status_code: "HTTP_301" })])],
    ),
  ]);
}
