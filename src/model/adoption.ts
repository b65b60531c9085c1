/**
 * What `berth adopt` can import into an environment's stacks: for each resource that may already run,
 * the stack and Terraform address that render it, the AWS name the model gives it (which a live
 * resource must carry, or the first apply replaces it), and where the config sets that name.
 * The addresses are the renderers' (`test/adopt` checks each one exists in the rendered stacks).
 */
import type { ConfigPath } from "../errors.js";
import { serviceStackId, STACK, type StackId } from "./stack-ids.js";
import type { Environment, SubnetTier } from "./types.js";
import { ident } from "./wires.js";

export type AdoptionKind =
  | "vpc"
  | "subnet"
  | "cluster"
  | "load-balancer"
  | "listener"
  | "target-group"
  | "ecs-service"
  | "task-family"
  | "repository"
  | "log-group"
  | "db-instance"
  | "db-cluster"
  | "db-cluster-instance";

export interface AdoptionTarget {
  readonly kind: AdoptionKind;
  readonly stack: StackId;
  /** The resource's Terraform address in that stack, e.g. `aws_ecs_service.this`, `aws_subnet.private["eu-west-1a"]`. */
  readonly address: string;
  /**
   * The AWS name the stack gives the resource; null for resources without one (VPC, subnets, listeners).
   * A `task-family` is a name only: revisions are never imported, new ones join the family.
   */
  readonly name: string | null;
  /** Where the config sets that name (`environments.<env>.existing…`); null when it has none. */
  readonly namePath: ConfigPath | null;
  /** The service, load balancer or database key the resource belongs to. */
  readonly owner?: string;
  /** A subnet's tier, AZ and CIDR. */
  readonly subnet?: { readonly tier: SubnetTier; readonly az: string; readonly cidr: string };
  /** A listener's load balancer key and port. */
  readonly listener?: { readonly loadBalancer: string; readonly port: number };
  /** A target group's load balancer key. */
  readonly loadBalancer?: string;
  /**
   * The target whose resource this one references by an attribute that forces replacement (a subnet's VPC,
   * a listener's load balancer, a service's cluster): it is imported only with that one.
   */
  readonly after?: { readonly stack: StackId; readonly address: string };
  /**
   * A database's settings that AWS cannot change in place (a difference replaces it), and whether berth
   * encrypts it with a key of its own (`kms.rds`), which an existing database cannot take either.
   */
  readonly database?: { readonly key: string; readonly name: string; readonly username: string; readonly ownKey: boolean };
  /** The config names it (`existing`): only a resource of that name is the one. */
  readonly named?: true;
}

/**
 * Every resource of the environment's primary region that `berth adopt` may import, in stack order.
 * Not listed: what berth creates anew alongside (security groups, IAM roles, task definition revisions).
 */
export function adoptionTargets(env: Environment): AdoptionTarget[] {
  const existing: ConfigPath = ["environments", env.name, "existing"];
  const named = new Set(env.existingNames ?? []);
  return [...listTargets(env, existing).map((t) => (t.namePath && named.has(t.namePath.join(".")) ? { ...t, named: true as const } : t))];
}

function listTargets(env: Environment, existing: ConfigPath): AdoptionTarget[] {
  return [
    ...networkTargets(env),
    ...platformTargets(env, existing),
    ...dataTargets(env, existing),
    ...env.services.flatMap((s) => serviceTargets(env, s.name, existing)),
  ];
}

function networkTargets(env: Environment): AdoptionTarget[] {
  // An existing VPC (network.vpc) is referenced by id, never managed: nothing to adopt.
  if (env.network.existing) return [];
  return [
    { kind: "vpc", stack: STACK.network, address: "aws_vpc.this", name: null, namePath: null },
    ...env.network.subnets.map(
      (s): AdoptionTarget => ({
        kind: "subnet",
        stack: STACK.network,
        address: `aws_subnet.${s.tier}[${JSON.stringify(s.az)}]`,
        name: null,
        namePath: null,
        subnet: { tier: s.tier, az: s.az, cidr: s.cidr },
        after: { stack: STACK.network, address: "aws_vpc.this" },
      }),
    ),
  ];
}

