/**
 * Wires: every value a stack exports, as one typed table entry each — the producing stack, the output
 * name, its HCL type, a description and a well-formed mock for offline plans. Upstream renderers declare
 * their outputs from this table; downstream renderers read an upstream value only through its wire,
 * which gives them the variable, its description and the dependency at once; the runner wires and mocks
 * inputs from the same entries. Adding a cross-stack value is one entry here and its line in `outputs`
 * at the end of this file (plus its value in the producing renderer, which `assembleStack` demands, and
 * its use in the consumer).
 */
import { httpsHost } from "./edge.js";
import { pathPrefix } from "./routing.js";
import { functionStackId, httpApiStackId, inRegion, siteStackId, type StackId, STACK, serviceStackId } from "./stack-ids.js";
import type {
  Database,
  Environment,
  HttpApi,
  LambdaFunction,
  LoadBalancer,
  NetworkLoadBalancer,
  Queue,
  Repository,
  Service,
  Site,
  SubnetTier,
  Topic,
} from "./types.js";

/** A JSON value a Terraform variable can take. */
export type TfValue = string | number | boolean | null | readonly TfValue[] | { readonly [key: string]: TfValue };

export interface Wire {
  /** The stack whose output this is (`network`, `platform`, `service-api`…). */
  readonly stack: StackId;
  /** Output name in the producing stack, and variable name in every stack that reads it. */
  readonly name: string;
  /** HCL type of the variable: `string`, `list(string)`, `map(string)`. */
  readonly type: string;
  readonly description: string;
  /** A stand-in of the real shape (ARN, id, DNS name), used only by `plan --offline`. */
  readonly mock: TfValue;
  /** Worth showing a person after an apply (`berth output` without `--all`): URLs, endpoints, names. */
  readonly shown?: true;
}

/** The environment as wires see it: everything but the stack list, which is derived from the wires' owners. */
export type WireEnv = Omit<Environment, "stacks" | "cost" | "suppressions">;

const ACCOUNT = "123456789012";

/** Mock values of the right shape for offline plans. */
export const mock = {
  id: (kind: string, n = 0): string => `${kind}-0a1b2c3d4e5f6${n.toString(16).padStart(4, "0")}`,
  arn: (service: string, resource: string, region = "us-east-1"): string => `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`,
};

/** snake_case identifier from a config key: `payment-service` → `payment_service`. */
export const ident = (key: string): string => key.replace(/[^A-Za-z0-9_]/g, "_");

const wire = (stack: StackId, name: string, type: string, description: string, mockValue: TfValue): Wire => ({
  stack,
  name,
  type,
  description,
  mock: mockValue,
});
const shown = (w: Wire): Wire => ({ ...w, shown: true });
const shownList = (...args: Parameters<typeof wire>): Wire => shown(wire(...args));

const subnetMockBase: Record<SubnetTier, number> = { public: 0, private: 16, database: 32 };

/** `network`: the VPC, its subnets per tier, the S3 prefix list and the logs key. */
export const network = {
  /** The mock is the existing VPC's id when there is one (`env` given by the producer's output list). */
  vpcId: (env?: WireEnv): Wire => wire(STACK.network, "vpc_id", "string", "ID of the VPC.", env?.network.existing?.id ?? mock.id("vpc")),
  vpcCidr: (env: WireEnv): Wire => wire(STACK.network, "vpc_cidr_block", "string", "CIDR block of the VPC.", env.network.cidr),
  subnetIds: (env: WireEnv, tier: SubnetTier): Wire =>
    wire(
      STACK.network,
      `${tier}_subnet_ids`,
      "list(string)",
      `IDs of the ${tier} subnets, in AZ order.`,
      // An existing VPC's ids are known: offline plans show the real subnets.
      env.network.existing?.subnets[tier] ?? env.network.subnets.filter((s) => s.tier === tier).map((_, i) => mock.id("subnet", i + subnetMockBase[tier])),
    ),
  logsKeyArn: (env: WireEnv): Wire =>
    wire(
      STACK.network,
      "kms_logs_key_arn",
      "string",
      "ARN of the KMS key that encrypts the environment's CloudWatch log groups.",
      mock.arn("kms", "key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c6e", env.region),
    ),
  natGatewayIds: (env: WireEnv): Wire =>
    wire(
      STACK.network,
      "nat_gateway_ids",
      "list(string)",
      "IDs of the NAT gateways, in AZ order.",
      (env.network.nat === "single" ? env.network.azs.slice(0, 1) : env.network.azs).map((_, i) => mock.id("nat", i)),
    ),
  s3PrefixList: (env: WireEnv): Wire =>
    wire(
      STACK.network,
      "s3_prefix_list_id",
      "string",
      "Prefix list of the S3 gateway endpoint (for VPC-only egress rules).",
      env.network.existing?.s3PrefixList ?? `pl-${env.region === "us-east-1" ? "63a5400a" : "0a1b2c3d"}`,
    ),
};

