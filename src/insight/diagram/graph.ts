/**
 * The architecture of one environment as a graph, from the model: the internet (and CloudFront, the
 * domain) → load balancers with their rules (network load balancers with their listeners) → services grouped by subnet tier (AZs named on the tier)
 * → databases; HTTP APIs with their routes → Lambda functions; queues (with their dead-letter queues),
 * topics, schedules and the EventBridge rules that trigger functions; NAT gateways per AZ and interface
 * endpoints; the AWS services and external resources the config declares (existing secrets and
 * parameters, external images, ARNs in permissions). An environment with a recovery region draws each
 * region as a group of its own, with the replication between them (Aurora global, ECR, RDS backups) and
 * the Route 53 failover records; static sites as CloudFront in front of their buckets. Pure; the layout, SVG and Mermaid read this graph.
 */
import type { Environment, SubnetTier } from "../../model/types.js";

export type NodeKind =
  | "internet"
  | "edge"
  | "loadBalancer"
  | "service"
  | "database"
  | "nat"
  | "endpoints"
  | "aws"
  | "external"
  | "function"
  | "api"
  | "queue"
  | "topic"
  | "schedule"
  | "backups";

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
  readonly kind: "region" | "vpc" | "tier" | "aws" | "serverless" | "messaging" | "external";
  /** How it is drawn: the kind, or `tier:<tier>` for a subnet tier. */
  readonly style: string;
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
const mib = (n: number) => (n >= 1024 ? `${Math.round((n / 1024) * 100) / 100} GB` : `${n} MB`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The graph being built: shared by the regions of one environment. */
class Builder {
  readonly groups: DiagramGroup[] = [];
  readonly nodes: DiagramNode[] = [];
  readonly edges: DiagramEdge[] = [];
  edge(from: string, to: string, label?: string, style: "solid" | "dashed" = "solid", backward = false): void {
    this.edges.push({ id: `e${this.edges.length}`, from, to, label, style, ...(backward ? { backward } : {}) });
  }
}

export function diagramGraph(env: Environment): DiagramGraph {
  const b = new Builder();
  b.nodes.push({ id: "internet", kind: "internet", title: "Internet", lines: env.domain ? [env.domain.name] : [], group: undefined });
  const multiRegion = env.recovery.length > 0;
  region(b, env, "", multiRegion ? `region:${env.region}` : undefined, "primary");
  sites(b, env);
  for (const r of env.recovery) {
    const prefix = `${r.region}/`;
    region(b, r, prefix, `region:${r.region}`, "recovery");
    replication(b, env, r, prefix);
  }
  for (const db of env.databases) {
    const to = db.backupReplication?.region;
    if (!to) continue;
    const regionGroup = `region:${to}`;
    if (!b.groups.some((g) => g.id === regionGroup))
      b.groups.push({ id: regionGroup, title: `${to} · backup copies`, kind: "region", style: "region", parent: undefined });
    const node = `${to}/backups:${db.key}`;
    b.nodes.push({ id: node, kind: "backups", title: `Automated backups of ${db.key}`, lines: [`replicated to ${to}`], group: regionGroup });
    b.edge(`db:${db.key}`, node, "backup replication", "dashed");
  }
  return {
    title: `${env.prefix} (${env.tier}, ${[env.region, ...env.recovery.map((r) => r.region)].join(" + ")})`,
    groups: b.groups.filter((g) => b.nodes.some((n) => n.group === g.id) || b.groups.some((c) => c.parent === g.id) || g.kind === "vpc"),
    nodes: b.nodes,
    edges: b.edges,
  };
}

/** Replication from the primary into a recovery region: Aurora global clusters, ECR repositories. */
function replication(b: Builder, primary: Environment, recovery: Environment, prefix: string): void {
  for (const db of primary.databases) {
    if (db.global && recovery.databases.some((d) => d.key === db.key)) b.edge(`db:${db.key}`, `${prefix}db:${db.key}`, "Aurora global replication", "dashed");
  }
  if (primary.repositories.length > 0 && recovery.repositories.length > 0) b.edge("ecr", `${prefix}ecr`, "ECR replication", "dashed");
}

/** One region of the environment: its VPC, services, data, serverless and messaging parts, AWS services. */
function region(b: Builder, env: Environment, prefix: string, regionGroup: string | undefined, role: "primary" | "recovery"): void {
  const id = (...parts: string[]) => prefix + parts.join(":");
  const edge = b.edge.bind(b);
  const { groups, nodes } = b;
  // An existing VPC's AZ names are not berth's to know: its tiers show how many there are.
  const azs = env.network.existing ? `${env.network.azs.length} AZs` : env.network.azs.join(", ");
  if (regionGroup)
    groups.push({
      id: regionGroup,
      title: `${env.region} · ${role === "primary" ? "primary region" : "recovery region"}`,
      kind: "region",
      style: "region",
      parent: undefined,
    });

  const vpc = id("vpc");
  const vpcTitle = env.network.existing ? `existing VPC ${env.network.existing.id} ${env.network.cidr}` : `VPC ${env.network.cidr}`;
  groups.push({ id: vpc, title: `${vpcTitle} · ${env.region}`, kind: "vpc", style: "vpc", parent: regionGroup });
  for (const tier of env.network.tiers)
    groups.push({ id: id("tier", tier), title: `${TIER_TITLE[tier]} · ${azs}`, kind: "tier", style: `tier:${tier}`, parent: vpc });

  for (const lb of env.loadBalancers) {
    const lbId = id("lb", lb.key);
    const rules = lb.rules.map((r) => `${r.priority === 50000 ? "*" : [...r.hosts, ...r.paths].join(" ")} → ${r.service}`);
    const def = lb.defaultAction.kind === "fixed" ? [`default → ${lb.defaultAction.status}`] : [];
    nodes.push({
      id: lbId,
      kind: "loadBalancer",
      title: `${lb.internal ? "Internal" : "Internet-facing"} ALB ${lb.key}`,
      lines: [`${lb.https ? "HTTPS 443 (HTTP → 301)" : `HTTP ${lb.port}`}`, ...rules, ...def, ...(lb.waf ? [`WAF ${lb.waf.name}`] : [])],
      group: id("tier", lb.subnetTier),
    });
    if (!lb.internal) {
      const regional = lb.https?.regional;
      const routed = regional ? ` (${regional.routing} ${regional.role.toLowerCase()})` : "";
      if (lb.cloudfront) {
        const cf = id("cloudfront", lb.key);
        nodes.push({ id: cf, kind: "edge", title: "CloudFront", lines: [lb.cloudfront.priceClass], group: undefined });
        edge("internet", cf, "HTTPS");
        edge(cf, lbId);
      } else edge("internet", lbId, `${lb.https ? "HTTPS" : "HTTP"}${routed}`);
    }
    for (const s of env.services) {
      const paths = lb.rules.filter((r) => r.service === s.name);
      if (s.targets.some((t) => t.loadBalancer === lb.key)) edge(lbId, id("svc", s.name), paths.length > 0 && s.port !== null ? `:${s.port}` : undefined);
    }
  }

  for (const nlb of env.networkLoadBalancers) {
    const nlbId = id("nlb", nlb.key);
    nodes.push({
      id: nlbId,
      kind: "loadBalancer",
      title: `${nlb.internal ? "Internal" : "Internet-facing"} NLB ${nlb.key}`,
      lines: nlb.listeners.map((l) => `${l.protocol} ${l.port} → ${l.service}`),
      group: id("tier", nlb.subnetTier),
    });
    if (!nlb.internal) edge("internet", nlbId, [...new Set(nlb.listeners.map((l) => l.protocol))].join(", ") || undefined);
    for (const service of [...new Set(nlb.listeners.map((l) => l.service))]) {
      const ports = nlb.listeners.filter((l) => l.service === service).map((l) => `:${l.targetPort}`);
      edge(nlbId, id("svc", service), [...new Set(ports)].join(" "));
    }
  }

  for (const s of env.services) {
    const tasks = s.autoscaling ? `${s.autoscaling.min}–${s.autoscaling.max} tasks` : plural(s.desiredCount, "task");
    const purpose =
      s.kind === "worker" && s.worker ? `worker of ${s.worker.queue}` : s.kind === "job" ? "scheduled job" : s.port !== null ? `port ${s.port}` : "no port";
    nodes.push({
      id: id("svc", s.name),
      kind: "service",
      title: `${s.kind === "job" ? "Job" : s.kind === "worker" ? "Worker" : "Service"} ${s.name}`,
      lines: [
        `${s.launch === "fargate" ? "Fargate" : `EC2 (${s.networkMode})`} · ${s.architecture}${s.kind === "job" ? "" : ` · ${tasks}`}`,
        `${Math.round((s.cpu / 1024) * 100) / 100} vCPU · ${mib(s.memory)} · ${purpose}`,
      ],
      group: id("tier", s.subnetTier),
    });
    for (const lbKey of s.calls) edge(id("svc", s.name), id("lb", lbKey), "calls", "dashed");
    for (const use of s.databases) edge(id("svc", s.name), id("db", use.database), `:${use.port}`);
  }

  for (const d of env.databases) {
    const size = d.kind === "aurora" ? `${d.instances.length} × ${d.instanceClass}` : `${d.instanceClass} · ${d.storage?.allocatedGb ?? 0} GB gp3`;
    const global = d.global ? [`global ${d.global.identifier} (${d.global.secondary ? "secondary" : "primary"})`] : [];
    nodes.push({
      id: id("db", d.key),
      kind: "database",
      title: `${d.kind === "aurora" ? "Aurora" : "RDS"} ${d.key}`,
      lines: [`${d.engine} ${d.engineVersion}`, size, d.multiAz ? "Multi-AZ" : "single-AZ", ...global],
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
      id: id("endpoints"),
      kind: "endpoints",
      title: `${env.network.endpoints.interface.length} interface endpoints × ${env.network.azs.length} AZs`,
      lines: chunk(env.network.endpoints.interface, 3).map((c) => c.join(", ")),
      group: id("tier", "private"),
    });
  }

  serverless(b, env, id, regionGroup);
  messaging(b, env, id, regionGroup);

  // AWS services the environment uses, and what the config points at outside berth.
  const aws = id("aws");
  groups.push({ id: aws, title: `AWS services · ${env.region}`, kind: "aws", style: "aws", parent: regionGroup });
  if (env.repositories.length > 0) nodes.push({ id: id("ecr"), kind: "aws", title: "ECR", lines: env.repositories.map((r) => r.name), group: aws });
  const logGroups = env.services.length + env.functions.length + env.httpApis.length;
  nodes.push({ id: id("logs"), kind: "aws", title: "CloudWatch Logs", lines: [plural(logGroups, "log group")], group: aws });
  const secretStores = new Set([
    ...env.services.flatMap((s) => s.secrets.map((x) => x.source)),
    ...env.functions.flatMap((f) => f.secrets.map((x) => x.source)),
  ]);
  if (env.databases.length > 0) secretStores.add("secretsmanager");
  if (secretStores.has("secretsmanager")) nodes.push({ id: id("secretsmanager"), kind: "aws", title: "Secrets Manager", lines: [], group: aws });
  if (secretStores.has("ssm")) nodes.push({ id: id("ssm"), kind: "aws", title: "SSM Parameter Store", lines: [], group: aws });
  for (const s of env.services) {
    if (s.image === undefined) edge(id("svc", s.name), id("ecr"), "pull", "dashed");
    for (const store of new Set(s.secrets.map((x) => x.source))) edge(id("svc", s.name), id(store), "secrets", "dashed");
  }
  for (const f of env.functions) for (const store of new Set(f.secrets.map((x) => x.source))) edge(id("fn", f.key), id(store), "secrets", "dashed");

  const externals = externalDependencies(env);
  if (externals.length > 0) {
    const ext = id("external");
    groups.push({ id: ext, title: "Declared in the config, outside berth", kind: "external", style: "external", parent: regionGroup });
    for (const x of externals) {
      nodes.push({ id: id(x.id), kind: "external", title: x.title, lines: [x.detail], group: ext });
      for (const s of x.services) edge(id("svc", s), id(x.id), undefined, "dashed");
    }
  }
}

/** Static sites: CloudFront (global, outside any region) in front of each site's private bucket. */
function sites(b: Builder, env: Environment): void {
  for (const site of env.sites) {
    const cdn = `site:${site.key}`;
    const bucket = `site-bucket:${site.key}`;
    b.nodes.push({
      id: cdn,
      kind: "edge",
      title: `CloudFront · site ${site.key}`,
      lines: [site.domainName ?? "*.cloudfront.net", ...(site.spa ? ["single-page app"] : []), site.priceClass],
      group: undefined,
    });
    b.nodes.push({ id: bucket, kind: "aws", title: `S3 ${site.bucket}`, lines: [`files of ${site.dir}`], group: undefined });
    b.edge("internet", cdn, "HTTPS");
    b.edge(cdn, bucket, "origin access control");
  }
}

/** HTTP APIs with their routes, Lambda functions (in the private subnets when in the VPC), their EventBridge rules, job schedules. */
function serverless(b: Builder, env: Environment, id: (...parts: string[]) => string, regionGroup: string | undefined): void {
  const group = id("serverless");
  b.groups.push({ id: group, title: `Serverless · ${env.region}`, kind: "serverless", style: "serverless", parent: regionGroup });
  for (const api of env.httpApis) {
    const node = id("api", api.key);
    b.nodes.push({
      id: node,
      kind: "api",
      title: `HTTP API ${api.key}`,
      lines: [
        ...(api.domainName ? [api.domainName] : []),
        ...api.routes.map((r) => `${r.key} → ${r.function}`),
        `throttle ${api.throttle.rate}/s, burst ${api.throttle.burst}`,
      ],
      group,
    });
    b.edge("internet", node, "HTTPS");
    for (const fn of [...new Set(api.routes.map((r) => r.function))]) b.edge(node, id("fn", fn), "invoke");
  }
  for (const f of env.functions) {
    const node = id("fn", f.key);
    b.nodes.push({
      id: node,
      kind: "function",
      title: `Function ${f.key}`,
      lines: [
        `Lambda · ${f.image ? "image" : f.runtime} · ${f.architecture}`,
        `${mib(f.memory)} · ${f.timeoutSeconds} s${f.reservedConcurrency >= 0 ? ` · ${f.reservedConcurrency} reserved` : ""}`,
      ],
      group: f.vpc && env.network.tiers.includes("private") ? id("tier", "private") : group,
    });
    for (const use of f.databases) b.edge(node, id("db", use.database), `:${use.port}`);
    for (const use of f.queues) if (use.send) b.edge(node, id("queue", use.queue), "send");
    for (const use of f.topics) b.edge(node, id("topic", use.topic), "publish");
    if (f.queueTrigger) b.edge(id("queue", f.queueTrigger.queue), node, `batch ${f.queueTrigger.batchSize}`);
    f.events.forEach((rule, i) => {
      const ruleNode = id("rule", f.key, String(i));
      const what = rule.schedule ?? `pattern on ${rule.bus}`;
      b.nodes.push({ id: ruleNode, kind: "schedule", title: "EventBridge rule", lines: [what], group });
      b.edge(ruleNode, node, "invoke");
    });
  }
  for (const s of env.services) {
    if (!s.schedule) continue;
    const node = id("schedule", s.name);
    b.nodes.push({
      id: node,
      kind: "schedule",
      title: `Schedule ${s.name}`,
      lines: [
        s.schedule.expression,
        s.schedule.timezone,
        `Step Functions · ${plural(s.schedule.retries, "retry", "retries")}${s.schedule.enabled ? "" : " · disabled"}`,
      ],
      group,
    });
    b.edge(node, id("svc", s.name), "run task");
  }
}

/** Queues with their dead-letter queues, topics with their subscriptions, and who sends, publishes and consumes. */
function messaging(b: Builder, env: Environment, id: (...parts: string[]) => string, regionGroup: string | undefined): void {
  const group = id("messaging");
  b.groups.push({ id: group, title: `Messaging · ${env.region}`, kind: "messaging", style: "messaging", parent: regionGroup });
  for (const q of env.queues) {
    b.nodes.push({
      id: id("queue", q.key),
      kind: "queue",
      title: `Queue ${q.key}`,
      lines: ["SQS standard", ...(q.deadLetter ? [`DLQ ${q.deadLetter.name} after ${plural(q.deadLetter.maxReceives, "receive")}`] : ["no dead-letter queue"])],
      group,
    });
  }
  for (const t of env.topics) {
    b.nodes.push({ id: id("topic", t.key), kind: "topic", title: `Topic ${t.key}`, lines: [`SNS · ${plural(t.subscriptions.length, "subscription")}`], group });
    for (const sub of t.subscriptions) b.edge(id("topic", t.key), id("queue", sub.queue), sub.filter ? "filtered" : undefined);
  }
  for (const s of env.services) {
    for (const use of s.queues) {
      if (use.send) b.edge(id("svc", s.name), id("queue", use.queue), "send");
      if (use.consume) b.edge(id("queue", use.queue), id("svc", s.name), "consume");
    }
    for (const use of s.topics) b.edge(id("svc", s.name), id("topic", use.topic), "publish");
  }
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
