/**
 * `network.vpc`: an existing VPC. berth creates none of its parts; the network stack hands its ids to every
 * downstream stack through the usual wires. The settings of a VPC berth would create (`cidr`, `azs`,
 * `subnets`, `nat`, `endpoints: "auto"`) cannot apply: refused beside `vpc` (or in a more specific level),
 * ignored when inherited from a more general one (the shared `network` under an environment's own VPC).
 */
import type { NetworkInput } from "../config/schema/network.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import type { ExistingVpc, SubnetTier } from "./types.js";

/** One level of network settings, general to specific: the shared `network`, the environment's, a recovery region's. */
export interface NetworkLevel {
  readonly input: Partial<NetworkInput> | undefined;
  readonly at: ConfigPath;
}

const CREATED_ONLY = ["cidr", "azs", "subnets", "nat"] as const;

const FIX: Record<(typeof CREATED_ONLY)[number], string> = {
  cidr: "give the VPC's CIDR as vpc.cidr and remove this one",
  azs: "remove it: the AZs are those of the subnets listed in vpc.subnets",
  subnets: "list the subnet ids in vpc.subnets and remove these CIDRs",
  nat: "remove it: the VPC's own route tables decide how private subnets reach out",
};

/**
 * The merged network input with an existing VPC's inapplicable settings removed (and refused where they sit
 * beside it), and the path of the `vpc` that applies; the input unchanged and `null` without one.
 */
export function applyExistingVpc(merged: NetworkInput, levels: readonly NetworkLevel[], issues: Issues): { input: NetworkInput; vpcAt: ConfigPath | null } {
  if (!merged.vpc) return { input: merged, vpcAt: null };
  const from = levels.map((l) => l.input?.vpc !== undefined).lastIndexOf(true);
  const owner = levels[from] as NetworkLevel;
  for (const level of levels.slice(from)) {
    for (const key of CREATED_ONLY) {
      if (level.input?.[key] !== undefined)
        issues.add([...level.at, key], `cannot apply to the existing VPC ${merged.vpc.id} (${[...owner.at, "vpc"].join(".")})`, FIX[key]);
    }
    if (level.input?.endpoints === "auto")
      issues.add(
        [...level.at, "endpoints"],
        'is "auto", which needs berth\'s own route tables; an existing VPC gets no endpoint unless listed',
        'list the interface endpoints (e.g. ["ecr.api", "ecr.dkr", "logs"]), or remove it',
      );
  }
  const { cidr: _c, azs: _a, subnets: _s, nat: _n, ...rest } = merged;
  const endpoints = merged.endpoints === "auto" ? undefined : merged.endpoints;
  return { input: { ...rest, endpoints: endpoints ?? "none" }, vpcAt: [...owner.at, "vpc"] };
}

/** The existing VPC's subnets per tier, checked: one per AZ in every tier (equal lengths), no id listed twice. */
export function resolveExistingVpc(vpc: NonNullable<NetworkInput["vpc"]>, at: ConfigPath, issues: Issues): ExistingVpc {
  const { public: pub, private: priv, database } = vpc.subnets;
  const given: [SubnetTier, readonly string[] | undefined][] = [
    ["public", pub],
    ["private", priv],
    ["database", database],
  ];
  const seen = new Map<string, string>();
  for (const [tier, ids] of given) {
    if (!ids) continue;
    if (ids.length !== pub.length)
      issues.add(
        [...at, "subnets", tier],
        `lists ${ids.length} subnet${ids.length === 1 ? "" : "s"}, but public lists ${pub.length}: every tier has one subnet per availability zone`,
        "list one subnet per AZ in each tier, in the same AZ order",
      );
    ids.forEach((id, i) => {
      const other = seen.get(id);
      if (other) issues.add([...at, "subnets", tier, i], `${id} is already listed in ${other}`, "give each tier its own subnets");
      else seen.set(id, `subnets.${tier}`);
    });
  }
  return { id: vpc.id, subnets: { public: pub, private: priv, database: database ?? priv }, s3PrefixList: vpc.s3PrefixList ?? null };
}

/** One label per AZ of an existing VPC (berth does not know their names): the zone of each public subnet. */
export const existingAzLabels = (vpc: NonNullable<NetworkInput["vpc"]>): readonly string[] => vpc.subnets.public.map((id) => `zone of ${id}`);
