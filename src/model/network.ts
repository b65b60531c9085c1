/** Resolves the VPC: AZ names, subnet tiers and CIDRs, NAT, and the VPC endpoints private tasks need. */
import type { NetworkInput } from "../config/schema/network.js";
import type { ConfigPath } from "../errors.js";
import { planSubnets } from "./cidr.js";
import { awsName, LIMITS } from "./names.js";
import type { Issues } from "./issues.js";
import { type RegionFacts, REGIONS_SOURCE, regionFacts } from "./regions.js";
import type { TierDefaults } from "./tiers.js";
import { resolveBastion, SSM_ENDPOINTS } from "./bastion.js";
import { existingAzLabels, resolveExistingVpc } from "./existing-vpc.js";
import type { Cluster, Database, Endpoints, ExistingVpc, LambdaFunction, NatMode, Network, Routing, Service, SubnetTier } from "./types.js";
import { parseDays } from "./units.js";

export interface NetworkBase {
  readonly cidr: string;
  readonly azs: readonly string[];
  readonly nat: NatMode;
  /** How private subnets reach out, for workload decisions: `nat`, or `"existing"` in an existing VPC. */
  readonly routing: Routing;
  /** `network.vpc`, resolved; null when berth creates the VPC. */
  readonly existing: ExistingVpc | null;
  /** `network.flowLogs`, or the tier's default (on in prod). */
  readonly flowLogs: NonNullable<NetworkInput["flowLogs"]>;
  readonly input: NetworkInput;
}

export interface NetworkBaseContext {
  readonly env: string;
  readonly region: string;
  readonly defaults: TierDefaults;
  /** Where `azs` was set: the environment's override or the shared `network`. */
  readonly azsAt: ConfigPath;
  /** Where `network.vpc` was set (see `applyExistingVpc`), when it is. */
  readonly vpcAt?: ConfigPath | null;
  readonly issues: Issues;
}

export function resolveNetworkBase(input: NetworkInput, ctx: NetworkBaseContext): NetworkBase {
  if (input.vpc) {
    const existing = resolveExistingVpc(input.vpc, ctx.vpcAt ?? ["network", "vpc"], ctx.issues);
    return {
      cidr: input.vpc.cidr,
      azs: existingAzLabels(input.vpc),
      nat: "none",
      routing: "existing",
      existing,
      flowLogs: input.flowLogs ?? ctx.defaults.flowLogs,
      input,
    };
  }
  const nat = input.nat ?? ctx.defaults.nat;
  return {
    cidr: input.cidr ?? "10.0.0.0/16",
    azs: resolveAzs(input.azs, ctx),
    nat,
    routing: nat,
    existing: null,
    flowLogs: input.flowLogs ?? ctx.defaults.flowLogs,
    input,
  };
}

/**
 * The environment's availability zones: explicit names must be zones new accounts get in the region;
 * a count takes the region's first zones and may not exceed them; the tier's default count is capped
 * at what the region has (a prod tier in us-west-1 gets its two zones).
 */
function resolveAzs(azs: NetworkInput["azs"], ctx: NetworkBaseContext): readonly string[] {
  const facts = regionFacts(ctx.region);
  if (Array.isArray(azs)) {
    checkAzNames(azs, facts, ctx);
    return azs;
  }
  // An unknown region is reported on environments.<env>.region; keep resolving without more noise.
  if (!facts) return Array.from({ length: azs ?? ctx.defaults.azs }, (_, i) => `${ctx.region}${String.fromCharCode(97 + i)}`);
  const zones = facts.zones;
  if (azs === undefined) return zones.slice(0, Math.min(ctx.defaults.azs, zones.length));
  if (azs > zones.length) {
    ctx.issues.add(
      ctx.azsAt,
      `${azs} availability zones asked for, but ${ctx.region} has ${zones.length} that every AWS account gets (${zones.join(", ")})`,
      `set network.azs to ${zones.length} (or fewer), or pick a region with ${azs} zones`,
    );
  }
  return zones.slice(0, azs);
}

