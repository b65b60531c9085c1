/**
 * A Copilot environment manifest as a berth environment: tier (from its name), region (given, or a value
 * to set: Copilot keeps it outside the workspace), VPC CIDR and subnets or an imported VPC (its ids, with
 * the CIDR and account to set), Container Insights, and the load balancer settings berth has; imported
 * certificates are reported.
 */
import type { CopilotEnvironment } from "./copilot-read.js";
import type { ImportReport } from "./report.js";
import { isRecord } from "./yaml-source.js";

type Json = Record<string, unknown>;

export function tierOf(name: string): "dev" | "staging" | "prod" {
  if (/^(prod|production|prd|live)/i.test(name)) return "prod";
  if (/^(staging|stage|stg|test|qa|uat|preprod)/i.test(name)) return "staging";
  return "dev";
}

/** An obvious placeholder for an account id the user is asked to set. */
const PLACEHOLDER_ACCOUNT = "000000000000";
/** A placeholder CIDR for an imported VPC (Copilot's manifest does not hold it); reported as a value to set. */
const PLACEHOLDER_CIDR = "10.0.0.0/16";

/**
 * Copilot's imported VPC (`network.vpc.id` with `subnets.public/private: [{ id }]`) as `network.vpc`, when
 * berth can use it: both tiers, one subnet per AZ each. The CIDR is a value to set. Otherwise it is reported.
 */
function importedVpc(vpc: Json, ctx: { base: string[]; at: (f: string) => string; report: ImportReport }): Json | undefined {
  const { base, at, report } = ctx;
  const subnets = isRecord(vpc.subnets) ? vpc.subnets : {};
  const ids = (tier: string): string[] | undefined => {
    const list = Array.isArray(subnets[tier]) ? (subnets[tier] as unknown[]) : [];
    const out = list.map((s) => (isRecord(s) ? s.id : s)).filter((id): id is string => typeof id === "string" && /^subnet-[0-9a-f]{8,17}$/.test(id));
    return out.length > 0 && out.length === list.length ? out : undefined;
  };
  const pub = ids("public");
  const priv = ids("private");
  if (!/^vpc-[0-9a-f]{8,17}$/.test(String(vpc.id)) || !pub || !priv || pub.length !== priv.length || pub.length > 6) {
    report.notMapped(
      at("network.vpc.id"),
      `the imported VPC ${String(vpc.id)}: berth uses an existing VPC with public and private subnet ids, one per AZ in each (the same number, at most 6); set environments.<env>.network.vpc by hand`,
      base,
    );
    return undefined;
  }
  const at3 = [...base, "network", "vpc"];
  report.mapped(at("network.vpc.id"), [...at3, "id"]);
  report.mapped(at("network.vpc.subnets.public"), [...at3, "subnets", "public"]);
  report.mapped(at("network.vpc.subnets.private"), [...at3, "subnets", "private"]);
  report.toSet(
    at("network.vpc.id"),
    [...at3, "cidr"],
    `the CIDR of ${String(vpc.id)} (aws ec2 describe-vpcs --vpc-ids ${String(vpc.id)}); ${PLACEHOLDER_CIDR} is a placeholder`,
  );
  for (const f of Object.keys(vpc).filter((f) => !["id", "subnets", "flow_logs"].includes(f)))
    report.notMapped(at(`network.vpc.${f}`), "the imported VPC keeps its own settings", base);
  const net: Json = { vpc: { id: vpc.id, cidr: PLACEHOLDER_CIDR, subnets: { public: pub, private: priv } } };
  if (vpc.flow_logs !== undefined) {
    net.flowLogs = vpc.flow_logs !== false;
    report.mapped(at("network.vpc.flow_logs"), [...base, "network", "flowLogs"]);
  }
  return net;
}

