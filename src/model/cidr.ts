/**
 * The CIDR plan of a VPC: explicit subnets are checked, missing ones are allocated.
 *
 * Allocation, for a VPC of prefix /p with n AZs:
 * 1. Subnets are /(p+8) (at most /28), so a /16 VPC gets /24 subnets of 251 usable addresses.
 * 2. The VPC is split into four equal ranges: public, private, database, spare (kept for growth).
 * 3. AZ i of a tier takes the i-th subnet of that tier's range: public 10.0.0.0/24, 10.0.1.0/24…,
 *    private 10.0.64.0/24…, database 10.0.128.0/24… for 10.0.0.0/16.
 * The result depends only on the VPC CIDR, the tier and the AZ index, so adding an AZ or a tier never
 * moves an existing subnet.
 */
import type { ConfigIssue } from "../errors.js";
import type { SubnetTier } from "./types.js";

export interface Cidr {
  readonly base: number;
  readonly prefix: number;
}

export function parseCidr(s: string): Cidr | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(s);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  const o = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${o.join(".")}/${c.prefix}`;
}

const size = (c: Cidr): number => 2 ** (32 - c.prefix);
export const isAligned = (c: Cidr): boolean => c.base % size(c) === 0;
export const contains = (outer: Cidr, inner: Cidr): boolean =>
  inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
export const overlaps = (a: Cidr, b: Cidr): boolean => a.base < b.base + size(b) && b.base < a.base + size(a);

/** Like Terraform's `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrSubnet(c: Cidr, newbits: number, netnum: number): Cidr {
  const prefix = c.prefix + newbits;
  return { base: c.base + netnum * 2 ** (32 - prefix), prefix };
}

const TIER_RANGE: Record<SubnetTier, number> = { public: 0, private: 1, database: 2 };

export function allocateSubnet(vpc: Cidr, tier: SubnetTier, azIndex: number): Cidr {
  const prefix = Math.min(vpc.prefix + 8, 28);
  const newbits = prefix - vpc.prefix;
  const perRange = 2 ** newbits / 4;
  return cidrSubnet(vpc, newbits, TIER_RANGE[tier] * perRange + azIndex);
}

export interface PlannedSubnet {
  readonly tier: SubnetTier;
  readonly azIndex: number;
  readonly cidr: string;
}

/**
 * Plans every subnet of the given tiers over `azCount` AZs. `explicit` lists come from the config
 * (checked: valid, inside the VPC, one per AZ, no overlaps); problems are returned with their paths.
 */
export function planSubnets(
  vpcCidr: string,
  tiers: readonly SubnetTier[],
  azCount: number,
  explicit: Partial<Record<SubnetTier, readonly string[]>>,
  path: readonly (string | number)[],
): { subnets: PlannedSubnet[]; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const vpc = parseCidr(vpcCidr);
  if (!vpc || !isAligned(vpc) || vpc.prefix < 16 || vpc.prefix > 24) {
    issues.push({
      path: [...path, "cidr"],
      message: `"${vpcCidr}" is not a usable VPC CIDR: it must be a network address with a prefix between /16 and /24`,
      hint: 'e.g. cidr: "10.0.0.0/16"',
    });
    return { subnets: [], issues };
  }
  if (vpc.prefix > 22 && tiers.some((t) => !explicit[t])) {
    issues.push({
      path: [...path, "cidr"],
      message: `a /${vpc.prefix} VPC is too small for berth to allocate subnets; use /22 or larger, or list network.subnets explicitly`,
    });
    return { subnets: [], issues };
  }
  const subnets: PlannedSubnet[] = [];
  const placed: { cidr: Cidr; where: string }[] = [];
  for (const tier of tiers) {
    const given = explicit[tier];
    if (given && given.length !== azCount) {
      issues.push({ path: [...path, "subnets", tier], message: `lists ${given.length} CIDRs for ${azCount} availability zones; give exactly one per AZ` });
      continue;
    }
    for (let az = 0; az < azCount; az++) {
      const text = given?.[az];
      const where = `${tier}[${az}]`;
      const cidr = text ? parseCidr(text) : allocateSubnet(vpc, tier, az);
      const at = [...path, "subnets", tier, az];
      if (!cidr || !isAligned(cidr)) {
        issues.push({ path: at, message: `"${text}" is not a network address (the host bits must be zero)` });
        continue;
      }
      if (!contains(vpc, cidr)) {
        issues.push({ path: at, message: `${formatCidr(cidr)} is outside the VPC ${vpcCidr}` });
        continue;
      }
      if (cidr.prefix > 28) {
        issues.push({ path: at, message: `${formatCidr(cidr)} is smaller than /28, the smallest subnet AWS allows` });
        continue;
      }
      const clash = placed.find((p) => overlaps(p.cidr, cidr));
      if (clash) {
        issues.push({ path: at, message: `${formatCidr(cidr)} overlaps ${clash.where} (${formatCidr(clash.cidr)})` });
        continue;
      }
      placed.push({ cidr, where });
      subnets.push({ tier, azIndex: az, cidr: formatCidr(cidr) });
    }
  }
  return { subnets, issues };
}
