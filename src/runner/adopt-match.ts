/**
 * Matches what runs (`adopt-discover.ts`) to what the model renders (`model/adoption.ts`), pure:
 * 1. each adoption target takes the discovered resources of its kind that fit it: by the name the model
 *    gives it first, else by owner (the `copilot-service` tag, a subnet's CIDR and AZ, a load balancer's
 *    scheme, a listener's load balancer and port, a log group's Copilot name);
 * 2. one candidate is adopted when its name is the model's (or the kind has none); a different name is a
 *    name to set in `environments.<env>.existing`, not an import (Terraform would replace it);
 *    A database must also match in what AWS cannot change in place (database name, master user) and
 *    not need berth's own KMS key: those are settings to set, the same way; an unencrypted one cannot
 *    be kept (berth encrypts every database) and is not adoptable;
 * 3. two candidates are ambiguous and never guessed; none is not found;
 * 4. a resource that depends on another (`after`) waits until that one is adopted: importing a listener
 *    onto a load balancer berth would replace would replace the listener too;
 * 5. what was discovered and fits no target is reported as not adoptable, with the reason.
 */
import type { AdoptionKind, AdoptionTarget } from "../model/adoption.js";
import type { ConfigPath } from "../errors.js";
import type { Discovered, DiscoveredKind } from "./adopt-discover.js";

export interface Adopted {
  readonly target: AdoptionTarget;
  readonly resource: Discovered;
  /** The id `terraform import` takes for the target's resource type. */
  readonly id: string;
}

/** A name (under `existing`) or a database setting the config must have for the resource to be kept. */
export interface NameToSet {
  readonly target: AdoptionTarget;
  readonly resource: Discovered;
  readonly path: ConfigPath;
  readonly value: string | boolean;
}

export interface AdoptionPlan {
  readonly adopted: readonly Adopted[];
  readonly names: readonly NameToSet[];
  readonly notFound: readonly AdoptionTarget[];
  readonly ambiguous: readonly { readonly target: AdoptionTarget; readonly candidates: readonly Discovered[] }[];
  readonly notAdoptable: readonly { readonly resource: Discovered; readonly reason: string }[];
  /** Found, but imported only with the resource it depends on (`AdoptionTarget.after`), which is not adopted yet. */
  readonly waiting: readonly { readonly target: AdoptionTarget; readonly resource: Discovered; readonly after: string }[];
}

export interface MatchContext {
  /** Copilot application and environment: Copilot's log groups are `/copilot/<app>-<env>-<service>`. */
  readonly app: string;
  readonly env: string;
  /** Load balancer keys that are internal (the others face the internet). */
  readonly internal: ReadonlySet<string>;
  /** Ids the config uses as they are, never imported: an existing VPC and its subnets (`network.vpc`). */
  readonly referenced?: ReadonlySet<string>;
}

const KIND: Record<AdoptionKind, DiscoveredKind> = {
  vpc: "vpc",
  subnet: "subnet",
  cluster: "cluster",
  "load-balancer": "load-balancer",
  listener: "listener",
  "target-group": "target-group",
  "ecs-service": "ecs-service",
  "task-family": "task-definition",
  repository: "repository",
  "log-group": "log-group",
  "db-instance": "db-instance",
  "db-cluster": "db-cluster",
  "db-cluster-instance": "db-instance",
};

/** The id Terraform's import takes, per resource type (the AWS provider's import docs). */
export function importId(kind: AdoptionKind, r: Discovered): string {
  switch (kind) {
    case "load-balancer":
    case "listener":
    case "target-group":
      return r.arn;
    case "ecs-service":
      return `${r.cluster ?? ""}/${r.name}`;
    default:
      // VPC and subnet ids, cluster, repository and log group names, DB identifiers.
      return r.name;
  }
}