export type NetworkLoadBalancerValue = "arn" | "arn_suffix" | "dns_name" | "security_group_id";

export type LoadBalancerValue = "arn" | "arn_suffix" | "dns_name" | "zone_id" | "listener_arn" | "security_group_id" | "cloudfront_domain_name";

/** `platform`: the cluster, the load balancers, the registries, the alarm topic, the instances' group. */
export const platform = {
  clusterName: (env: WireEnv): Wire => shown(wire(STACK.platform, "cluster_name", "string", "Name of the ECS cluster.", env.cluster.name)),
  clusterArn: (env: WireEnv): Wire =>
    wire(STACK.platform, "cluster_arn", "string", "ARN of the ECS cluster.", mock.arn("ecs", `cluster/${env.cluster.name}`, env.region)),
  alarmTopicArn: (env: WireEnv): Wire =>
    wire(
      STACK.platform,
      "alarm_topic_arn",
      "string",
      "ARN of the SNS topic alarms notify.",
      mock.arn("sns", env.monitoring.topic?.name ?? `${env.prefix}-alarms`, env.region),
    ),
  instanceSecurityGroup: (): Wire =>
    wire(STACK.platform, "instance_security_group_id", "string", "ID of the security group of the ECS container instances.", mock.id("sg", 0)),
  loadBalancer: (env: WireEnv, lb: LoadBalancer, what: LoadBalancerValue): Wire => {
    const n = env.loadBalancers.findIndex((l) => l.key === lb.key) + 1;
    const hex = (k: number) => `0a1b2c3d4e5f${k.toString(16).padStart(4, "0")}`;
    const suffix = `app/${lb.name}/${hex(n)}`;
    const of = `of the ${lb.key} load balancer.`;
    const entries: Record<LoadBalancerValue, [string, TfValue]> = {
      arn: [`ARN ${of}`, mock.arn("elasticloadbalancing", `loadbalancer/${suffix}`, env.region)],
      arn_suffix: [`ARN suffix (for CloudWatch metrics) ${of}`, suffix],
      dns_name: [`DNS name ${of}`, `${lb.internal ? "internal-" : ""}${lb.name}-1234567890.${env.region}.elb.amazonaws.com`],
      zone_id: [`Route 53 hosted zone ID ${of}`, "Z0A1B2C3D4E5F6"],
      listener_arn: [
        `ARN of the ${lb.https ? "HTTPS" : "HTTP"} listener ${of}`,
        mock.arn("elasticloadbalancing", `listener/${suffix}/${hex(16 + n)}`, env.region),
      ],
      security_group_id: [`ID of the security group ${of}`, mock.id("sg", n)],
      cloudfront_domain_name: [`Domain name of the CloudFront distribution in front ${of}`, `d${hex(n)}abcd.cloudfront.net`],
    };
    const [description, m] = entries[what];
    const w = wire(STACK.platform, `alb_${ident(lb.key)}_${what}`, "string", description, m);
    return what === "dns_name" || what === "cloudfront_domain_name" ? shown(w) : w;
  },
  networkLoadBalancer: (env: WireEnv, nlb: NetworkLoadBalancer, what: NetworkLoadBalancerValue): Wire => {
    const n = env.networkLoadBalancers.findIndex((l) => l.key === nlb.key) + 1;
    const suffix = `net/${nlb.name}/0a1b2c3d4e5f${(64 + n).toString(16).padStart(4, "0")}`;
    const of = `of the ${nlb.key} network load balancer.`;
    const entries: Record<NetworkLoadBalancerValue, [string, TfValue]> = {
      arn: [`ARN ${of}`, mock.arn("elasticloadbalancing", `loadbalancer/${suffix}`, env.region)],
      arn_suffix: [`ARN suffix (for CloudWatch metrics) ${of}`, suffix],
      dns_name: [`DNS name ${of}`, `${nlb.name}-0a1b2c3d4e5f6a7b.elb.${env.region}.amazonaws.com`],
      security_group_id: [`ID of the security group ${of}`, mock.id("sg", 32 + n)],
    };
    const [description, m] = entries[what];
    const w = wire(STACK.platform, `nlb_${ident(nlb.key)}_${what}`, "string", description, m);
    return what === "dns_name" ? shown(w) : w;
  },
  repositoryUrl: (env: WireEnv, r: Repository): Wire =>
    shown(
      wire(
        STACK.platform,
        `repository_url_${ident(r.service)}`,
        "string",
        `URL of the ECR repository of ${r.service}.`,
        `${ACCOUNT}.dkr.ecr.${env.region}.amazonaws.com/${r.name}`,
      ),
    ),
  repositoryArn: (env: WireEnv, r: Repository): Wire =>
    wire(
      STACK.platform,
      `repository_arn_${ident(r.service)}`,
      "string",
      `ARN of the ECR repository of ${r.service}.`,
      mock.arn("ecr", `repository/${r.name}`, env.region),
    ),
};