function platformTargets(env: Environment, existing: ConfigPath): AdoptionTarget[] {
  const targets: AdoptionTarget[] = [
    { kind: "cluster", stack: STACK.platform, address: "aws_ecs_cluster.this", name: env.cluster.name, namePath: [...existing, "cluster"] },
  ];
  for (const lb of env.loadBalancers) {
    const id = ident(lb.key);
    targets.push({
      kind: "load-balancer",
      stack: STACK.platform,
      address: `aws_lb.${id}`,
      name: lb.name,
      namePath: [...existing, "loadBalancers", lb.key],
      owner: lb.key,
    });
    const listener = (address: string, port: number): AdoptionTarget => ({
      kind: "listener",
      stack: STACK.platform,
      address,
      name: null,
      namePath: null,
      owner: lb.key,
      listener: { loadBalancer: lb.key, port },
      after: { stack: STACK.platform, address: `aws_lb.${id}` },
    });
    if (lb.https) targets.push(listener(`aws_lb_listener.${id}`, lb.https.port), listener(`aws_lb_listener.${id}_redirect`, lb.port));
    else targets.push(listener(`aws_lb_listener.${id}`, lb.port));
  }
  for (const r of env.repositories) {
    if (r.service.startsWith("function-")) continue;
    targets.push({
      kind: "repository",
      stack: STACK.platform,
      address: `aws_ecr_repository.${ident(r.service)}`,
      name: r.name,
      namePath: [...existing, "services", r.service, "repository"],
      owner: r.service,
    });
  }
  return targets;
}

function dataTargets(env: Environment, existing: ConfigPath): AdoptionTarget[] {
  return env.databases
    .filter((d) => !d.global)
    .flatMap((d): AdoptionTarget[] => {
      const at = [...existing, "databases", d.key];
      const cluster = `aws_rds_cluster.${ident(d.key)}`;
      const database = { key: d.key, name: d.databaseName, username: d.username, ownKey: env.kms.rds !== null };
      if (d.kind !== "aurora")
        return [
          {
            kind: "db-instance",
            stack: STACK.data,
            address: `aws_db_instance.${ident(d.key)}`,
            name: d.identifier,
            namePath: [...at, "identifier"],
            owner: d.key,
            database,
          },
        ];
      return [
        { kind: "db-cluster", stack: STACK.data, address: cluster, name: d.identifier, namePath: [...at, "identifier"], owner: d.key, database },
        ...d.instances.map(
          (i, n): AdoptionTarget => ({
            kind: "db-cluster-instance",
            stack: STACK.data,
            address: `aws_rds_cluster_instance.${ident(d.key)}[${JSON.stringify(i.identifier)}]`,
            name: i.identifier,
            namePath: [...at, "instances", n],
            owner: d.key,
            after: { stack: STACK.data, address: cluster },
          }),
        ),
      ];
    });
}

function serviceTargets(env: Environment, name: string, existing: ConfigPath): AdoptionTarget[] {
  const s = env.services.find((x) => x.name === name)!;
  const stack = serviceStackId(s.name);
  const at = [...existing, "services", s.name];
  return [
    ...(s.kind === "job"
      ? []
      : [
          {
            kind: "ecs-service" as const,
            stack,
            address: "aws_ecs_service.this",
            name: s.serviceName,
            namePath: [...at, "service"],
            owner: s.name,
            after: { stack: STACK.platform, address: "aws_ecs_cluster.this" },
          },
        ]),
    { kind: "task-family", stack, address: "aws_ecs_task_definition.this", name: s.family, namePath: [...at, "taskFamily"], owner: s.name },
    { kind: "log-group", stack, address: "aws_cloudwatch_log_group.this", name: s.logGroup, namePath: [...at, "logGroup"], owner: s.name },
    ...s.targets.map(
      (t): AdoptionTarget => ({
        kind: "target-group",
        stack,
        address: `aws_lb_target_group.${ident(t.loadBalancer)}`,
        name: t.targetGroupName,
        namePath: [...at, "targetGroups", t.loadBalancer],
        owner: s.name,
        loadBalancer: t.loadBalancer,
        // In an existing VPC (network.vpc) the VPC id is given, so nothing forces a replacement.
        ...(env.network.existing ? {} : { after: { stack: STACK.network, address: "aws_vpc.this" } }),
      }),
    ),
  ];
}