export function mapEnvironment(name: string, env: CopilotEnvironment | undefined, ctx: { report: ImportReport; region?: string; loadBalancers: Json }): Json {
  const { report } = ctx;
  const base = ["environments", name];
  const file = env?.src.display ?? "copilot/environments";
  const at = (f: string) => `${file}: ${f}`;
  const out: Json = { tier: tierOf(name) };
  report.derived(at("name"), [...base, "tier"], `tier "${out.tier}" from the environment's name "${name}" (Copilot has no tiers)`);
  out.region = ctx.region ?? "us-east-1";
  if (ctx.region) report.mapped("--region", [...base, "region"]);
  else
    report.toSet(
      at("(region)"),
      [...base, "region"],
      `the region Copilot deployed "${name}" to (copilot env show); us-east-1 is a placeholder — or pass --region`,
    );
  if (out.tier === "prod")
    report.derived(
      at("name"),
      [...base, "tier"],
      "the prod tier mounts root filesystems read-only (Copilot did not, unless storage.readonly_fs): set `readonlyRootFilesystem: false` on a service whose image writes outside /tmp",
    );
  if (!env) return out;
  const m = env.manifest;
  const network = isRecord(m.network) && isRecord(m.network.vpc) ? m.network.vpc : undefined;
  const imported = network && typeof network.id === "string" ? importedVpc(network, { base, at, report }) : undefined;
  if (imported) {
    out.account = PLACEHOLDER_ACCOUNT;
    report.toSet(
      at("network.vpc.id"),
      [...base, "account"],
      `the 12-digit id of the account that holds ${network!.id} (the logs key and flow logs name it); ${PLACEHOLDER_ACCOUNT} is a placeholder`,
    );
    out.network = imported;
  } else if (network) {
    const net: Json = {};
    if (typeof network.cidr === "string") {
      net.cidr = network.cidr;
      report.mapped(at("network.vpc.cidr"), [...base, "network", "cidr"]);
    }
    const subnets = isRecord(network.subnets) ? network.subnets : {};
    const tiers: Json = {};
    for (const tier of ["public", "private"] as const) {
      const list = Array.isArray(subnets[tier]) ? (subnets[tier] as unknown[]) : [];
      const cidrs = list.map((s) => (isRecord(s) ? s.cidr : undefined)).filter((c): c is string => typeof c === "string");
      if (cidrs.length > 0 && cidrs.length === list.length) {
        tiers[tier] = cidrs;
        report.mapped(at(`network.vpc.subnets.${tier}`), [...base, "network", "subnets", tier]);
      } else if (list.length > 0) report.notMapped(at(`network.vpc.subnets.${tier}`), "imported subnets (ids): berth creates its own subnets", base);
    }
    if (Object.keys(tiers).length > 0) {
      const counts = Object.values(tiers).map((t) => (t as string[]).length);
      net.subnets = tiers;
      net.azs = Math.min(...counts);
      report.derived(at("network.vpc.subnets"), [...base, "network", "azs"], `${net.azs} availability zones, one subnet each per tier; berth picks the zones`);
    }
    if (network.flow_logs !== undefined) {
      net.flowLogs = network.flow_logs !== false;
      report.mapped(at("network.vpc.flow_logs"), [...base, "network", "flowLogs"]);
    }
    if (Object.keys(net).length > 0) out.network = net;
  }
  const http = isRecord(m.http) ? m.http : {};
  const pub = isRecord(http.public) ? http.public : undefined;
  if (pub) {
    const lb: Json = {};
    if (pub.certificates !== undefined) {
      // berth's HTTPS needs the environment's domain name, which Copilot keeps outside the workspace.
      const arns = Array.isArray(pub.certificates) ? pub.certificates.filter((c): c is string => typeof c === "string") : [];
      report.notMapped(
        at("http.public.certificates"),
        arns.length === 1
          ? `the domain's name is not in the workspace: set environments.${name}.domain: { name: "<the certificate's domain>", certificateArn: "${arns[0]}" } to serve HTTPS with this certificate (berth then issues none)`
          : "several imported certificates: berth's listener takes one (`domain.certificateArn`, with the domain's name); set the one that covers the environment's domain",
        base,
      );
    }
    if (pub.access_logs !== undefined) {
      lb.accessLogs = pub.access_logs !== false;
      report.derived(at("http.public.access_logs"), [...base, "loadBalancers", "public", "accessLogs"], "into berth's own encrypted bucket");
    }
    for (const f of Object.keys(pub).filter((f) => f !== "certificates" && f !== "access_logs"))
      report.notMapped(at(`http.public.${f}`), "berth has no equivalent for this load balancer setting", base);
    if (Object.keys(lb).length > 0 && "public" in ctx.loadBalancers) out.loadBalancers = { public: lb };
  }
  if (isRecord(http.private))
    for (const f of Object.keys(http.private))
      report.notMapped(at(`http.private.${f}`), "berth's internal load balancer admits the VPC's services by security group", base);
  const obs = isRecord(m.observability) ? m.observability : undefined;
  if (obs && obs.container_insights !== undefined) {
    out.compute = { containerInsights: obs.container_insights !== false };
    if (typeof obs.container_insights === "string")
      report.derived(at("observability.container_insights"), [...base, "compute"], "enhanced observability as Container Insights on");
    else report.mapped(at("observability.container_insights"), [...base, "compute", "containerInsights"]);
  }
  if (m.cdn !== undefined && m.cdn !== false) {
    if ("public" in ctx.loadBalancers) {
      out.loadBalancers = {
        public: { ...(isRecord(out.loadBalancers) && isRecord(out.loadBalancers.public) ? out.loadBalancers.public : {}), cloudfront: true },
      };
      report.derived(at("cdn"), [...base, "loadBalancers", "public", "cloudfront"], "a CloudFront distribution in front of the internet-facing load balancer");
    } else report.notMapped(at("cdn"), "no internet-facing load balancer to put CloudFront in front of", base);
  }
  for (const f of Object.keys(m).filter((f) => !["name", "type", "network", "http", "observability", "cdn"].includes(f)))
    report.notMapped(at(f), "berth has no equivalent for this environment field", base);
  return out;
}
