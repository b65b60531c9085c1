/**
 * The architecture of one environment as a graph, from the model: the internet (and CloudFront, the
 * domain) → load balancers with their rules → services grouped by subnet tier (AZs named on the tier)
 * → databases; NAT gateways per AZ and interface endpoints; the AWS services and external resources the
 * config declares (existing secrets and parameters, external images, ARNs in permissions). Pure; the
 * layout, SVG and Mermaid read this graph.
 */
import type { Environment, SubnetTier } from "../../model/types.js";

export type NodeKind = "internet" | "edge" | "loadBalancer" | "service" | "database" | "nat" | "endpoints" | "aws" | "external";

export interface DiagramNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly title: string;
  /** Smaller lines under the title (rules, sizes, counts). */
  readonly lines: readonly string[];
  /** The group it sits in; `undefined` at the top level. */
  readonly group: string | undefined;
}

export interface DiagramGroup {
  readonly id: string;
  readonly title: string;
  readonly kind: "vpc" | "tier" | "aws" | "external";
  readonly parent: string | undefined;
}

export interface DiagramEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly label: string | undefined;
  readonly style: "solid" | "dashed";
  /** Laid out against the arrow, so the internet stays at the left: outbound traffic (NAT) points back to it. */
  readonly backward?: boolean;
}