function checkAzNames(azs: readonly string[], facts: RegionFacts | undefined, ctx: NetworkBaseContext): void {
  const valid = facts ? `; use one of ${facts.zones.map((z) => `"${z}"`).join(", ")}` : "";
  azs.forEach((az, i) => {
    const at = [...ctx.azsAt, i];
    if (azs.indexOf(az) !== i) ctx.issues.add(at, `availability zone "${az}" is listed twice`);
    else if (az.slice(0, -1) !== ctx.region)
      ctx.issues.add(at, `availability zone "${az}" is not in ${ctx.region}, the region of environment ${ctx.env}${valid}`);
    else if (!facts || facts.zones.includes(az)) return;
    else if (facts.legacyZones.includes(az)) {
      ctx.issues.add(
        at,
        `availability zone "${az}" is not offered to new AWS accounts${valid}`,
        `only some older accounts still have ${az}; berth uses the zones every account gets (${REGIONS_SOURCE})`,
      );
    } else ctx.issues.add(at, `"${az}" is not an availability zone of ${ctx.region}${valid}`);
  });
}

/** Whether tasks or instances in a subnet tier can reach the internet (and so ECR, CloudWatch, ECS) without endpoints. */
export function hasRouteOut(tier: SubnetTier, nat: Routing): boolean {
  return tier === "public" || nat !== "none";
}

export function resolveNetwork(
  base: NetworkBase,
  ctx: {
    prefix: string;
    region: string;
    services: readonly Service[];
    cluster: Cluster;
    databases?: readonly Database[];
    /** Functions: those in the VPC that use a database reach it from the private subnets. */
    functions?: readonly LambdaFunction[];
    at: ConfigPath;
    issues: Issues;
  },
): Network {
  const { input } = base;
  const tiers: SubnetTier[] = ["public", "private"];
  const databases = ctx.databases ?? [];
  if (input.subnets?.database || databases.length > 0) tiers.push("database");
  const planned = base.existing ? { subnets: [], issues: [] } : planSubnets(base.cidr, tiers, base.azs.length, input.subnets ?? {}, ctx.at);
  ctx.issues.addAll(planned.issues);
  const subnets = planned.subnets.map((s) => ({ ...s, az: base.azs[s.azIndex] as string, name: `${ctx.prefix}-${s.tier}-${base.azs[s.azIndex]}` }));
  const bastion = resolveBastion(input.bastion, {
    prefix: ctx.prefix,
    nat: base.routing,
    endpoints: input.endpoints,
    databases,
    at: ctx.at,
    issues: ctx.issues,
  });
  if (base.existing && !base.existing.s3PrefixList) {
    for (const s of ctx.services.filter((x) => x.launch === "fargate" && (x.egress === "vpc" || (x.declaredEgress && !x.declaredEgress.https))))
      ctx.issues.add(
        ["services", s.name, "egress"],
        "keeps the tasks inside the VPC, so image layers come from S3 through the VPC's S3 gateway endpoint, and the existing VPC's endpoint is not known",
        "set network.vpc.s3PrefixList to the prefix list id of the VPC's S3 gateway endpoint, or let the service reach the internet",
      );
  }
  const flowLogs = base.flowLogs
    ? { retentionDays: typeof base.flowLogs === "object" && base.flowLogs.retention ? parseDays(base.flowLogs.retention) : 30 }
    : null;
  return {
    name: `${ctx.prefix}-vpc`,
    cidr: base.cidr,
    azs: base.azs,
    subnets,
    existing: base.existing,
    tiers,
    nat: base.nat,
    endpoints: base.existing
      ? existingVpcEndpoints(input.endpoints)
      : resolveEndpoints(input.endpoints ?? "auto", base.nat, ctx.services, ctx.cluster, bastion !== null),
    flowLogs,
    // A network ACL would take over the existing database subnets' association: their owner's ACL stays.
    databaseAcl: base.existing ? null : resolveDatabaseAcl(databases, ctx.services, ctx.functions ?? [], bastion !== null),
    bastion,
    names: {
      defaultSecurityGroup: awsName([ctx.prefix, "vpc", "default"], LIMITS.securityGroup),
      internetGateway: `${ctx.prefix}-igw`,
      publicRouteTable: `${ctx.prefix}-public`,
      databaseRouteTable: `${ctx.prefix}-database`,
      databaseAcl: `${ctx.prefix}-database`,
      s3Endpoint: `${ctx.prefix}-s3`,
      endpointsSecurityGroup: awsName([ctx.prefix, "endpoints"], LIMITS.securityGroup),
      flowLogGroup: awsName([`/vpc/${ctx.prefix}/flow-logs`], LIMITS.logGroup),
      flowLogRole: awsName([ctx.prefix, "vpc-flow-logs"], LIMITS.iamRole),
    },
  };
}