export function matchAdoption(targets: readonly AdoptionTarget[], found: readonly Discovered[], ctx: MatchContext): AdoptionPlan {
  const adopted: Adopted[] = [];
  const names: NameToSet[] = [];
  const notFound: AdoptionTarget[] = [];
  const ambiguous: { target: AdoptionTarget; candidates: Discovered[] }[] = [];
  const used = new Set<Discovered>();
  const shown = new Set<Discovered>();
  const unencrypted = new Set<Discovered>();
  // Load balancers first: listeners and target groups are matched through the load balancer they belong to.
  const lbOf = new Map<string, Discovered>();
  // Aurora clusters too: their instances are matched through the cluster they are in.
  const clusterOf = new Map<string, Discovered>();
  const order = [...targets].sort((a, b) => rank(a.kind) - rank(b.kind));
  for (const target of order) {
    const candidates = candidatesFor(target, found, ctx, lbOf, clusterOf).filter((c) => !used.has(c));
    if (candidates.length === 0) {
      // No family to join: berth's first revision starts its own, which replaces nothing.
      if (target.kind !== "task-family") notFound.push(target);
      continue;
    }
    if (candidates.length > 1) {
      ambiguous.push({ target, candidates });
      candidates.forEach((c) => shown.add(c));
      continue;
    }
    const resource = candidates[0]!;
    used.add(resource);
    if (target.kind === "task-family") found.filter((r) => r.kind === "task-definition" && r.name === resource.name).forEach((r) => used.add(r));
    if (target.kind === "load-balancer" && target.owner) lbOf.set(target.owner, resource);
    if (target.kind === "db-cluster" && target.owner) clusterOf.set(target.owner, resource);
    if (target.database && resource.db?.encrypted === false) {
      unencrypted.add(resource);
      continue;
    }
    const settings = [
      ...(target.name !== null && target.namePath && resource.name !== target.name ? [{ target, resource, path: target.namePath, value: resource.name }] : []),
      ...databaseSettings(target, resource),
    ];
    if (settings.length > 0) {
      names.push(...settings);
      continue;
    }
    // A family is kept by name; its revisions are not imported.
    if (target.kind !== "task-family") adopted.push({ target, resource, id: importId(target.kind, resource) });
  }
  const byOrder = (a: { target: AdoptionTarget }, b: { target: AdoptionTarget }) => targets.indexOf(a.target) - targets.indexOf(b.target);
  const { ready, waiting } = afterDependencies(adopted);
  return {
    waiting: waiting.sort(byOrder),
    adopted: ready.sort(byOrder),
    // One setting for several databases (`kms.rds`) is listed once.
    names: names.sort(byOrder).filter((n, i, all) => all.findIndex((m) => m.path.join(".") === n.path.join(".")) === i),
    notFound: notFound.sort((a, b) => targets.indexOf(a) - targets.indexOf(b)),
    ambiguous: ambiguous.sort(byOrder),
    notAdoptable: found
      .filter((r) => (!used.has(r) && !shown.has(r)) || unencrypted.has(r))
      .map((resource) => ({
        resource,
        reason: unencrypted.has(resource)
          ? "its storage is not encrypted, which AWS cannot turn on in place, and berth encrypts every database: restore an encrypted copy of a snapshot first"
          : ctx.referenced?.has(resource.name)
            ? "the config uses it as it is (network.vpc): berth refers to it by id and never manages it"
            : whyNot(resource, targets),
      })),
  };
}

/** What a database's config must say for the running one to be kept: its database name, master user, and no key of berth's own. */
function databaseSettings(target: AdoptionTarget, resource: Discovered): NameToSet[] {
  const d = target.database;
  if (!d || !resource.db || !target.namePath) return [];
  const env = target.namePath.slice(0, 2);
  const set = (path: ConfigPath, value: string | boolean): NameToSet => ({ target, resource, path: [...env, ...path], value });
  return [
    ...(resource.db.name !== undefined && resource.db.name !== d.name ? [set(["databases", d.key, "name"], resource.db.name)] : []),
    ...(resource.db.username !== undefined && resource.db.username !== d.username ? [set(["databases", d.key, "username"], resource.db.username)] : []),
    // berth's own key would be a new key, and RDS cannot re-encrypt in place: keep the database's key.
    ...(d.ownKey && resource.db.encrypted !== false ? [set(["kms", "rds"], false)] : []),
  ];
}

/** Splits the matches into those whose dependencies are adopted too (repeatedly, so a chain waits as a whole) and the others. */
function afterDependencies(adopted: readonly Adopted[]): { ready: Adopted[]; waiting: { target: AdoptionTarget; resource: Discovered; after: string }[] } {
  let ready = [...adopted];
  const waiting: { target: AdoptionTarget; resource: Discovered; after: string }[] = [];
  for (;;) {
    const keys = new Set(ready.map((a) => `${a.target.stack} ${a.target.address}`));
    const blocked = ready.filter((a) => a.target.after && !keys.has(`${a.target.after.stack} ${a.target.after.address}`));
    if (blocked.length === 0) return { ready, waiting };
    for (const a of blocked) waiting.push({ target: a.target, resource: a.resource, after: `${a.target.after!.stack}: ${a.target.after!.address}` });
    ready = ready.filter((a) => !blocked.includes(a));
  }
}

