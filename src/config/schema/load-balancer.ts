/** The `loadBalancers` section: internet-facing and internal Application Load Balancers. */
import { z } from "zod";
import { strict } from "./strict.js";
import { duration } from "./units.js";

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
  port: z.number().int().min(1).max(65535).optional().describe("HTTP listener port. Default 80."),
  defaultAction: z
    .union([strict({ forward: z.string().describe("Service to forward to.") }), strict({ fixedResponse })], {
      error: 'expected { forward: "<service>" } or { fixedResponse: { status: 404 } }',
    })
    .optional()
    .describe("What the listener does when no rule matches. Default: a fixed 404 response."),
  accessLogs: z
    .union([z.boolean(), strict({ retention: duration.optional().describe('How long access logs are kept. Default `"90 days"`.') })])
    .optional()
    .describe("ALB access logs to an encrypted S3 bucket with public access blocked. Default: on in `prod` tiers."),
  idleTimeout: duration.optional().describe('Idle connection timeout. Default `"60 seconds"`.'),
  deletionProtection: z.boolean().optional().describe("Deletion protection on the load balancer. Default: on in `prod` tiers."),
});
export type LoadBalancerInput = z.infer<typeof loadBalancerSchema>;