/** An existing VPC gets no gateway endpoint (its route tables are not berth's) and the interface endpoints listed, if any. */
function existingVpcEndpoints(mode: NetworkInput["endpoints"]): Endpoints {
  if (!Array.isArray(mode)) return { gateway: [], interface: [], reason: "" };
  return { gateway: [], interface: [...new Set(mode)].sort(), reason: "listed in network.endpoints" };
}

/** The database tier admits the engine ports from the subnet tiers of the services and functions that use a database, nothing else. */
function resolveDatabaseAcl(
  databases: readonly Database[],
  services: readonly Service[],
  functions: readonly LambdaFunction[],
  bastion: boolean,
): Network["databaseAcl"] {
  if (databases.length === 0) return null;
  const ports = [...new Set(databases.map((d) => d.port))].sort((a, b) => a - b);
  // Functions in the VPC and the bastion sit in the private subnets.
  const fromFunctions: SubnetTier[] = functions.some((f) => f.vpc && f.databases.length > 0) || bastion ? ["private"] : [];
  const from = [...new Set([...services.filter((s) => s.databases.length > 0).map((s) => s.subnetTier), ...fromFunctions])].sort();
  return { ports, from };
}

/**
 * Endpoints are needed when something that must pull images or ship logs has no route out:
 * a Fargate task that is VPC-only or sits in a private subnet without NAT, or EC2 instances in such subnets.
 */
export function resolveEndpoints(
  mode: NetworkInput["endpoints"] & {},
  nat: NatMode,
  services: readonly Service[],
  cluster: Cluster,
  bastion = false,
): Endpoints {
  if (mode === "none") return { gateway: ["s3"], interface: [], reason: "" };
  if (Array.isArray(mode)) return { gateway: ["s3"], interface: [...new Set(mode)].sort(), reason: "listed in network.endpoints" };
  const isolatedTasks = services.filter((s) => s.launch === "fargate" && (s.egress === "vpc" || !hasRouteOut(s.subnetTier, nat)));
  const ec2 = cluster.capacity.kind === "ec2" ? cluster.capacity : undefined;
  const isolatedInstances = ec2 ? ec2.subnetTiers.filter((t) => !hasRouteOut(t, nat)) : [];
  const isolatedBastion = bastion && !hasRouteOut("private", nat);
  if (isolatedTasks.length === 0 && isolatedInstances.length === 0 && !isolatedBastion) return { gateway: ["s3"], interface: [], reason: "" };
  if (isolatedTasks.length === 0 && isolatedInstances.length === 0) {
    return {
      gateway: ["s3"],
      interface: [...SSM_ENDPOINTS],
      reason: "The bastion cannot reach the internet (no NAT), so Session Manager goes through these endpoints.",
    };
  }
  const names = new Set(["ecr.api", "ecr.dkr", "logs"]);
  if (isolatedBastion) SSM_ENDPOINTS.forEach((n) => names.add(n));
  if (isolatedInstances.length > 0) ["ecs", "ecs-agent", "ecs-telemetry", "ssm", "ssmmessages", "ec2messages"].forEach((n) => names.add(n));
  const reached = [...isolatedTasks, ...(isolatedInstances.length > 0 ? services.filter((s) => s.launch === "ec2") : [])];
  // A database's credentials come from its managed secret in Secrets Manager.
  if (reached.some((s) => s.databases.length > 0 || s.secrets.some((x) => x.source === "secretsmanager"))) names.add("secretsmanager");
  if (reached.some((s) => s.secrets.some((x) => x.source === "ssm"))) names.add("ssm");
  if (reached.some((s) => s.enableExecuteCommand)) names.add("ssmmessages");
  const who = [
    ...isolatedTasks.map((s) => `service ${s.name}`),
    ...(isolatedInstances.length > 0 ? [`EC2 instances in ${isolatedInstances.join(" and ")} subnets`] : []),
    ...(isolatedBastion ? ["the bastion"] : []),
  ];
  return {
    gateway: ["s3"],
    interface: [...names].sort(),
    reason: `${who.join(", ")} cannot reach the internet (no NAT or VPC-only egress), so image pulls, logs and the ECS agent go through these endpoints.`,
  };
}