export interface DiagramGraph {
  readonly title: string;
  readonly groups: readonly DiagramGroup[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

const TIER_TITLE: Readonly<Record<SubnetTier, string>> = { public: "Public subnets", private: "Private subnets", database: "Database subnets" };
const id = (...parts: string[]) => parts.join(":");
const mib = (n: number) => (n >= 1024 ? `${Math.round((n / 1024) * 100) / 100} GB` : `${n} MB`);

export function diagramGraph(env: Environment): DiagramGraph {
  const groups: DiagramGroup[] = [];
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const edge = (from: string, to: string, label?: string, style: "solid" | "dashed" = "solid", backward = false) =>
    edges.push({ id: `e${edges.length}`, from, to, label, style, ...(backward ? { backward } : {}) });
  const azs = env.network.azs.join(", ");

  nodes.push({ id: "internet", kind: "internet", title: "Internet", lines: env.domain ? [env.domain.name] : [], group: undefined });
  groups.push({ id: "vpc", title: `VPC ${env.network.cidr} · ${env.region}`, kind: "vpc", parent: undefined });
  for (const tier of env.network.tiers) groups.push({ id: id("tier", tier), title: `${TIER_TITLE[tier]} · ${azs}`, kind: "tier", parent: "vpc" });

  for (const lb of env.loadBalancers) {
    const lbId = id("lb", lb.key);
    const rules = lb.rules.map((r) => `${r.priority === 50000 ? "*" : [...r.hosts, ...r.paths].join(" ")} → ${r.service}`);
    const def = lb.defaultAction.kind === "fixed" ? [`default → ${lb.defaultAction.status}`] : [];
    nodes.push({
      id: lbId,
      kind: "loadBalancer",
      title: `${lb.internal ? "Internal" : "Internet-facing"} ALB ${lb.key}`,
      lines: [`${lb.https ? "HTTPS 443 (HTTP → 301)" : `HTTP ${lb.port}`}`, ...rules, ...def],
      group: id("tier", lb.subnetTier),
    });
    if (!lb.internal) {
      if (lb.cloudfront) {
        const cf = id("cloudfront", lb.key);
        nodes.push({ id: cf, kind: "edge", title: "CloudFront", lines: [lb.cloudfront.priceClass], group: undefined });
        edge("internet", cf, "HTTPS");
        edge(cf, lbId);
      } else edge("internet", lbId, lb.https ? "HTTPS" : "HTTP");
    }
    for (const s of env.services) {
      const paths = lb.rules.filter((r) => r.service === s.name);
      if (s.targets.some((t) => t.loadBalancer === lb.key)) edge(lbId, id("svc", s.name), paths.length > 0 ? `:${s.port}` : undefined);
    }
  }

  for (const s of env.services) {
    const tasks = s.autoscaling ? `${s.autoscaling.min}–${s.autoscaling.max} tasks` : `${s.desiredCount} ${s.desiredCount === 1 ? "task" : "tasks"}`;
    nodes.push({
      id: id("svc", s.name),
      kind: "service",
      title: `Service ${s.name}`,
      lines: [
        `${s.launch === "fargate" ? "Fargate" : `EC2 (${s.networkMode})`} · ${s.architecture} · ${tasks}`,
        `${Math.round((s.cpu / 1024) * 100) / 100} vCPU · ${mib(s.memory)} · port ${s.port}`,
      ],
      group: id("tier", s.subnetTier),
    });
    for (const lbKey of s.calls) edge(id("svc", s.name), id("lb", lbKey), "calls", "dashed");
    for (const use of s.databases) edge(id("svc", s.name), id("db", use.database), `:${use.port}`);
  }

  for (const d of env.databases) {
    const size = d.kind === "aurora" ? `${d.instances.length} × ${d.instanceClass}` : `${d.instanceClass} · ${d.storage?.allocatedGb ?? 0} GB gp3`;
    nodes.push({
      id: id("db", d.key),
      kind: "database",
      title: `${d.kind === "aurora" ? "Aurora" : "RDS"} ${d.key}`,
      lines: [`${d.engine} ${d.engineVersion}`, size, d.multiAz ? "Multi-AZ" : "single-AZ"],
      group: env.network.tiers.includes("database") ? id("tier", "database") : id("tier", "private"),
    });
  }

  const nats = env.network.nat === "none" ? [] : env.network.nat === "single" ? [env.network.azs[0]!] : env.network.azs;
  for (const az of nats) {
    nodes.push({ id: id("nat", az), kind: "nat", title: "NAT gateway", lines: [az], group: id("tier", "public") });
    edge(id("nat", az), "internet", undefined, "dashed", true);
  }
  const privateServices = env.services.filter((s) => s.subnetTier === "private" && s.egress === "internet");
  if (nats.length > 0) for (const s of privateServices) edge(id("svc", s.name), id("nat", nats[0]!), "egress", "dashed", true);
  if (env.network.endpoints.interface.length > 0) {
    nodes.push({
      id: "endpoints",
      kind: "endpoints",
      title: `${env.network.endpoints.interface.length} interface endpoints × ${env.network.azs.length} AZs`,
      lines: chunk(env.network.endpoints.interface, 3).map((c) => c.join(", ")),
      group: id("tier", "private"),
    });
  }

  // AWS services the environment uses, and what the config points at outside berth.
  groups.push({ id: "aws", title: `AWS services · ${env.region}`, kind: "aws", parent: undefined });
  if (env.repositories.length > 0) nodes.push({ id: "ecr", kind: "aws", title: "ECR", lines: env.repositories.map((r) => r.name), group: "aws" });
  nodes.push({
    id: "logs",
    kind: "aws",
    title: "CloudWatch Logs",
    lines: [`${env.services.length} log ${env.services.length === 1 ? "group" : "groups"}`],
    group: "aws",
  });
  const secretStores = new Set(env.services.flatMap((s) => s.secrets.map((x) => x.source)));
  if (env.databases.length > 0) secretStores.add("secretsmanager");
  if (secretStores.has("secretsmanager")) nodes.push({ id: "secretsmanager", kind: "aws", title: "Secrets Manager", lines: [], group: "aws" });
  if (secretStores.has("ssm")) nodes.push({ id: "ssm", kind: "aws", title: "SSM Parameter Store", lines: [], group: "aws" });
  for (const s of env.services) {
    if (s.image === undefined) edge(id("svc", s.name), "ecr", "pull", "dashed");
    for (const store of new Set(s.secrets.map((x) => x.source))) edge(id("svc", s.name), store, "secrets", "dashed");
  }

  const externals = externalDependencies(env);
  if (externals.length > 0) {
    groups.push({ id: "external", title: "Declared in the config, outside berth", kind: "external", parent: undefined });
    for (const x of externals) {
      nodes.push({ id: x.id, kind: "external", title: x.title, lines: [x.detail], group: "external" });
      for (const s of x.services) edge(id("svc", s), x.id, undefined, "dashed");
    }
  }
  return {
    title: `${env.prefix} (${env.tier}, ${env.region})`,
    groups: groups.filter((g) => nodes.some((n) => n.group === g.id) || g.id === "vpc"),
    nodes,
    edges,
  };
}

interface External {
  readonly id: string;
  readonly title: string;
  readonly detail: string;
  readonly services: string[];
}

/** Existing secrets and parameters, external images and resources named in permissions. */
function externalDependencies(env: Environment): External[] {
  const out = new Map<string, External>();
  const add = (key: string, title: string, detail: string, service: string) => {
    const x = out.get(key) ?? { id: `ext:${out.size}`, title, detail, services: [] };
    if (!x.services.includes(service)) x.services.push(service);
    out.set(key, x);
  };
  for (const s of env.services) {
    for (const r of s.secrets.filter((x) => !x.declared)) add(`${r.source}:${r.ref}`, r.source === "ssm" ? "SSM parameter" : "Secret", r.ref, s.name);
    if (s.image) add(`image:${s.image}`, "Image", s.image, s.name);
    for (const p of s.permissions) for (const arn of p.resources) add(`arn:${arn}`, arnService(arn), arn, s.name);
  }
  return [...out.values()];
}

const arnService = (arn: string) => (arn === "*" ? "Any resource" : (arn.split(":")[2] ?? "resource").toUpperCase());

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
