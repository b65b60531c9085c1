/**
 * What already runs for an environment, through the AWS CLI: the resources Copilot tagged
 * (`copilot-application`, `copilot-environment`, `copilot-service`) from the tagging API, then the
 * describe calls that give what matching needs (subnet CIDRs and AZs, load balancer schemes, listener
 * ports, the load balancers of target groups, log groups by name).
 */
import { UsageError } from "../errors.js";
import { type AwsCli, AwsCliError, runAws } from "./aws-cli.js";

export type DiscoveredKind =
  | "vpc"
  | "subnet"
  | "cluster"
  | "ecs-service"
  | "task-definition"
  | "load-balancer"
  | "network-load-balancer"
  | "listener"
  | "target-group"
  | "repository"
  | "log-group"
  | "db-instance"
  | "db-cluster"
  | "other";

export interface Discovered {
  readonly kind: DiscoveredKind;
  readonly arn: string;
  /** The resource's name or id as AWS shows it (`vpc-…`, a cluster name, a repository name…). */
  readonly name: string;
  /** The Copilot service it belongs to (`copilot-service`), when tagged with one. */
  readonly service?: string;
  /** Subnets: CIDR and AZ. */
  readonly cidr?: string;
  readonly az?: string;
  /** Load balancers: internal or internet-facing. */
  readonly internal?: boolean;
  /** Listeners: port and load balancer ARN. Target groups: the load balancers that forward to them. */
  readonly port?: number;
  readonly loadBalancerArns?: readonly string[];
  /** ECS services: the cluster's name. */
  readonly cluster?: string;
  /** DB instances: the Aurora cluster they belong to. */
  readonly dbCluster?: string;
  /** RDS instances and Aurora clusters: settings a change of would replace them. */
  readonly db?: {
    readonly name?: string;
    readonly username?: string;
    readonly encrypted?: boolean;
  };
}

export interface DiscoverOptions {
  /** Copilot application name (`copilot-application`). */
  readonly app: string;
  /** Copilot environment name (`copilot-environment`). */
  readonly env: string;
  readonly region: string;
}

interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** Everything of the application's environment (and the application-wide repositories), described. */
export async function discover(aws: AwsCli, opts: DiscoverOptions): Promise<Discovered[]> {
  const call = async <T>(args: string[]): Promise<T> => JSON.parse(await runAws(aws, args, opts.region)) as T;
  await checkCredentials(() => call(["sts", "get-caller-identity"]));
  const tagged = await call<{ ResourceTagMappingList?: { ResourceARN: string; Tags?: Tag[] }[] }>([
    "resourcegroupstaggingapi",
    "get-resources",
    "--tag-filters",
    `Key=copilot-application,Values=${opts.app}`,
  ]);
  const found = (tagged.ResourceTagMappingList ?? [])
    .filter((r) => {
      if (tagValue(r.Tags, "copilot-application") !== opts.app) return false;
      const env = tagValue(r.Tags, "copilot-environment");
      // Repositories belong to the application, not to one environment.
      return env === opts.env || (env === undefined && arnKind(r.ResourceARN) === "repository");
    })
    .map((r) => fromArn(r.ResourceARN, tagValue(r.Tags, "copilot-service")));

  if (!found.some((d) => d.kind !== "repository"))
    throw new UsageError(
      `nothing in ${opts.region} is tagged copilot-application=${opts.app} and copilot-environment=${opts.env}; nothing was written`,
      "name the Copilot application and environment (--app, --copilot-env), or set the environment's region to the one Copilot deployed it in",
    );
  const subnets = found.filter((d) => d.kind === "subnet");
  const subnetInfo = subnets.length
    ? ((
        await call<{ Subnets?: { SubnetId: string; CidrBlock: string; AvailabilityZone: string }[] }>([
          "ec2",
          "describe-subnets",
          "--subnet-ids",
          ...subnets.map((s) => s.name),
        ])
      ).Subnets ?? [])
    : [];
  const lbs = found.filter((d) => d.kind === "load-balancer" || d.kind === "network-load-balancer");
  const lbInfo = lbs.length
    ? ((
        await call<{ LoadBalancers?: { LoadBalancerArn: string; Scheme: string }[] }>([
          "elbv2",
          "describe-load-balancers",
          "--load-balancer-arns",
          ...lbs.map((l) => l.arn),
        ])
      ).LoadBalancers ?? [])
    : [];
  const listeners: Discovered[] = [];
  for (const lb of lbs.filter((l) => l.kind === "load-balancer")) {
    const out = await call<{ Listeners?: { ListenerArn: string; Port: number; LoadBalancerArn: string }[] }>([
      "elbv2",
      "describe-listeners",
      "--load-balancer-arn",
      lb.arn,
    ]);
    for (const l of out.Listeners ?? [])
      listeners.push({ kind: "listener", arn: l.ListenerArn, name: l.ListenerArn, port: l.Port, loadBalancerArns: [l.LoadBalancerArn] });
  }
  const groups = found.filter((d) => d.kind === "target-group");
  const groupInfo = groups.length
    ? ((
        await call<{ TargetGroups?: { TargetGroupArn: string; LoadBalancerArns?: string[] }[] }>([
          "elbv2",
          "describe-target-groups",
          "--target-group-arns",
          ...groups.map((g) => g.arn),
        ])
      ).TargetGroups ?? [])
    : [];
  const instances = found.filter((d) => d.kind === "db-instance");
  const instanceInfo = instances.length
    ? ((
        await call<{ DBInstances?: (DbInfo & { DBInstanceIdentifier: string; DBClusterIdentifier?: string })[] }>([
          "rds",
          "describe-db-instances",
          "--filters",
          `Name=db-instance-id,Values=${instances.map((i) => i.name).join(",")}`,
        ])
      ).DBInstances ?? [])
    : [];
  const clusters = found.filter((d) => d.kind === "db-cluster");
  const clusterInfo = clusters.length
    ? ((
        await call<{ DBClusters?: (DbInfo & { DBClusterIdentifier: string })[] }>([
          "rds",
          "describe-db-clusters",
          "--filters",
          `Name=db-cluster-id,Values=${clusters.map((c) => c.name).join(",")}`,
        ])
      ).DBClusters ?? [])
    : [];
  const dbOf = (d: DbInfo): Discovered["db"] => ({
    name: d.DBName ?? d.DatabaseName,
    username: d.MasterUsername,
    encrypted: d.StorageEncrypted,
  });
  // Copilot's log groups are /copilot/<app>-<env>-<service>; not every account's tagging API lists them.
  const logs = await call<{ logGroups?: { logGroupName: string; arn: string }[] }>([
    "logs",
    "describe-log-groups",
    "--log-group-name-prefix",
    `/copilot/${opts.app}-${opts.env}-`,
  ]);
  const logGroups = (logs.logGroups ?? [])
    .filter((g) => !found.some((d) => d.kind === "log-group" && d.name === g.logGroupName))
    .map((g): Discovered => ({ kind: "log-group", arn: g.arn, name: g.logGroupName }));

  return [
    ...found.map((d): Discovered => {
      const subnet = subnetInfo.find((s) => s.SubnetId === d.name);
      if (subnet) return { ...d, cidr: subnet.CidrBlock, az: subnet.AvailabilityZone };
      const lb = lbInfo.find((l) => l.LoadBalancerArn === d.arn);
      if (lb) return { ...d, internal: lb.Scheme === "internal" };
      const group = groupInfo.find((g) => g.TargetGroupArn === d.arn);
      if (group) return { ...d, loadBalancerArns: group.LoadBalancerArns ?? [] };
      const instance = instanceInfo.find((i) => i.DBInstanceIdentifier === d.name);
      if (instance?.DBClusterIdentifier) return { ...d, dbCluster: instance.DBClusterIdentifier };
      if (instance) return { ...d, db: dbOf(instance) };
      const cluster = clusterInfo.find((c) => c.DBClusterIdentifier === d.name);
      if (cluster) return { ...d, db: dbOf(cluster) };
      return d;
    }),
    ...listeners,
    ...logGroups,
  ];
}