/** The primary's stack `id`: the stack itself in the primary region, `<primary region>/<id>` from a recovery region. */
export const primaryStack = (env: WireEnv, id: StackId): StackId => (env.region === env.primaryRegion ? id : inRegion(env.primaryRegion, id));

/** `dns`: the hosted zone (the primary's; a recovery region's `dns` holds only its own certificate) and the certificate. */
export const dns = {
  zoneId: (env: WireEnv): Wire => {
    const domain = env.domain!;
    return wire(
      primaryStack(env, STACK.dns),
      "zone_id",
      "string",
      `ID of the hosted zone of ${domain.name}.`,
      domain.zone.kind === "existing" ? domain.zone.id : "Z0A1B2C3D4E5F6G7H8I9J",
    );
  },
  certificateArn: (env: WireEnv): Wire => {
    const domain = env.domain!;
    return wire(
      STACK.dns,
      "certificate_arn",
      "string",
      domain.certificateArn
        ? `ARN of the existing ACM certificate for ${domain.name} (domain.certificateArn).`
        : `ARN of the validated ACM certificate for ${domain.certificateNames.join(" and ")}.`,
      domain.certificateArn ?? `arn:aws:acm:${env.region}:${ACCOUNT}:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`,
    );
  },
  dsRecord: (env: WireEnv): Wire =>
    wire(
      STACK.dns,
      "ds_record",
      "string",
      `DS record of ${env.domain!.name}'s key-signing key: add it at the parent zone or registrar to complete DNSSEC's chain of trust.`,
      "12345 13 2 0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9",
    ),
  nameServers: (env: WireEnv): Wire =>
    shownList(
      STACK.dns,
      "name_servers",
      "list(string)",
      `Name servers of the hosted zone: delegate ${env.domain!.name} to them at its registrar or parent zone.`,
      ["ns-1.awsdns-01.org", "ns-2.awsdns-02.co.uk", "ns-3.awsdns-03.com", "ns-4.awsdns-04.net"],
    ),
};

