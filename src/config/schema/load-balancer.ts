/** The `loadBalancers` section: internet-facing and internal Application Load Balancers. */
import { z } from "zod";
import { hostName } from "./domain.js";
import { strict } from "./strict.js";
import { days, port, seconds } from "./units.js";

const fixedResponse = strict({
  status: z.number().int().min(200).max(599).describe("HTTP status code."),
  body: z.string().max(1024).optional().describe('Response body. Default: empty for 2xx, else "Not Found"-style text for the status.'),
  contentType: z
    .enum(["text/plain", "text/css", "text/html", "application/javascript", "application/json"])
    .optional()
    .describe('Content type. Default `"text/plain"`.'),
});

export const loadBalancerSchema = strict({
  internal: z.boolean().optional().describe("An internal load balancer (private subnets, reachable only inside the VPC). Default `false`: internet-facing."),
  port: port().optional().describe("HTTP listener port. Default 80."),
  defaultAction: z
    .union([strict({ forward: z.string().describe("Service to forward to.") }), strict({ fixedResponse })], {
      error: 'expected { forward: "<service>" } or { fixedResponse: { status: 404 } }',
    })
    .optional()
    .describe("What the listener does when no rule matches. Default: a fixed 404 response."),
  accessLogs: z
    .union([
      z.boolean(),
      strict({
        retention: days(1, 36500).optional().describe('How long access logs are kept, in whole days. Default `"90 days"`.'),
        bucketLogging: z
          .boolean()
          .optional()
          .describe(
            "S3 server access logs of the access-log bucket itself, in a second bucket (SSE-S3, public access blocked, kept 90 days). On when any load balancer of the environment asks. Default: on in `prod` tiers.",
          ),
      }),
    ])
    .optional()
    .describe("ALB access logs to an encrypted S3 bucket with public access blocked. Default: on in `prod` tiers."),
  waf: z
    .union([
      z.boolean(),
      strict({
        rateLimit: z
          .number()
          .int()
          .min(10)
          .max(2000000000)
          .optional()
          .describe("Requests one client address may send in 5 minutes before WAF blocks it. Default 2000."),
      }),
    ])
    .optional()
    .describe(
      "An AWS WAF web ACL on this load balancer: AWS managed rule groups (common rule set, known bad inputs, IP reputation) and a per-address rate limit, with CloudWatch metrics. Costs a monthly fee per web ACL and rule, plus per request. Default `false`.",
    ),
  ruleQuota: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(
      "Listener rules this load balancer may have: AWS's quota is 100 per load balancer unless raised through Service Quotas. berth warns above it; state a raised quota here. Default 100.",
    ),
  idleTimeout: seconds(1, 4000).optional().describe('Idle connection timeout, 1–4000 seconds. Default `"60 seconds"`.'),
  deletionProtection: z.boolean().optional().describe("Deletion protection on the load balancer. Default: on in `prod` tiers."),
  https: z
    .boolean()
    .optional()
    .describe(
      "An HTTPS listener on 443 with the environment's ACM certificate, and the HTTP listener answering with a 301 redirect to it. Needs the environment's `domain`. Default: on for internet-facing load balancers when the environment has a domain.",
    ),
  hostName: hostName
    .optional()
    .describe(
      "Host name of the load balancer's alias record, inside the environment's domain. Default: the domain itself when one load balancer uses HTTPS, else `<key>.<domain>`.",
    ),
  sslPolicy: z
    .string()
    .regex(/^ELBSecurityPolicy-[A-Za-z0-9-]+$/, { error: 'expected an ELB security policy such as "ELBSecurityPolicy-TLS13-1-2-2021-06"' })
    .optional()
    .describe('TLS policy of the HTTPS listener. Default `"ELBSecurityPolicy-TLS13-1-2-2021-06"` (TLS 1.3 and 1.2 only).'),
  cloudfront: z
    .union([
      z.boolean(),
      strict({
        priceClass: z
          .enum(["PriceClass_100", "PriceClass_200", "PriceClass_All"])
          .optional()
          .describe('Edge locations used. Default `"PriceClass_100"` (North America and Europe, the cheapest).'),
        originPrefixList: z
          .string()
          .regex(/^pl-[0-9a-f]{8,17}$/, { error: 'expected a prefix list id such as "pl-0123abcd"' })
          .optional()
          .describe(
            "Id of the AWS-managed prefix list `com.amazonaws.global.cloudfront.origin-facing` in the environment's region (`aws ec2 describe-managed-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.global.cloudfront.origin-facing`). Default: none; then the platform stack's variable `cloudfront_prefix_list_id_<key>` must be given at apply time.",
          ),
      }),
    ])
    .optional()
    .describe(
      "A CloudFront distribution in front of this internet-facing load balancer (HTTPS for viewers, caching off, all headers forwarded); the load balancer then accepts only CloudFront's origin-facing addresses. Default `false`.",
    ),
});
export type LoadBalancerInput = z.infer<typeof loadBalancerSchema>;