/** What describe-db-instances and describe-db-clusters say of a database (the fields adoption compares). */
interface DbInfo {
  readonly DBName?: string;
  readonly DatabaseName?: string;
  readonly MasterUsername?: string;
  readonly StorageEncrypted?: boolean;
}

const tagValue = (tags: readonly Tag[] | undefined, key: string): string | undefined => tags?.find((t) => t.Key === key)?.Value;

async function checkCredentials(whoAmI: () => Promise<unknown>): Promise<void> {
  try {
    await whoAmI();
  } catch (e) {
    if (!(e instanceof AwsCliError)) throw e;
    throw new UsageError(
      `berth adopt cannot reach AWS (aws sts get-caller-identity: ${e.stderr.trim().split("\n").at(-1) ?? `exit ${e.exitCode}`}); nothing was written`,
      "sign in to the environment's account first (aws sso login, or AWS_PROFILE / AWS_ACCESS_KEY_ID), then run berth adopt again",
    );
  }
}

/** The kind of resource an ARN names: `<service>:<type>` read from its resource part. */
function arnKind(arn: string): DiscoveredKind {
  const [, , service, , , ...rest] = arn.split(":");
  const resource = rest.join(":");
  const type = resource.split(/[/:]/)[0];
  if (service === "ec2" && type === "vpc") return "vpc";
  if (service === "ec2" && type === "subnet") return "subnet";
  if (service === "ecs" && type === "cluster") return "cluster";
  if (service === "ecs" && type === "service") return "ecs-service";
  if (service === "ecs" && type === "task-definition") return "task-definition";
  if (service === "elasticloadbalancing" && resource.startsWith("loadbalancer/app/")) return "load-balancer";
  if (service === "elasticloadbalancing" && resource.startsWith("loadbalancer/net/")) return "network-load-balancer";
  if (service === "elasticloadbalancing" && type === "listener") return "listener";
  if (service === "elasticloadbalancing" && type === "targetgroup") return "target-group";
  if (service === "ecr" && type === "repository") return "repository";
  if (service === "logs" && type === "log-group") return "log-group";
  if (service === "rds" && type === "db") return "db-instance";
  if (service === "rds" && type === "cluster") return "db-cluster";
  return "other";
}

/** A tagged resource as far as its ARN tells: kind and name (the import id of most kinds). */
export function fromArn(arn: string, service?: string): Discovered {
  const kind = arnKind(arn);
  const resource = arn.split(":").slice(5).join(":");
  const tail = (n: number) => resource.split("/").slice(n);
  const base = { kind, arn, ...(service === undefined ? {} : { service }) };
  switch (kind) {
    case "vpc":
    case "subnet":
    case "cluster":
      return { ...base, name: tail(1).join("/") };
    case "ecs-service": {
      // New-format ARNs carry the cluster: service/<cluster>/<service>.
      const parts = tail(1);
      return parts.length === 2 ? { ...base, name: parts[1]!, cluster: parts[0]! } : { ...base, name: parts[0]! };
    }
    case "load-balancer":
    case "network-load-balancer":
      return { ...base, name: tail(2)[0]! };
    case "target-group":
      return { ...base, name: tail(1)[0]! };
    case "task-definition":
      // task-definition/<family>:<revision>: the family is what berth keeps.
      return { ...base, name: tail(1)[0]!.replace(/:\d+$/, "") };
    case "repository":
      return { ...base, name: tail(1).join("/") };
    case "log-group":
      return { ...base, name: resource.slice("log-group:".length).replace(/:\*$/, "") };
    case "db-instance":
    case "db-cluster":
      return { ...base, name: resource.split(":").slice(1).join(":") };
    default:
      return { ...base, name: resource };
  }
}