/** `data`: each database's address, master secret and security group; the secrets key. */
export const data = {
  databaseAddress: (env: WireEnv, db: Database): Wire => {
    const aurora = db.kind === "aurora";
    const host = aurora
      ? `${db.identifier}.cluster-c0a1b2c3d4e5.${env.region}.rds.amazonaws.com`
      : `${db.identifier}.c0a1b2c3d4e5.${env.region}.rds.amazonaws.com`;
    return shown(
      wire(STACK.data, `database_${ident(db.key)}_address`, "string", `Host name of ${db.key}${aurora ? " (the cluster's writer endpoint)" : ""}.`, host),
    );
  },
  databaseSecretArn: (env: WireEnv, db: Database): Wire => {
    const i = env.databases.findIndex((d) => d.key === db.key);
    const kind = db.kind === "aurora" ? "cluster" : "db";
    return wire(
      STACK.data,
      `database_${ident(db.key)}_secret_arn`,
      "string",
      `ARN of the Secrets Manager secret holding ${db.key}'s master user name and password (JSON keys username, password).`,
      mock.arn("secretsmanager", `secret:rds!${kind}-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c${(i + 10).toString(16).padStart(2, "0")}-AbCdEf`, env.region),
    );
  },
  /** The DbiResourceId (instance) or cluster resource id, which `rds-db:connect` ARNs name; only with `iamAuth`. */
  databaseResourceId: (env: WireEnv, db: Database): Wire =>
    wire(
      STACK.data,
      `database_${ident(db.key)}_resource_id`,
      "string",
      `Resource id of ${db.key} (${db.kind === "aurora" ? "cluster-" : "db-"}…), for rds-db:connect permissions of its IAM database users.`,
      `${db.kind === "aurora" ? "cluster" : "db"}-ABCDEFGHIJKLMNOPQRSTUVWX${(env.databases.findIndex((d) => d.key === db.key) + 10).toString(36).toUpperCase()}`,
    ),
  databaseSecurityGroup: (env: WireEnv, db: Database): Wire =>
    wire(
      STACK.data,
      `database_${ident(db.key)}_security_group_id`,
      "string",
      `ID of the security group of ${db.key}; services that use it add their ingress rule.`,
      mock.id("sg", 64 + env.databases.findIndex((d) => d.key === db.key)),
    ),
  /** A secondary cluster has no master secret of its own: the recovery region's data stack passes on the primary's. */
  primarySecretArn: (env: WireEnv, db: Database): Wire => ({ ...data.databaseSecretArn(env, db), stack: primaryStack(env, STACK.data) }),
  /**
   * The switchover command to `region`, one of the global database's secondaries: `database_<key>_switchover_command`
   * with one secondary region, `database_<key>_switchover_command_<region>` (e.g. `_us_west_2`) with several.
   */
  switchoverCommand: (env: WireEnv, db: Database, region: string): Wire =>
    shown(
      wire(
        STACK.data,
        `database_${ident(db.key)}_switchover_command${(db.global?.secondaryRegions.length ?? 0) > 1 ? `_${ident(region)}` : ""}`,
        "string",
        `The AWS CLI command that makes ${(db.global?.secondaryRegions.length ?? 0) > 1 ? region : "the recovery region"}'s cluster the writer of the global database ${db.global?.identifier} (planned switchover, no data loss; during a regional outage use failover-global-cluster with --allow-data-loss).`,
        `aws rds switchover-global-cluster --region ${env.region} --global-cluster-identifier ${db.global?.identifier} --target-db-cluster-identifier arn:aws:rds:${region}:${ACCOUNT}:cluster:${db.identifier}`,
      ),
    ),
  /** The bastion's instance id, the target of `berth db connect`'s Session Manager port forwarding. */
  bastionInstanceId: (): Wire =>
    shown(wire(STACK.data, "bastion_instance_id", "string", "Instance ID of the bastion (Session Manager target of berth db connect).", mock.id("i"))),
  secretsKeyArn: (env: WireEnv): Wire =>
    wire(
      STACK.data,
      "kms_secrets_key_arn",
      "string",
      "ARN of the KMS key of the secrets and parameters (services decrypt with it).",
      mock.arn("kms", "key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", env.region),
    ),
};

