/**
 * `edge.tf`: what sits in front of the load balancers — Route 53 alias records for HTTPS load balancers
 * (in the zone of the `dns` stack), and CloudFront distributions for those that ask for one.
 */
import { attr, attrs, block, type BodyItem, comment, raw, resource } from "../../hcl/index.js";
import type { Environment, LoadBalancer, RegionalRecords } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import * as wires from "../../model/wires.js";
import type { StackInputs } from "../common/inputs.js";
import { geolocationEntries, geolocationPolicy, routingPolicy } from "../common/routing.js";

/** AWS-managed policies (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html). */
const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3";

export const hasEdge = (env: Environment): boolean => env.loadBalancers.some((lb) => lb.https || lb.cloudfront);

export function edgeFile(env: Environment, inputs: StackInputs): BodyItem[] {
  return env.loadBalancers.flatMap((lb) => [...(lb.https ? aliasRecords(env, lb, inputs) : []), ...(lb.cloudfront ? distribution(lb) : [])]);
}

function aliasRecords(env: Environment, lb: LoadBalancer, inputs: StackInputs): BodyItem[] {
  const id = ident(lb.key);
  const regional = lb.https?.regional ?? null;
  if (regional?.routing === "geolocation") return geolocationRecords(env, lb, regional, inputs);
  return [
    banner(`DNS names of the ${lb.key} load balancer`, "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-to-elb-load-balancer.html"),
    ...(regional ? healthCheck(lb, regional) : []),
    resource("aws_route53_record", id, [
      attr("for_each", raw(`toset(${JSON.stringify(lb.https?.records ?? [])})`)),
      attrs({ zone_id: inputs.read(wires.dns.zoneId(env)), name: raw("each.value"), type: "A" }),
      ...(regional ? routingPolicy(regional, `aws_route53_health_check.${id}`) : []),
      lbAlias(id),
    ]),
  ];
}

/** A record's alias to the load balancer `aws_lb.<id>`, answering only while it has healthy targets. */
const lbAlias = (id: string): BodyItem =>
  block("alias", [], [attrs({ name: raw(`aws_lb.${id}.dns_name`), zone_id: raw(`aws_lb.${id}.zone_id`), evaluate_target_health: true })]);

/**
 * Geolocation: one record per name and place this region answers (the primary: the default record `*`),
 * each with the region's health check; Route 53 hands the users of an unhealthy place to the next broader
 * record (continent, then the default one).
 */
function geolocationRecords(env: Environment, lb: LoadBalancer, regional: RegionalRecords, inputs: StackInputs): BodyItem[] {
  const id = ident(lb.key);
  const entries = geolocationEntries(lb.https?.records ?? [], regional);
  return [
    banner(`DNS names of the ${lb.key} load balancer`, "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-policy-geo.html"),
    ...healthCheck(lb, regional),
    resource("aws_route53_record", id, [
      attr("for_each", entries),
      attrs({ zone_id: inputs.read(wires.dns.zoneId(env)), name: raw("each.value.name"), type: "A" }),
      ...geolocationPolicy(regional, `aws_route53_health_check.${id}`),
      lbAlias(id),
    ]),
  ];
}

/** Route 53 checks the load balancer itself over HTTPS (it does not verify the certificate, which names the domain). */
function healthCheck(lb: LoadBalancer, regional: RegionalRecords): BodyItem[] {
  const id = ident(lb.key);
  return [
    resource("aws_route53_health_check", id, [
      attrs({
        fqdn: raw(`aws_lb.${id}.dns_name`),
        port: 443,
        type: "HTTPS",
        resource_path: regional.healthCheckPath,
        failure_threshold: 3,
        request_interval: 30,
      }),
      attr("tags", { Name: `${lb.name}-${regional.setIdentifier}` }),
    ]),
  ];
}

function distribution(lb: LoadBalancer): BodyItem[] {
  const id = ident(lb.key);
  const cf = lb.cloudfront;
  if (!cf) return [];
  return [
    banner(
      `CloudFront in front of the ${lb.key} load balancer`,
      "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html",
    ),
    comment(
      "Viewers get HTTPS on CloudFront's own domain; CloudFront reaches the load balancer over HTTP, which accepts\n" +
        "only CloudFront's origin-facing addresses. Caching is off and every viewer header, cookie and query string\n" +
        "is forwarded, so the application behaves as it does behind the load balancer alone.",
    ),
    resource("aws_cloudfront_distribution", id, [
      attrs({ enabled: true, is_ipv6_enabled: true, http_version: "http2and3", comment: cf.comment, price_class: cf.priceClass }),
      block(
        "origin",
        [],
        [
          attrs({ domain_name: raw(`aws_lb.${id}.dns_name`), origin_id: lb.key }),
          block(
            "custom_origin_config",
            [],
            [attrs({ http_port: lb.port, https_port: 443, origin_protocol_policy: "http-only", origin_ssl_protocols: ["TLSv1.2"] })],
          ),
        ],
      ),
      block(
        "default_cache_behavior",
        [],
        [
          attrs({
            target_origin_id: lb.key,
            viewer_protocol_policy: "redirect-to-https",
            allowed_methods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
            cached_methods: ["GET", "HEAD"],
            compress: true,
            cache_policy_id: CACHING_DISABLED,
            origin_request_policy_id: ALL_VIEWER,
          }),
        ],
      ),
      block("restrictions", [], [block("geo_restriction", [], [attr("restriction_type", "none")])]),
      block("viewer_certificate", [], [attr("cloudfront_default_certificate", true)]),
      attr("tags", { Name: cf.comment }),
    ]),
  ];
}