const RANK: readonly AdoptionKind[] = ["load-balancer", "db-cluster"];
const rank = (k: AdoptionKind): number => (RANK.includes(k) ? 0 : 1);

function candidatesFor(
  target: AdoptionTarget,
  found: readonly Discovered[],
  ctx: MatchContext,
  lbOf: ReadonlyMap<string, Discovered>,
  clusterOf: ReadonlyMap<string, Discovered>,
): Discovered[] {
  const all = found.filter((r) => r.kind === KIND[target.kind]);
  // A family is listed once per revision: one family is one candidate.
  const ofKind = target.kind === "task-family" ? all.filter((r, i) => all.findIndex((x) => x.name === r.name) === i) : all;
  if (target.name !== null) {
    const byName = ofKind.filter((r) => r.name === target.name);
    if (byName.length > 0 || target.named) return byName;
  }
  switch (target.kind) {
    case "vpc":
    case "cluster":
      return ofKind;
    case "subnet":
      return ofKind.filter((r) => r.cidr === target.subnet?.cidr && r.az === target.subnet?.az);
    case "load-balancer":
      return ofKind.filter((r) => r.internal === ctx.internal.has(target.owner ?? ""));
    case "listener": {
      const lb = lbOf.get(target.listener?.loadBalancer ?? "");
      return lb ? ofKind.filter((r) => r.loadBalancerArns?.includes(lb.arn) && r.port === target.listener?.port) : [];
    }
    case "target-group": {
      const mine = ofKind.filter((r) => r.service === target.owner);
      const lb = lbOf.get(target.loadBalancer ?? "");
      const behind = lb ? mine.filter((r) => r.loadBalancerArns?.includes(lb.arn)) : [];
      return behind.length > 0 ? behind : mine;
    }
    case "ecs-service":
    case "repository":
      return ofKind.filter((r) => r.service === target.owner);
    case "task-family":
      return ofKind.filter((r) => r.service === target.owner);
    case "log-group":
      return ofKind.filter((r) => r.name === `/copilot/${ctx.app}-${ctx.env}-${target.owner}`);
    // Addons name their databases themselves: with two of a kind both targets see both, which is ambiguous.
    case "db-instance":
      return ofKind.filter((r) => r.dbCluster === undefined);
    case "db-cluster":
      return ofKind;
    // Instances of the matched cluster: one is the one; of several, which is the writer is the user's to say.
    case "db-cluster-instance": {
      const cluster = clusterOf.get(target.owner ?? "");
      return cluster ? ofKind.filter((r) => r.dbCluster === cluster.name) : [];
    }
  }
}

/** Why berth creates its own instead, by AWS service, for what Copilot tags beside the adoptable resources. */
const OTHER: Record<string, (r: Discovered) => string> = {
  ec2: (r) =>
    r.name.startsWith("security-group/")
      ? "berth creates its own security groups (they reference each other by id)"
      : `berth does not import ec2:${r.name.split("/")[0]} resources`,
  iam: () => "berth creates its own least-privilege IAM roles",
  states: () => "berth runs a job through its own schedule and state machine: disable Copilot's once berth's is applied, or the job runs twice",
  events: () => "berth schedules jobs with EventBridge Scheduler: disable this rule once berth's schedule is applied, or the job runs twice",
  sqs: () => "berth creates its own queues; messages still in this one are not moved",
  sns: () => "berth creates its own topics; subscribers of this one are not moved",
  secretsmanager: () => "berth reads secrets by name and does not manage their values",
  ssm: () => "berth reads parameters by name and does not manage their values",
};

function whyNot(r: Discovered, targets: readonly AdoptionTarget[]): string {
  switch (r.kind) {
    case "network-load-balancer":
      return "network load balancers are not adopted yet; berth creates its own (its name and DNS name will differ)";
    case "db-instance":
      if (r.dbCluster)
        return `an instance of Aurora cluster ${r.dbCluster} that no instance of the config takes: raise the database's instances and name it under existing, or delete it once berth's are up`;
      break;
    case "task-definition":
      return "a task definition revision never changes; berth registers new revisions in the service's family";
    case "other":
      return OTHER[r.arn.split(":")[2] ?? ""]?.(r) ?? `berth does not import ${r.arn.split(":")[2]}:${r.name.split(/[/:]/)[0]} resources`;
  }
  const kind = Object.entries(KIND).find(([, v]) => v === r.kind)?.[0];
  return targets.some((t) => t.kind === kind)
    ? "matches no resource of the config (another service, subnet or load balancer than berth's plan has)"
    : "the config has no resource of this kind";
}
