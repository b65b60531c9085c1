/**
 * Network lines: NAT gateways (hours and data), interface endpoints (hours per AZ and data), public IPv4
 * addresses, load balancers (hours and LCUs) and data sent to the internet.
 */
import { STACK } from "../../model/stack-ids.js";
import type { Environment } from "../../model/types.js";
import type { Lines } from "./lines.js";

export function natCount(env: Environment, mode = env.network.nat): number {
  return mode === "none" ? 0 : mode === "single" ? 1 : env.network.azs.length;
}

/** Endpoint-hours a month of the environment's interface endpoints (one network interface per AZ each). */
export function endpointHours(env: Environment, endpoints = env.network.endpoints.interface.length): number {
  return endpoints * env.network.azs.length * env.cost.hoursPerMonth;
}

export function networkLines(env: Environment, lines: Lines): void {
  const hours = env.cost.hoursPerMonth;
  const azs = env.network.azs.length;
  const nats = natCount(env);
  const endpoints = env.network.endpoints.interface;
  lines.add(STACK.network, `NAT gateways (${env.network.nat}: ${nats})`, nats * hours, "hours", "nat:hour");
  if (nats > 0) lines.add(STACK.network, "NAT gateway data processed (cost.privateTraffic)", env.cost.privateTrafficGb, "GB", "nat:gb");
  lines.add(
    STACK.network,
    `Interface endpoints (${endpoints.length} × ${azs} AZs: ${endpoints.join(", ")})`,
    endpointHours(env),
    "endpoint-hours",
    "endpoint:hour",
  );
  if (endpoints.length > 0 && nats === 0) {
    lines.add(STACK.network, "Interface endpoint data processed (cost.privateTraffic)", env.cost.privateTrafficGb, "GB", "endpoint:gb");
  }
  lines.add(STACK.network, `Public IPv4 addresses of NAT gateways (${nats})`, nats * hours, "address-hours", "ipv4:hour");

  for (const lb of env.loadBalancers) {
    lines.add(STACK.platform, `ALB ${lb.name}`, hours, "hours", "alb:hour");
    lines.add(
      STACK.platform,
      `ALB ${lb.name} capacity units (cost.loadBalancerLcus: ${env.cost.loadBalancerLcus})`,
      env.cost.loadBalancerLcus * hours,
      "LCU-hours",
      "alb:lcu",
    );
    if (!lb.internal) lines.add(STACK.platform, `Public IPv4 addresses of ALB ${lb.name} (one per AZ: ${azs})`, azs * hours, "address-hours", "ipv4:hour");
  }
  for (const nlb of env.networkLoadBalancers) {
    lines.add(STACK.platform, `NLB ${nlb.name}`, hours, "hours", "nlb:hour");
    lines.add(
      STACK.platform,
      `NLB ${nlb.name} capacity units (cost.loadBalancerLcus: ${env.cost.loadBalancerLcus} NLCU)`,
      env.cost.loadBalancerLcus * hours,
      "NLCU-hours",
      "nlb:nlcu",
    );
    if (!nlb.internal) lines.add(STACK.platform, `Public IPv4 addresses of NLB ${nlb.name} (one per AZ: ${azs})`, azs * hours, "address-hours", "ipv4:hour");
  }
  const publicTasks = env.services.filter((s) => s.assignPublicIp).reduce((n, s) => n + (env.cost.tasks[s.name] ?? s.desiredCount), 0);
  lines.add(STACK.platform, `Public IPv4 addresses of Fargate tasks in public subnets (${publicTasks})`, publicTasks * hours, "address-hours", "ipv4:hour");
  const capacity = env.cluster.capacity;
  if (capacity.kind === "ec2" && capacity.subnetTiers.includes("public")) {
    // The Auto Scaling group spreads instances evenly over the subnets of its tiers; those in public subnets get an address.
    const n = ((env.cost.instances ?? capacity.desired) * 1) / capacity.subnetTiers.length;
    lines.add(STACK.platform, `Public IPv4 addresses of container instances in public subnets (${n} on average)`, n * hours, "address-hours", "ipv4:hour");
  }
  const direct = env.loadBalancers.some((lb) => !lb.internal && !lb.cloudfront) || env.networkLoadBalancers.some((nlb) => !nlb.internal);
  if (direct) lines.add(STACK.platform, "Data transfer out to the internet (cost.internetTraffic)", env.cost.internetTrafficGb, "GB", "transfer:internet");
}
