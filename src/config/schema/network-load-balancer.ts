/** The `networkLoadBalancers` section (Network Load Balancers) and a service's `nlb` listeners on them. */
import { z } from "zod";
import { hostName } from "./domain.js";
import { strict } from "./strict.js";
import { port, seconds } from "./units.js";

export const networkLoadBalancerSchema = strict({
  internal: z
    .boolean()
    .optional()
    .describe(
      "An internal load balancer (private subnets; its listeners admit the VPC's CIDR only). Default `false`: internet-facing, listeners open to anywhere.",
    ),
  crossZone: z
    .boolean()
    .optional()
    .describe(
      "Cross-zone load balancing: each zone's node sends to targets in every zone (inter-zone data is charged). Default `true`, so a zone without a task still answers.",
    ),
  deletionProtection: z.boolean().optional().describe("Deletion protection on the load balancer. Default: on in `prod` tiers."),
  hostName: hostName
    .optional()
    .describe(
      "Host name of its alias record inside the environment's domain. Default `<key>.<domain>` when the environment has a domain; no record without one.",
    ),
  sslPolicy: z
    .string()
    .regex(/^ELBSecurityPolicy-[A-Za-z0-9-]+$/, { error: 'expected an ELB security policy such as "ELBSecurityPolicy-TLS13-1-2-2021-06"' })
    .optional()
    .describe('TLS policy of its TLS listeners. Default `"ELBSecurityPolicy-TLS13-1-2-2021-06"`.'),
});
export type NetworkLoadBalancerInput = z.infer<typeof networkLoadBalancerSchema>;

/** `443/tls`, `53/udp`, `5432` (TCP)… as Copilot writes an NLB port. */
const LISTENER_PORT = /^([1-9]\d{0,4})(\/(tcp|tls|udp|tcp_udp))?$/i;

export const nlbListenerSchema = strict({
  loadBalancer: z.string().describe("Key of the load balancer in `networkLoadBalancers`."),
  port: z
    .union([
      port(),
      z
        .string()
        .regex(LISTENER_PORT, { error: 'expected a port and protocol such as "443/tls", "53/udp", "9000/tcp_udp" or "5432" (TCP)' })
        .refine((v) => Number.parseInt(v, 10) <= 65535, { error: "a port is at most 65535" }),
    ])
    .describe(
      'Listener port and protocol, as Copilot writes them: `"443/tls"` (TLS ends at the load balancer with the environment\'s certificate), `"53/udp"`, `"53/tcp_udp"`, `"5432/tcp"` or a number (TCP).',
    ),
  targetPort: port().optional().describe("Container port the traffic goes to (TCP, or UDP for UDP listeners). Default: the service's `port`."),
  healthCheck: strict({
    protocol: z
      .enum(["tcp", "http", "https"])
      .optional()
      .describe('How the target group checks a task. Default `"tcp"` (a connection opens), or `"http"` when a `path` is given.'),
    path: z
      .string()
      .regex(/^\//, { error: 'a health check path starts with "/"' })
      .optional()
      .describe("HTTP(S) path to request; needs protocol http or https."),
    port: port().optional().describe("TCP port to check. Default: the target port (for UDP listeners, which AWS cannot check over UDP: the service's `port`)."),
    interval: seconds(5, 300).optional().describe('Time between checks, 5–300 seconds. Default `"30 seconds"`.'),
    healthyThreshold: z.number().int().min(2).max(10).optional().describe("Consecutive passes to become healthy. Default 3."),
    unhealthyThreshold: z.number().int().min(2).max(10).optional().describe("Consecutive failures to become unhealthy. Default 3."),
  })
    .optional()
    .describe("Health check of this listener's target group."),
});
export type NlbListenerInput = z.infer<typeof nlbListenerSchema>;