/** `messaging`: each queue's URL and ARN (and its dead-letter queue's ARN), each topic's ARN, and the key that encrypts them. */
export const messaging = {
  queueUrl: (env: WireEnv, q: Queue): Wire =>
    shown(
      wire(
        STACK.messaging,
        `queue_${ident(q.key)}_url`,
        "string",
        `URL of the ${q.key} queue.`,
        `https://sqs.${env.region}.amazonaws.com/${ACCOUNT}/${q.name}`,
      ),
    ),
  queueArn: (env: WireEnv, q: Queue): Wire =>
    wire(STACK.messaging, `queue_${ident(q.key)}_arn`, "string", `ARN of the ${q.key} queue.`, mock.arn("sqs", q.name, env.region)),
  deadLetterArn: (env: WireEnv, q: Queue): Wire =>
    wire(
      STACK.messaging,
      `queue_${ident(q.key)}_dlq_arn`,
      "string",
      `ARN of the ${q.key} queue's dead-letter queue.`,
      mock.arn("sqs", q.deadLetter?.name ?? `${q.name}-dlq`, env.region),
    ),
  topicArn: (env: WireEnv, t: Topic): Wire =>
    shown(wire(STACK.messaging, `topic_${ident(t.key)}_arn`, "string", `ARN of the ${t.key} topic.`, mock.arn("sns", t.name, env.region))),
  keyArn: (env: WireEnv): Wire =>
    wire(
      STACK.messaging,
      "kms_messaging_key_arn",
      "string",
      "ARN of the KMS key of the queues and topics (senders and consumers use it).",
      mock.arn("kms", "key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c7f", env.region),
    ),
};

/** `service-<name>`: what `berth deploy`, `berth output` and people read from a service stack. */
export const service = {
  name: (s: Service): Wire => shown(wire(serviceStackId(s.name), "service_name", "string", "Name of the ECS service.", s.serviceName)),
  taskDefinitionArn: (env: WireEnv, s: Service): Wire =>
    wire(
      serviceStackId(s.name),
      "task_definition_arn",
      "string",
      "ARN of the task definition revision the service runs.",
      mock.arn("ecs", `task-definition/${s.family}:1`, env.region),
    ),
  stateMachineArn: (env: WireEnv, s: Service): Wire =>
    wire(
      serviceStackId(s.name),
      "state_machine_arn",
      "string",
      "ARN of the state machine that runs the job (start an execution to run it now).",
      mock.arn("states", `stateMachine:${s.schedule?.stateMachineName ?? s.fullName}`, env.region),
    ),
  logGroupName: (s: Service): Wire => wire(serviceStackId(s.name), "log_group_name", "string", "CloudWatch log group of the containers.", s.logGroup),
  targetGroupArns: (env: WireEnv, s: Service): Wire =>
    wire(
      serviceStackId(s.name),
      "target_group_arns",
      "map(string)",
      "ARNs of the service's target groups, by load balancer key.",
      Object.fromEntries(
        s.targets.map((t) => [t.loadBalancer, mock.arn("elasticloadbalancing", `targetgroup/${t.targetGroupName}/0a1b2c3d4e5f6a7b`, env.region)]),
      ),
    ),
  securityGroupId: (s: Service): Wire => wire(serviceStackId(s.name), "security_group_id", "string", "ID of the tasks' security group.", mock.id("sg")),
  url: (env: WireEnv, s: Service): Wire | undefined => {
    const entry = publicEntry(env, s);
    if (!entry) return undefined;
    const { lb, path, hosts } = entry;
    const host = httpsHost(lb, hosts);
    const m = host
      ? `https://${host}${path}`
      : lb.cloudfront
        ? `https://d0a1b2c3d4e5f6.cloudfront.net${path}`
        : `http://${lb.name}-1234567890.${env.region}.elb.amazonaws.com${path}`;
    return shown(
      wire(serviceStackId(s.name), "url", "string", `URL of the service through the ${lb.key} load balancer${lb.cloudfront ? " and CloudFront" : ""}.`, m),
    );
  },
};

/** `function-<name>`: the function, its `live` alias (what triggers invoke) and its log group. */
export const fn = {
  name: (f: LambdaFunction): Wire =>
    shown(wire(functionStackId(f.key), `function_${ident(f.key)}_name`, "string", `Name of the Lambda function ${f.key}.`, f.name)),
  aliasArn: (env: WireEnv, f: LambdaFunction): Wire =>
    wire(
      functionStackId(f.key),
      `function_${ident(f.key)}_alias_arn`,
      "string",
      `ARN of the function's ${f.alias} alias (the published version triggers invoke).`,
      mock.arn("lambda", `function:${f.name}:${f.alias}`, env.region),
    ),
  version: (f: LambdaFunction): Wire =>
    wire(functionStackId(f.key), "version", "string", "The version the alias points at (published by the last apply).", "1"),
  logGroupName: (f: LambdaFunction): Wire => wire(functionStackId(f.key), "log_group_name", "string", "CloudWatch log group of the function.", f.logGroup),
  securityGroupId: (f: LambdaFunction): Wire =>
    wire(functionStackId(f.key), "security_group_id", "string", "ID of the function's security group (in the VPC).", mock.id("sg", 200)),
};

