/**
 * Where a service's tasks may send traffic. Two broad modes — anything anywhere (`internet`), or TCP inside the
 * VPC plus HTTPS to S3 (`vpc`) — and a declared mode, in which the security group opens exactly what the service
 * declares: its databases on their ports, the load balancers it calls on theirs, HTTPS to the internet (or, with
 * no way out, to the VPC endpoints and S3), and the destinations the config names. Task API's seed asks for this:
 * the ECS group sends only 5432 to the RDS group and 443 to the internet.
 *
 * Amazon DNS, the instance metadata and the ECS task metadata endpoints are not filtered by security groups,
 * so the declared mode needs no rule for them.
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
import type { EgressInput } from "../config/schema/egress.js";
import type { ConfigPath } from "../errors.js";
import { formatCidr, isAligned, parseCidr } from "./cidr.js";
import type { Issues } from "./issues.js";
import { hasRouteOut } from "./network.js";
import type { DeclaredEgress, Routing, SubnetTier } from "./types.js";

export interface ResolvedEgress {
  /** How far the tasks reach: the internet (through a public IP or NAT), or only the VPC (and its endpoints). */
  readonly reach: "internet" | "vpc";
  /** The declared rules, or null for the broad modes. */
  readonly declared: DeclaredEgress | null;
}

export function resolveEgress(
  input: EgressInput | undefined,
  ctx: { readonly subnetTier: SubnetTier; readonly nat: Routing; readonly at: ConfigPath; readonly issues: Issues },
): ResolvedEgress {
  const routeOut = hasRouteOut(ctx.subnetTier, ctx.nat);
  if (input === undefined) return { reach: routeOut ? "internet" : "vpc", declared: null };
  if (input === "internet" || input === "vpc") return { reach: input, declared: null };
  const spec = input === "declared" ? {} : input;
  const https = (spec.internet ?? (routeOut ? "https" : "none")) === "https";
  if (https && !routeOut) {
    ctx.issues.add(
      [...ctx.at, "internet"],
      `is "https" but the service's ${ctx.subnetTier} subnets have no route to the internet (network.nat is "none")`,
      'set internet: "none" (berth adds the VPC endpoints the tasks need), or give the network a NAT gateway',
    );
  }
  const to = (spec.to ?? []).map((d, i) => {
    const at = [...ctx.at, "to", i];
    if ((d.cidr === undefined) === (d.prefixList === undefined)) {
      ctx.issues.add(at, "needs exactly one of cidr and prefixList", 'e.g. { cidr: "10.20.0.0/16", port: 5432 }');
    }
    const cidr = d.cidr;
    if (cidr !== undefined) {
      const parsed = parseCidr(cidr);
      if (!parsed) ctx.issues.add([...at, "cidr"], `"${cidr}" is not an IPv4 CIDR`);
      else if (!isAligned(parsed)) {
        const network = { base: parsed.base - (parsed.base % 2 ** (32 - parsed.prefix)), prefix: parsed.prefix };
        ctx.issues.add([...at, "cidr"], `"${cidr}" has host bits set`, `write "${formatCidr(network)}"`);
      }
    }
    const [fromPort, toPort] = typeof d.port === "number" ? [d.port, d.port] : d.port;
    if (fromPort > toPort) ctx.issues.add([...at, "port"], `range [${fromPort}, ${toPort}] runs backwards`, `write [${toPort}, ${fromPort}]`);
    const protocol = d.protocol ?? "tcp";
    const ports = fromPort === toPort ? `${fromPort}` : `${fromPort}-${toPort}`;
    return {
      cidr,
      prefixList: d.prefixList,
      protocol,
      fromPort,
      toPort,
      description: d.description ?? `${protocol.toUpperCase()} ${ports} to ${cidr ?? d.prefixList}`,
    };
  });
  return { reach: https ? "internet" : "vpc", declared: { https, to } };
}