/** `api-<name>`: the HTTP API and its URL. */
export const httpApi = {
  id: (a: HttpApi): Wire => wire(httpApiStackId(a.key), "api_id", "string", "ID of the HTTP API.", "a1b2c3d4e5"),
  url: (env: WireEnv, a: HttpApi): Wire =>
    shown(
      wire(
        httpApiStackId(a.key),
        "url",
        "string",
        a.domainName ? "URL of the API at its custom host." : "URL of the API's $default stage.",
        a.domainName ? `https://${a.domainName}` : `https://a1b2c3d4e5.execute-api.${env.region}.amazonaws.com`,
      ),
    ),
};

/** `site-<name>`: what `berth deploy <site>` uploads to and invalidates, and the site's URL. */
export const site = {
  bucketName: (s: Site): Wire => wire(siteStackId(s.key), "bucket_name", "string", `Name of the S3 bucket that holds the ${s.key} site's files.`, s.bucket),
  distributionId: (s: Site): Wire =>
    wire(siteStackId(s.key), "distribution_id", "string", `ID of the CloudFront distribution of the ${s.key} site (invalidated on deploy).`, "E0A1B2C3D4E5F6"),
  url: (s: Site): Wire =>
    shown(
      wire(
        siteStackId(s.key),
        "url",
        "string",
        s.domainName ? `URL of the ${s.key} site at its host.` : `URL of the ${s.key} site at CloudFront's domain.`,
        s.domainName ? `https://${s.domainName}` : "https://d0a1b2c3d4e5f6.cloudfront.net",
      ),
    ),
};

/** The internet-facing load balancer a service's URL goes through, with the path and hosts of its first rule there. */
export function publicEntry(env: WireEnv, s: Service): { readonly lb: LoadBalancer; readonly path: string; readonly hosts: readonly string[] } | undefined {
  for (const t of s.targets) {
    const lb = env.loadBalancers.find((l) => l.key === t.loadBalancer);
    if (!lb || lb.internal) continue;
    const first = lb.rules.find((r) => r.service === s.name);
    if (!first) return undefined;
    return { lb, path: pathPrefix(first.paths[0]), hosts: first.hosts };
  }
  return undefined;
}

/** `monitoring`: the dashboard. */
export const monitoring = {
  dashboardArn: (env: WireEnv): Wire =>
    wire(
      STACK.monitoring,
      "dashboard_arn",
      "string",
      "ARN of the environment's CloudWatch dashboard.",
      `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${env.monitoring.dashboard?.name ?? env.prefix}`,
    ),
};

/** `ci`: the roles a CI system assumes. */
export const ci = {
  planRoleArn: (env: WireEnv): Wire =>
    shown(
      wire(
        STACK.ci,
        "plan_role_arn",
        "string",
        "ARN of the role CI assumes to plan (read-only, plus state and locks).",
        `arn:aws:iam::${ACCOUNT}:role/${env.ci?.planRole}`,
      ),
    ),
  deployRoleArn: (env: WireEnv): Wire =>
    shown(
      wire(
        STACK.ci,
        "deploy_role_arn",
        "string",
        "ARN of the role CI assumes to push images and deploy services.",
        `arn:aws:iam::${ACCOUNT}:role/${env.ci?.deployRole}`,
      ),
    ),
};

/**
 * What each stack outputs, in the order of its `outputs.tf`: every wire above, listed under the stack
 * that produces it (with the condition under which it exists). A new cross-stack value is an entry
 * above and its line here; the producing renderer must then give its value (`assembleStack` checks).
 */
export const outputs = {
  network(env: WireEnv): Wire[] {
    return [
      network.vpcId(env),
      network.vpcCidr(env),
      ...env.network.tiers.map((tier) => network.subnetIds(env, tier)),
      ...(env.kms.logs ? [network.logsKeyArn(env)] : []),
      ...(env.network.nat !== "none" ? [network.natGatewayIds(env)] : []),
      ...(!env.network.existing || env.network.existing.s3PrefixList ? [network.s3PrefixList(env)] : []),
    ];
  },

  platform(env: WireEnv): Wire[] {
    const lbValues = (lb: (typeof env.loadBalancers)[number]) =>
      (
        [
          "arn",
          "arn_suffix",
          "dns_name",
          "zone_id",
          "listener_arn",
          "security_group_id",
          ...(lb.cloudfront ? (["cloudfront_domain_name"] as const) : []),
        ] as const
      ).map((what) => platform.loadBalancer(env, lb, what));
    return [
      platform.clusterName(env),
      platform.clusterArn(env),
      ...env.loadBalancers.flatMap(lbValues),
      ...env.networkLoadBalancers.flatMap((nlb) =>
        (["arn", "arn_suffix", "dns_name", "security_group_id"] as const).map((what) => platform.networkLoadBalancer(env, nlb, what)),
      ),
      ...env.repositories.flatMap((r) => [platform.repositoryUrl(env, r), platform.repositoryArn(env, r)]),
      ...(env.monitoring.topic ? [platform.alarmTopicArn(env)] : []),
      ...(env.cluster.capacity.kind === "ec2" ? [platform.instanceSecurityGroup()] : []),
    ];
  },

  dns(env: WireEnv): Wire[] {
    if (env.region !== env.primaryRegion) return [dns.certificateArn(env)];
    return [
      dns.zoneId(env),
      dns.certificateArn(env),
      ...(env.domain?.zone.kind === "create" ? [dns.nameServers(env)] : []),
      ...(env.domain?.dnssec ? [dns.dsRecord(env)] : []),
    ];
  },

  data(env: WireEnv): Wire[] {
    return [
      ...env.databases.flatMap((db: Database) => [
        data.databaseAddress(env, db),
        data.databaseSecretArn(env, db),
        data.databaseSecurityGroup(env, db),
        ...(db.iamAuth ? [data.databaseResourceId(env, db)] : []),
        ...(db.global && !db.global.secondary ? db.global.secondaryRegions.map((r) => data.switchoverCommand(env, db, r)) : []),
      ]),
      ...(usesSecretsKey(env) ? [data.secretsKeyArn(env)] : []),
      ...(env.network.bastion ? [data.bastionInstanceId()] : []),
    ];
  },

  service(env: WireEnv, s: Service): Wire[] {
    const url = service.url(env, s);
    return [
      ...(s.kind === "job" ? [service.stateMachineArn(env, s)] : [service.name(s)]),
      service.taskDefinitionArn(env, s),
      service.logGroupName(s),
      ...(s.targets.length > 0 ? [service.targetGroupArns(env, s)] : []),
      ...(s.networkMode === "awsvpc" ? [service.securityGroupId(s)] : []),
      ...(url ? [url] : []),
    ];
  },

  messaging(env: WireEnv): Wire[] {
    return [
      ...env.queues.flatMap((q) => [messaging.queueUrl(env, q), messaging.queueArn(env, q), ...(q.deadLetter ? [messaging.deadLetterArn(env, q)] : [])]),
      ...env.topics.map((t) => messaging.topicArn(env, t)),
      ...(env.kms.messaging ? [messaging.keyArn(env)] : []),
    ];
  },

  function(env: WireEnv, f: LambdaFunction): Wire[] {
    return [fn.name(f), fn.aliasArn(env, f), fn.version(f), fn.logGroupName(f), ...(f.vpc ? [fn.securityGroupId(f)] : [])];
  },

  httpApi(env: WireEnv, a: HttpApi): Wire[] {
    return [httpApi.id(a), httpApi.url(env, a)];
  },

  site(_env: WireEnv, s: Site): Wire[] {
    return [site.bucketName(s), site.distributionId(s), site.url(s)];
  },

  monitoring(env: WireEnv): Wire[] {
    return [monitoring.dashboardArn(env)];
  },

  ci(env: WireEnv): Wire[] {
    return [ci.planRoleArn(env), ci.deployRoleArn(env)];
  },
};

/** The secrets key encrypts declared secrets, SecureString parameters and the databases' master secrets. */
export const usesSecretsKey = (env: WireEnv): boolean =>
  env.kms.secrets !== null && (env.databases.length > 0 || env.secrets.length > 0 || env.parameters.some((p) => p.secure));
