/**
 * The resolved model: every decision made once (names, CIDRs, priorities, sizes, wiring), nothing rendered.
 * Renderers (Terraform, local runtime, reports) read only these types and never re-derive a decision.
 */
import type { AssumedRole } from "./account.js";
import type { Bastion } from "./bastion.js";
import type { CiRoles } from "./ci.js";
import type { ConfigIssue } from "../errors.js";
import type { StackPlan } from "./stacks.js";

export type Tier = "dev" | "staging" | "prod";
export type SubnetTier = "public" | "private" | "database";
export type NatMode = "none" | "single" | "perAz";
/** How private subnets reach out, for decisions about workloads: berth's NAT mode, or an existing VPC's own routing (assumed to route out). */
export type Routing = NatMode | "existing";
export type Architecture = "x86_64" | "arm64";

export interface Model {
  readonly project: string;
  readonly environments: readonly Environment[];
  /** Things that may fail on AWS but are not errors (an adjustable quota exceeded), each with its config path. */
  readonly warnings: readonly ConfigIssue[];
  /** How changes are delivered: the deploying branch, production approvers, the CI system. */
  readonly delivery: Delivery;
}

export interface Delivery {
  /** The branch whose pushes deploy. */
  readonly branch: string;
  /** Jenkins `input` submitters of the production approval (users or groups, comma-separated). */
  readonly approvers: string;
  /** Lowest `berth check` severity that fails a pull request's pipeline. */
  readonly checkSeverity: "low" | "medium" | "high" | "critical";
  readonly github: { readonly repository: string } | null;
  readonly jenkins: { readonly principal: string | null } | null;
  /** Pull requests plan only the stacks `berth changed` lists, one matrix job each (`ci.planMatrix`, default: more than `PLAN_MATRIX_STACKS` stacks). */
  readonly planMatrix: boolean;
}

export interface Environment {
  readonly name: string;
  readonly tier: Tier;
  readonly region: string;
  /** AWS account id when the config names one; narrows IAM resource ARNs and every provider's `allowed_account_ids`. */
  readonly account: string | undefined;
  /** The role every provider and the state backend assume in the account, when the config names one. */
  readonly role: AssumedRole | undefined;
  /** Provider `default_tags`: Project, Environment, ManagedBy, then the user's. */
  readonly tags: Readonly<Record<string, string>>;
  /** `${project}-${env}`: the prefix of every AWS name in this environment. */
  readonly prefix: string;
  readonly state: StateBackend;
  readonly network: Network;
  readonly cluster: Cluster;
  readonly loadBalancers: readonly LoadBalancer[];
  readonly networkLoadBalancers: readonly NetworkLoadBalancer[];
  readonly repositories: readonly Repository[];
  readonly services: readonly Service[];
  /** The environment's domain: hosted zone and certificate (the `dns` stack); null without one. */
  readonly domain: Domain | null;
  readonly monitoring: Monitoring;
  /** Customer-managed KMS keys by use; `null` where the tier or config uses the AWS-managed default. */
  readonly kms: KmsKeys;
  readonly databases: readonly Database[];
  /** Secrets Manager secrets and SSM parameters berth creates (values set outside Terraform). */
  readonly secrets: readonly DeclaredSecret[];
  readonly parameters: readonly DeclaredParameter[];
  /** Config paths (dot-joined) of the names `environments.<env>.existing` sets, primary region only; absent when none. */
  readonly existingNames?: readonly string[];
  /** The CI roles (the `ci` stack); null without `ci.github` or `ci.jenkins.principal`. */
  readonly ci: CiRoles | null;
  /** SQS queues and SNS topics (the `messaging` stack, when there is any). */
  readonly queues: readonly Queue[];
  readonly topics: readonly Topic[];
  /** Lambda functions (a `function-<name>` stack each) and HTTP APIs (an `api-<name>` stack each). */
  readonly functions: readonly LambdaFunction[];
  readonly httpApis: readonly HttpApi[];
  /** Static sites (a `site-<name>` stack each); only in the primary region, CloudFront being global. */
  readonly sites: readonly Site[];
  /** The environment's primary region; `region` itself except in a recovery region. */
  readonly primaryRegion: string;
  /** The environment in its recovery regions (warm standby, `recovery`); empty in a recovery region itself. */
  readonly recovery: readonly Environment[];
  /** The environment's root modules (a primary's include its recovery regions'), their backends, providers and outputs (`model/stacks.ts`). */
  readonly stacks: readonly StackPlan[];
  /** Usage assumptions of the cost estimate. */
  readonly cost: CostAssumptions;
  /** Accepted `berth check` findings: the shared ones, then the environment's. */
  readonly suppressions: readonly Suppression[];
}

export interface Domain {
  readonly name: string;
  /** A hosted zone berth creates, or an existing one by id. */
  readonly zone: { readonly kind: "create" } | { readonly kind: "existing"; readonly id: string };
  /** Names on the certificate: the domain and `*.<domain>`. */
  readonly certificateNames: readonly string[];
  /** Names whose DNS validation record is written; the wildcard shares the apex's record. */
  readonly validationNames: readonly string[];
  /** DNSSEC signing of the zone berth creates: the key-signing key's name and the region of its KMS key. */
  readonly dnssec: { readonly keySigningKeyName: string; readonly kmsRegion: "us-east-1" } | null;
  /** An existing ACM certificate of this region (`domain.certificateArn`, or a recovery region's): none issued; null when berth issues one. */
  readonly certificateArn: string | null;
}

/** The alarm topic and dashboard of an environment (the alarms themselves sit on services). */
export interface Monitoring {
  /** `${prefix}-alarms` with its email subscriptions; null when no alarm and no notification exists. */
  readonly topic: { readonly name: string; readonly emails: readonly string[] } | null;
  readonly dashboard: { readonly name: string } | null;
}

export type AlarmComparison = "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";

/** What an alarm's dimensions point at; the renderer of the stack that owns the resource fills in the values. */
export type AlarmSubject =
  /** The ECS service: ClusterName and ServiceName. */
  | { readonly kind: "service" }
  /** The service's target group on one load balancer: TargetGroup and LoadBalancer. */
  | { readonly kind: "target"; readonly loadBalancer: string }
  /** The target group of the service's listener on a Network Load Balancer: TargetGroup and LoadBalancer. */
  | { readonly kind: "nlb-target"; readonly loadBalancer: string; readonly port: number }
  /** A database: DBInstanceIdentifier, or DBClusterIdentifier for Aurora (by the database's key). */
  | { readonly kind: "database"; readonly database: string }
  /** A load balancer the service is behind: LoadBalancer. */
  | { readonly kind: "loadBalancer"; readonly loadBalancer: string }
  /** A queue's dead-letter queue: QueueName (by the queue's key). */
  | { readonly kind: "dead-letters"; readonly queue: string }
  /** A scheduled job's state machine: StateMachineArn. */
  | { readonly kind: "job" }
  /** A Lambda function's `live` alias: FunctionName and Resource (`<name>:live`). */
  | { readonly kind: "function" }
  /** The dead-letter queue of a function's EventBridge rules: QueueName. */
  | { readonly kind: "function-dead-letters" }
  /** Dimensions as the config gives them: literal values, or the ARN suffix of a load balancer or of the service's target group on one. */
  | { readonly kind: "custom"; readonly dimensions: Readonly<Record<string, DimensionValue>> };

/** A custom alarm's dimension value: a literal, or what only Terraform knows (an ARN suffix). */
export type DimensionValue = string | { readonly loadBalancer: string } | { readonly targetGroup: string };

export interface Alarm {
  /**
   * Key of the alarm in its stack: on a service the preset (`cpu`, `http5xx`), `<preset>-<lb>` when behind
   * several, or `custom-<name>`; on a database `<database>-<preset>` (`main-free-storage`).
   */
  readonly id: string;
  /** AWS alarm name, unique in the account and region. */
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metric: string;
  readonly subject: AlarmSubject;
  /** `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, or a percentile such as `p99`. */
  readonly statistic: string;
  readonly threshold: number;
  readonly comparison: AlarmComparison;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: "missing" | "ignore" | "breaching" | "notBreaching";
}

export type KmsUse = "rds" | "secrets" | "ecr" | "logs" | "alarms" | "messaging";

export interface KmsKey {
  readonly use: KmsUse;
  /** `alias/<prefix>-<use>`. */
  readonly alias: string;
  readonly description: string;
  /** Yearly automatic rotation; always on. */
  readonly rotation: boolean;
  readonly deletionWindowDays: number;
}

export type KmsKeys = { readonly [U in KmsUse]: KmsKey | null };

export type DatabaseEngine = "postgres" | "mysql" | "aurora-postgresql" | "aurora-mysql";

export interface AuroraInstance {
  readonly identifier: string;
  /**
   * Failover order, from 1 (the first instance, created as the writer) as seed 003 numbers it; tier 0,
   * which outranks all, stays free for an instance an operator adds to take over first.
   */
  readonly promotionTier: number;
}

export interface DbParameter {
  readonly name: string;
  readonly value: string;
  /** Static parameters apply at the next reboot. */
  readonly applyMethod: "immediate" | "pending-reboot";
}

export interface Database {
  /** The key in the config. */
  readonly key: string;
  /** RDS instance or Aurora cluster identifier, ≤ 63 characters. */
  readonly identifier: string;
  readonly engine: DatabaseEngine;
  readonly family: "postgres" | "mysql";
  readonly kind: "instance" | "aurora";
  readonly engineVersion: string;
  /** Parameter group family, e.g. `postgres15`, `mysql8.0`, `aurora-postgresql16`. */
  readonly parameterGroupFamily: string;
  readonly instanceClass: string;
  readonly port: number;
  readonly databaseName: string;
  readonly username: string;
  /** gp3 storage of an RDS instance; `null` for Aurora. */
  readonly storage: { readonly allocatedGb: number; readonly maxGb: number | null } | null;
  readonly multiAz: boolean;
  /** Aurora cluster instances (writer first); empty for RDS instances. */
  readonly instances: readonly AuroraInstance[];
  readonly backupRetentionDays: number;
  readonly backupWindow: string;
  readonly maintenanceWindow: string;
  readonly deletionProtection: boolean;
  /** IAM database authentication enabled. */
  readonly iamAuth: boolean;
  /** Identifier of the final snapshot taken on deletion, or `null` to skip it. */
  readonly finalSnapshotIdentifier: string | null;
  /** Enhanced monitoring interval in seconds; 0 is off. */
  readonly monitoringInterval: number;
  readonly performanceInsights: { readonly retentionDays: number } | null;
  readonly logExports: readonly string[];
  /** Parameters of berth's parameter group: TLS required, then the user's. */
  readonly parameters: readonly DbParameter[];
  readonly subnetGroupName: string;
  readonly securityGroupName: string;
  readonly parameterGroupName: string;
  readonly monitoringRoleName: string;
  /** Services that declare they use the database: only they are admitted on `port`. */
  readonly users: readonly string[];
  /** CloudWatch alarms on the database (rendered in the `data` stack). */
  readonly alarms: readonly Alarm[];
  /** The Aurora global database this cluster belongs to (`global`); null otherwise. */
  readonly global: GlobalDatabase | null;
  /** RDS automated backups replicated to another region (`backup.replicateTo`); null otherwise. */
  readonly backupReplication: BackupReplication | null;
}

export interface GlobalDatabase {
  /** `aws_rds_global_cluster` identifier. */
  readonly identifier: string;
  /** Where the global cluster and its primary cluster live. */
  readonly primaryRegion: string;
  readonly secondaryRegions: readonly string[];
  /** This environment × region holds a secondary cluster (no master user, no database name of its own). */
  readonly secondary: boolean;
  /** The primary cluster existed before the global database (`global: { adopt: true }`): the global cluster is created from it. */
  readonly adopt: boolean;
  /** The secondaries forward writes to the primary (`writeForwarding`; by default when the recovery regions serve users). */
  readonly writeForwarding: boolean;
  /**
   * RDS cannot manage the master password of a global database's cluster, so berth keeps it in a secret of
   * its own (replicated to the secondary regions), set from an ephemeral variable at the apply that creates
   * the cluster: write-only, never in a plan, state or file.
   */
  readonly masterPassword: { readonly variable: string; readonly secretName: string };
}

export interface BackupReplication {
  /** The region the automated backups are copied to, with a KMS key there. */
  readonly region: string;
}

export interface DeclaredSecret {
  readonly key: string;
  /** `<prefix>/<key>`. */
  readonly name: string;
  readonly description: string;
  readonly recoveryWindowDays: number;
}

export interface DeclaredParameter {
  readonly key: string;
  /** `/<project>/<env>/<key>`. */
  readonly name: string;
  readonly description: string;
  readonly secure: boolean;
  /** The value of a plain `String` parameter; `undefined` for SecureString (set outside Terraform). */
  readonly value: string | undefined;
}

/** A service's use of a database: which variables receive the connection settings. */
export interface DatabaseUse {
  readonly database: string;
  readonly port: number;
  /** Plain environment: host, port, database name. */
  readonly hostVar: string;
  readonly portVar: string;
  readonly nameVar: string;
  /** ECS secrets from the managed master secret's JSON keys `username` and `password`. */
  readonly usernameVar: string;
  readonly passwordVar: string;
  /**
   * MySQL only, and only under `berth dev`: `DISABLED` there, because the local server has no TLS. Never
   * set on AWS, where the parameter group requires TLS, so a client that reads it fails closed.
   * (PostgreSQL clients get the standard `PGSSLMODE` instead.)
   */
  readonly sslModeVar: string;
  /** IAM database authentication as this database user: `rds-db:connect` on the task role, the user name as plain environment, no password. */
  readonly iamUser: string | null;
}

/** An SQS queue of the `messaging` stack. */
export interface Queue {
  /** The key in the config. */
  readonly key: string;
  /** `<prefix>-<key>`, ≤ 80 characters, with `.fifo` for a FIFO queue. */
  readonly name: string;
  /** A FIFO queue (its dead-letter queue is FIFO too); content-based deduplication only on one. */
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionSeconds: number;
  readonly receiveWaitSeconds: number;
  /** The dead-letter queue `<name>-dlq` (`<name>-dlq.fifo` for a FIFO queue), or null. */
  readonly deadLetter: { readonly name: string; readonly maxReceives: number; readonly retentionSeconds: number } | null;
  /** Topics that deliver to the queue (their subscriptions name it), by key. */
  readonly topics: readonly string[];
  /** The dead-letter alarm (messages visible in the dead-letter queue), rendered beside the queue. */
  readonly alarms: readonly Alarm[];
}

/** An SNS topic of the `messaging` stack with its queue subscriptions. */
export interface Topic {
  readonly key: string;
  /** `<prefix>-<key>`, ≤ 256 characters, with `.fifo` for a FIFO topic. */
  readonly name: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  readonly subscriptions: readonly TopicSubscription[];
}

export interface TopicSubscription {
  /** Key of the subscribed queue. */
  readonly queue: string;
  /** The filter policy as JSON-able data; null delivers every message. */
  readonly filter: Readonly<Record<string, unknown>> | null;
  readonly filterScope: "MessageAttributes" | "MessageBody";
  readonly rawDelivery: boolean;
}

/** A service's use of a queue: what it may do, and the variable that receives the URL. */
export interface QueueUse {
  readonly queue: string;
  readonly send: boolean;
  readonly consume: boolean;
  /** `<QUEUE>_QUEUE_URL`. */
  readonly urlVar: string;
}

/** A service's use of a topic: it publishes; the variable receives the ARN. */
export interface TopicUse {
  readonly topic: string;
  /** `<TOPIC>_TOPIC_ARN`. */
  readonly arnVar: string;
}

export interface StateBackend {
  readonly bucket: string;
  readonly region: string;
  /** The role the backend assumes to reach the bucket (the environment's). */
  readonly role: AssumedRole | undefined;
  /** Optional DynamoDB lock table for teams that have one; native S3 lock files are always on. */
  readonly lockTable: string | undefined;
  /** Key of a stack's state: `${keyPrefix}/${stackId}.tfstate`. */
  readonly keyPrefix: string;
  /** A copy of the bucket in another region that S3 replicates every state version to (`state.replicateTo`). */
  readonly replica?: { readonly bucket: string; readonly region: string; readonly roleName: string };
}

export interface Subnet {
  readonly tier: SubnetTier;
  readonly az: string;
  /** Position of the AZ in `network.azs`. */
  readonly azIndex: number;
  readonly cidr: string;
  readonly name: string;
}

export interface Network {
  readonly name: string;
  readonly cidr: string;
  /** AZ names; for an existing VPC (unknown to berth) one label per AZ, named after its public subnet. */
  readonly azs: readonly string[];
  /** The subnets berth creates: none in an existing VPC. */
  readonly subnets: readonly Subnet[];
  /** `network.vpc`: the existing VPC and its subnet ids per tier (database: the private ones unless given); null when berth creates the VPC. */
  readonly existing: ExistingVpc | null;
  /** Subnet tiers that exist (public and private always; database when asked for or needed). */
  readonly tiers: readonly SubnetTier[];
  readonly nat: NatMode;
  readonly endpoints: Endpoints;
  readonly flowLogs: { readonly retentionDays: number } | null;
  /** Network ACL of the database tier: the engine ports, open only from these subnet tiers; `null` without databases. */
  readonly databaseAcl: { readonly ports: readonly number[]; readonly from: readonly SubnetTier[] } | null;
  /** AWS names (and Name tags) of the network's own resources, within their limits. */
  readonly names: NetworkNames;
  /** The SSM-only bastion (`network.bastion`; rendered in the data stack, primary region only); null when off. */
  readonly bastion: Bastion | null;
}

export interface ExistingVpc {
  readonly id: string;
  readonly subnets: Readonly<Record<SubnetTier, readonly string[]>>;
  /** The S3 gateway endpoint's prefix list, when the config gives it. */
  readonly s3PrefixList: string | null;
}

export interface NetworkNames {
  readonly defaultSecurityGroup: string;
  readonly internetGateway: string;
  readonly publicRouteTable: string;
  readonly databaseRouteTable: string;
  readonly databaseAcl: string;
  readonly s3Endpoint: string;
  /** Security group of the interface endpoints. */
  readonly endpointsSecurityGroup: string;
  readonly flowLogGroup: string;
  /** IAM role VPC flow logs assume to write to their log group. */
  readonly flowLogRole: string;
}

export interface Endpoints {
  /** Gateway endpoints (free): `s3`. */
  readonly gateway: readonly string[];
  /** Interface endpoints, by service suffix: `ecr.api`, `ecr.dkr`, `logs`, `ecs`, `secretsmanager`, `ssm`… */
  readonly interface: readonly string[];
  /** Why berth added them, for the comment in the generated file. */
  readonly reason: string;
}

export interface CapacityProviderShare {
  readonly provider: string;
  readonly base: number;
  readonly weight: number;
}

export interface Ec2Capacity {
  readonly kind: "ec2";
  readonly instanceType: string;
  readonly architecture: Architecture;
  /** Public SSM parameter holding the ECS-optimized AMI id, resolved by EC2 at launch. */
  readonly amiParameter: string;
  /** CPU units and MiB an instance offers to tasks (after the ECS agent's reserve). */
  readonly instanceCpu: number;
  readonly instanceMemory: number;
  readonly min: number;
  readonly max: number;
  readonly desired: number;
  readonly subnetTiers: readonly SubnetTier[];
  readonly rootVolumeGb: number;
  readonly targetCapacity: number;
  readonly asgName: string;
  readonly launchTemplateName: string;
  readonly capacityProviderName: string;
  readonly instanceRoleName: string;
  /** Security group of the container instances (bridge-mode tasks share it). */
  readonly securityGroupName: string;
}

export interface FargateCapacity {
  readonly kind: "fargate";
}

export interface Cluster {
  readonly name: string;
  readonly containerInsights: boolean;
  readonly capacity: Ec2Capacity | FargateCapacity;
  /** The cluster's default strategy, which every service uses. */
  readonly strategy: readonly CapacityProviderShare[];
}

export type DefaultAction =
  | { readonly kind: "forward"; readonly service: string }
  | { readonly kind: "fixed"; readonly status: number; readonly body: string; readonly contentType: string };

export interface ListenerRule {
  readonly priority: number;
  readonly service: string;
  /** Path patterns as ALB matches them: case-sensitive, `*` and `?` wildcards. */
  readonly paths: readonly string[];
  readonly hosts: readonly string[];
  /**
   * The catch-all rule of the load balancer's default service (priority 50000, the last one): the listener,
   * in the platform stack, cannot forward to a target group that does not exist yet, so the service's own
   * stack sends every request no other rule matches to it.
   */
  readonly catchAll?: true;
}

export interface LoadBalancer {
  /** The key in the config (`public`, `internal`…). */
  readonly key: string;
  /** AWS name, ≤ 32 characters. */
  readonly name: string;
  readonly internal: boolean;
  readonly subnetTier: SubnetTier;
  readonly port: number;
  readonly idleTimeout: number;
  readonly deletionProtection: boolean;
  readonly defaultAction: DefaultAction;
  /** Listener rules in priority order. */
  readonly rules: readonly ListenerRule[];
  /** Who may connect: the internet, CloudFront only, or the services that call it (by name). */
  readonly ingress: { readonly kind: "internet" } | { readonly kind: "cloudfront" } | { readonly kind: "services"; readonly services: readonly string[] };
  readonly accessLogs: {
    readonly bucket: string;
    readonly prefix: string;
    readonly retentionDays: number;
    /** The access-log bucket's own S3 server access logs go to this second bucket (checkov CKV_AWS_18, trivy AVD-AWS-0089); null when off. */
    readonly serverLogs: { readonly bucket: string; readonly retentionDays: number } | null;
  } | null;
  /** AWS WAF web ACL (managed rule groups + rate limit) on the load balancer, or `null`. */
  readonly waf: { readonly name: string; readonly rateLimit: number; readonly managedRuleGroups: readonly string[] } | null;
  readonly securityGroupName: string;
  /** HTTPS listener (rules attach to it) and the HTTP → HTTPS redirect; null for HTTP only. */
  readonly https: Https | null;
  readonly cloudfront: CloudFront | null;
}

/** A Network Load Balancer (`networkLoadBalancers.<key>`): the platform stack owns it and its security group. */
export interface NetworkLoadBalancer {
  readonly key: string;
  /** AWS name, ≤ 32 characters. */
  readonly name: string;
  readonly internal: boolean;
  readonly subnetTier: SubnetTier;
  readonly crossZone: boolean;
  readonly deletionProtection: boolean;
  readonly securityGroupName: string;
  readonly sslPolicy: string;
  /** The alias record's name in the environment's zone; null without a domain (or in a recovery region). */
  readonly recordName: string | null;
  /** Every service's listeners on it, by port. */
  readonly listeners: readonly NlbListener[];
}

export type NlbProtocol = "TCP" | "TLS" | "UDP" | "TCP_UDP";

/** One listener on a Network Load Balancer and the target group (in the service's stack) it forwards to. */
export interface NlbListener {
  readonly loadBalancer: string;
  readonly service: string;
  readonly port: number;
  readonly protocol: NlbProtocol;
  /** TLS ends at the load balancer, so its targets speak TCP. */
  readonly targetProtocol: "TCP" | "UDP" | "TCP_UDP";
  readonly targetPort: number;
  /** AWS target group name, ≤ 32 characters, unique in the environment. */
  readonly targetGroupName: string;
  readonly healthCheck: {
    readonly protocol: "TCP" | "HTTP" | "HTTPS";
    readonly path: string | null;
    /** The port checked; `traffic-port` is the target port. */
    readonly port: number | "traffic-port";
    readonly intervalSeconds: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
  };
  /** Config path of the listener, for errors. */
  readonly at: readonly (string | number)[];
}

/** How CodeDeploy moves traffic to a new version. */
export type TrafficShift =
  | { readonly kind: "all-at-once" }
  | { readonly kind: "canary"; readonly percent: number; readonly minutes: number }
  | { readonly kind: "linear"; readonly percent: number; readonly everyMinutes: number };

/** A CodeDeploy deployment configuration: one of AWS's predefined ones, or a custom one the stack creates. */
export interface DeploymentConfig {
  readonly name: string;
  /** False for `CodeDeployDefault.*`; true when the stack declares it. */
  readonly custom: boolean;
  readonly traffic: TrafficShift;
}

/** A function deployed blue/green by CodeDeploy: the `live` alias's traffic moves to each new version by weight. */
export interface FunctionBlueGreen {
  readonly application: string;
  readonly deploymentGroup: string;
  readonly config: DeploymentConfig;
  /** Names of the alarms that stop and roll back a deployment (empty: only failures roll back). */
  readonly rollbackAlarms: readonly string[];
  readonly roleName: string;
}

/** A service deployed blue/green by CodeDeploy: its application, deployment group and the one route it shifts. */
export interface BlueGreen {
  readonly application: string;
  readonly deploymentGroup: string;
  readonly config: DeploymentConfig;
  /** The load balancer route whose target group pair CodeDeploy swaps. */
  readonly route: { readonly kind: "alb"; readonly loadBalancer: string } | { readonly kind: "nlb"; readonly loadBalancer: string; readonly port: number };
  /** Name of the second ("green") target group, ≤ 32 characters. */
  readonly greenTargetGroupName: string;
  readonly testListenerPort: number | null;
  /** Names of the alarms that stop and roll back a deployment (empty: only failures roll back). */
  readonly rollbackAlarms: readonly string[];
  readonly terminateBlueMinutes: number;
  /** The IAM role CodeDeploy assumes. */
  readonly roleName: string;
}

export interface Https {
  readonly port: 443;
  readonly sslPolicy: string;
  /** The name of the alias record, and the host of service URLs through this load balancer. */
  readonly hostName: string;
  /** Every alias record pointing at the load balancer: `hostName` and the exact hosts of its routes. */
  readonly records: readonly string[];
  /** With a recovery region: each region's records (a failover pair, or latency records), behind a health check. */
  readonly regional: RegionalRecords | null;
}

/** A Route 53 geolocation: a continent code, a country code, or the default record (`country: "*"`). */
export type GeoLocation = { readonly continent: string; readonly country?: undefined } | { readonly country: string; readonly continent?: undefined };

export interface RegionalRecords {
  /**
   * `failover`: the recovery region answers only while the primary is unhealthy; `latency`: the nearer healthy
   * region answers; `geolocation`: each region answers its `locations` (the primary: the default record).
   */
  readonly routing: "failover" | "latency" | "geolocation";
  /** The places this region's geolocation records answer (one record per place and name); empty unless `geolocation`. */
  readonly locations: readonly GeoLocation[];
  readonly role: "PRIMARY" | "SECONDARY";
  /** `set_identifier` of the region's records: the region. */
  readonly setIdentifier: string;
  /** Path the Route 53 health check requests over HTTPS: the default service's health check, else `/` (an HTTP API's: its `healthCheck.path`). */
  readonly healthCheckPath: string;
}

export interface CloudFront {
  /** The distribution's comment, which names it in the console. */
  readonly comment: string;
  readonly priceClass: string;
  /** The origin-facing managed prefix list id when the config gives it; else a variable without default. */
  readonly prefixListId: string | undefined;
}

export interface Repository {
  readonly service: string;
  readonly name: string;
  readonly mutable: boolean;
  readonly scanOnPush: boolean;
  readonly keepTagged: number;
  /** When set, the keep rule counts only images whose tag starts with one of these. */
  readonly tagPrefixes: readonly string[];
  readonly expireUntaggedDays: number;
}

export interface HealthCheck {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** HTTP codes, ALB syntax: `200`, `200-299`, `200,302`. */
  readonly matcher: string;
}

export interface Target {
  readonly loadBalancer: string;
  /** AWS target group name, ≤ 32 characters, unique in the environment. */
  readonly targetGroupName: string;
}

export type EnvValue =
  | { readonly kind: "literal"; readonly value: string }
  /** The URL of another service through a load balancer: `http://<lb dns><path>`. */
  | { readonly kind: "url"; readonly loadBalancer: string; readonly service: string; readonly path: string };

export interface EnvVar {
  readonly name: string;
  readonly value: EnvValue;
}

export interface SecretRef {
  /** The environment variable name inside the container. */
  readonly name: string;
  readonly source: "secretsmanager" | "ssm";
  /** Secret name or parameter name (no ARN), in the environment's region. */
  readonly ref: string;
  /** JSON key inside a Secrets Manager secret. */
  readonly key: string | undefined;
  /** Set when berth creates the secret or parameter (declared in `secrets`/`parameters`): the declaration's key. */
  readonly declared?: string;
}

export interface Permission {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

export interface Autoscaling {
  readonly min: number;
  readonly max: number;
  readonly cpu: number | undefined;
  readonly memory: number | undefined;
  readonly requestsPerTarget: number | undefined;
  /** Workers: keep visible messages per running task at this number (acceptable latency ÷ time per message). */
  readonly backlogPerTask: number | undefined;
  readonly scaleInCooldown: number;
  readonly scaleOutCooldown: number;
  /** Scheduled changes of the range, in config order (Application Auto Scaling applies each at its time). */
  readonly schedules: readonly ScalingSchedule[];
}

/** One scheduled action: from `expression` on (in `timezone`), the service runs between `min` and `max` tasks. */
export interface ScalingSchedule {
  /** Key in `autoscaling.schedules`. */
  readonly key: string;
  /** The scheduled action's name, unique per service. */
  readonly name: string;
  readonly expression: string;
  readonly timezone: string;
  readonly min: number;
  readonly max: number;
}

export interface ContainerHealthCheck {
  readonly command: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

/** A container the service's container (or a sidecar) waits for, and on what (ECS `dependsOn`). */
export interface ContainerDependency {
  readonly container: string;
  readonly condition: "START" | "HEALTHY" | "COMPLETE" | "SUCCESS";
}

/** One more container in the service's task: same network, size budget and log group. */
export interface Sidecar {
  /** The container name (unique in the task, never the service's own name). */
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[] | undefined;
  readonly port: number | null;
  readonly essential: boolean;
  /** CPU units reserved, and the hard memory limit in MiB; null shares the task's. */
  readonly cpu: number | null;
  readonly memory: number | null;
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  readonly secrets: readonly SecretRef[];
  readonly dependsOn: readonly ContainerDependency[];
  readonly healthCheck: ContainerHealthCheck | null;
  /** The service's volumes it mounts too. */
  readonly mountPoints: readonly { readonly volume: string; readonly path: string; readonly readOnly: boolean }[];
  /** The service's setting: a read-only root with its own writable `/tmp`. */
  readonly readonlyRootFilesystem: boolean;
  readonly local: { readonly command: string; readonly cwd: string | undefined } | undefined;
}

/** A persistent volume of the service's container: an EFS file system, mounted over TLS with IAM authorization. */
export interface ServiceVolume {
  /** The volume's key: its name in the task definition. */
  readonly name: string;
  /** Mount path in the service's container. */
  readonly path: string;
  readonly readOnly: boolean;
  readonly efs: ManagedEfs | ExistingEfs;
}

/** An encrypted file system of the service's own, in its stack, with an access point rooted at `/<volume>`. */
export interface ManagedEfs {
  readonly kind: "managed";
  /** `<service full name>-<volume>`, ≤ 64 characters: the file system's creation token and Name tag. */
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly rootDirectory: string;
  /** Mount targets: one per subnet of the service's tier (one per AZ). */
  readonly subnetCount: number;
}

/** A file system that exists already, by id, optionally through one of its access points. */
export interface ExistingEfs {
  readonly kind: "existing";
  readonly fileSystemId: string;
  readonly accessPointId: string | undefined;
}

/** FireLens: a Fluent Bit log router container (`log_router`) and the `awsfirelens` log driver's options for the others. */
export interface FireLens {
  readonly image: string;
  /** Output options, by name (`Name` first, the rest sorted). */
  readonly options: readonly { readonly name: string; readonly value: string }[];
  /** Options whose values the execution role reads from Secrets Manager or SSM. */
  readonly secretOptions: readonly SecretRef[];
  /** `enable-ecs-log-metadata`. */
  readonly metadata: boolean;
}

/** How the service's image is built (`berth build`, generated pipelines). */
export interface ImageBuild {
  /** Build context, relative to the config's folder, POSIX separators; `.` for the folder itself. */
  readonly context: string;
  /** Dockerfile relative to the context. */
  readonly dockerfile: string;
  /** `docker buildx --platform` for the service's architecture. */
  readonly platform: "linux/amd64" | "linux/arm64";
  /** The ECR repository the image is pushed to (`Repository.name`). */
  readonly repository: string;
}

export interface LocalRun {
  readonly command: string;
  readonly cwd: string | undefined;
  readonly replicas: number;
}

/** A queue worker: no load balancer, consumes one queue. */
export interface Worker {
  readonly queue: string;
}

/** A scheduled job: its task runs on an EventBridge schedule through a Step Functions state machine. */
export interface Schedule {
  /** `rate(…)` or `cron(…)` as EventBridge reads it. */
  readonly expression: string;
  readonly timezone: string;
  readonly retries: number;
  readonly timeoutSeconds: number;
  readonly enabled: boolean;
  /** EventBridge Scheduler schedule, Step Functions state machine and the roles they assume. */
  readonly scheduleName: string;
  readonly stateMachineName: string;
  readonly roleNames: { readonly scheduler: string; readonly stateMachine: string };
}

/** Outbound traffic a service declares, beside its databases and the load balancers it calls. */
export interface DeclaredEgress {
  /** HTTPS (443) to anywhere; without it the tasks reach AWS through the VPC endpoints (443 inside the VPC) and S3. */
  readonly https: boolean;
  readonly to: readonly EgressDestination[];
}

export interface EgressDestination {
  readonly cidr: string | undefined;
  readonly prefixList: string | undefined;
  readonly protocol: "tcp" | "udp";
  readonly fromPort: number;
  readonly toPort: number;
  readonly description: string;
}

export interface Service {
  readonly name: string;
  /** `web`: an ECS service, behind load balancers or not; `worker`: an ECS service consuming a queue; `job`: a scheduled task, no ECS service. */
  readonly kind: "web" | "worker" | "job";
  /** `${prefix}-${name}`: IAM role prefix, alarm and security group names; the default ECS service name and task family. */
  readonly fullName: string;
  /** Name of the ECS service: `fullName`, or the running service's (`existing.services.<name>.service`). */
  readonly serviceName: string;
  /** Task definition family: `fullName`, or the running service's (`existing.services.<name>.taskFamily`). */
  readonly family: string;
  /** The container port; null for a worker or job that listens on none. */
  readonly port: number | null;
  /** CPU units (1024 = 1 vCPU) and MiB. */
  readonly cpu: number;
  readonly memory: number;
  readonly architecture: Architecture;
  readonly launch: "fargate" | "ec2";
  /**
   * `awsvpc` gives the task its own network interface and security group. On EC2, such tasks never get a
   * public IP, so a service in public subnets that needs the internet uses `bridge` and the instance's address.
   */
  readonly networkMode: "awsvpc" | "bridge";
  /** A full image reference given in the config, or undefined to use the service's repository. */
  readonly image: string | undefined;
  readonly imageTag: string;
  /** The container's command, replacing the image's `CMD`; undefined keeps the image's. */
  readonly command: readonly string[] | undefined;
  readonly subnetTier: SubnetTier;
  readonly assignPublicIp: boolean;
  /** How far the tasks reach: the internet (public IP or NAT), or only the VPC and its endpoints. */
  readonly egress: "internet" | "vpc";
  /** Declared egress: the security group opens only these (plus databases and called load balancers); null opens by `egress`. */
  readonly declaredEgress: DeclaredEgress | null;
  readonly desiredCount: number;
  /** The capacity provider strategy of the service: the cluster's, or Fargate Spot for a worker or job that asks for it. */
  readonly strategy: readonly CapacityProviderShare[];
  readonly minHealthyPercent: number;
  readonly maxPercent: number;
  readonly circuitBreaker: boolean;
  /** Blue/green through CodeDeploy; null for rolling deployments. */
  readonly blueGreen: BlueGreen | null;
  readonly healthCheckGraceSeconds: number;
  readonly healthCheck: HealthCheck;
  readonly deregistrationDelaySeconds: number;
  readonly targets: readonly Target[];
  /** Listeners on Network Load Balancers that forward to the service. */
  readonly nlbListeners: readonly NlbListener[];
  readonly environment: readonly EnvVar[];
  readonly secrets: readonly SecretRef[];
  readonly permissions: readonly Permission[];
  readonly autoscaling: Autoscaling | null;
  readonly logGroup: string;
  readonly logRetentionDays: number;
  /** IAM roles: the execution role (pull, logs, secrets) and the task role (the app's own permissions). */
  readonly roleNames: { readonly execution: string; readonly task: string };
  /**
   * KMS key of the container log group: the key the config names (`logKmsKey`), else the environment's
   * logs key (`kms.logs`, in the network stack) when it has one, else none (CloudWatch's own encryption).
   */
  readonly logKmsKey: { readonly kind: "arn"; readonly arn: string } | { readonly kind: "environment" } | null;
  readonly alarms: readonly Alarm[];
  readonly containerHealthCheck: ContainerHealthCheck | null;
  /** EFS volumes mounted into the service's container, by name. */
  readonly volumes: readonly ServiceVolume[];
  /** Fargate ephemeral storage of each task in GiB (21–200); null for the default 20. */
  readonly ephemeralStorageGib: number | null;
  /** Logs through a FireLens log router instead of CloudWatch Logs; null for CloudWatch Logs. */
  readonly firelens: FireLens | null;
  /** More containers in the task, by name; the service's container waits for those in `dependsOn`. */
  readonly sidecars: readonly Sidecar[];
  readonly dependsOn: readonly ContainerDependency[];
  /** The sidecar the load balancers forward to (its name and port); null for the service's own container and port. */
  readonly routeTo: { readonly container: string; readonly port: number } | null;
  readonly readonlyRootFilesystem: boolean;
  readonly enableExecuteCommand: boolean;
  /** Databases the service uses, with the variables that receive their connection settings. */
  readonly databases: readonly DatabaseUse[];
  /** Queues and topics the service uses (a worker consumes its queue). */
  readonly queues: readonly QueueUse[];
  readonly topics: readonly TopicUse[];
  readonly worker: Worker | null;
  readonly schedule: Schedule | null;
  /** Load balancers this service calls (through `url` environment values), for security group rules. */
  readonly calls: readonly string[];
  readonly local: LocalRun | undefined;
  /** Null when the service runs an image from elsewhere (no repository of its own). */
  readonly build: ImageBuild | null;
}

/**
 * Usage assumptions behind the cost estimate (`cost` in the config, tier-independent defaults): what the
 * model cannot know — how many tasks run on average, how much data flows, how much is logged and stored.
 */
export interface CostAssumptions {
  readonly hoursPerMonth: number;
  /** Average running tasks by service name. */
  readonly tasks: Readonly<Record<string, number>>;
  /** Average running EC2 container instances; `null` on Fargate. */
  readonly instances: number | null;
  readonly loadBalancerLcus: number;
  readonly internetTrafficGb: number;
  readonly privateTrafficGb: number;
  /** Per service. */
  readonly logsGb: number;
  readonly flowLogsGb: number;
  /** Per load balancer with access logs. */
  readonly accessLogsGb: number;
  /** Per repository. */
  readonly imagesGb: number;
  /** Per EFS file system berth creates. */
  readonly efsGb: number;
  readonly databases: Readonly<
    Record<
      string,
      {
        readonly storageGb: number;
        readonly ioRequestsMillions: number;
        readonly backupGb: number;
        /** Aurora global: write I/Os replicated to each secondary region, millions a month. */
        readonly replicatedWritesMillions: number;
        /** RDS `backup.replicateTo`: backup storage kept in the other region. */
        readonly replicatedBackupGb: number;
      }
    >
  >;
  /** By function key: invocations (millions a month) and average billed duration (ms). */
  readonly functions: Readonly<Record<string, { readonly invocationsMillions: number; readonly durationMs: number }>>;
  /** By HTTP API key: requests, millions a month. */
  readonly httpApis: Readonly<Record<string, number>>;
  /** By queue key: messages, millions a month. */
  readonly queues: Readonly<Record<string, number>>;
  /** By topic key: publishes, millions a month. */
  readonly topics: Readonly<Record<string, number>>;
  /** By job (service name): runs a month (from its schedule) and minutes a run. */
  readonly jobs: Readonly<Record<string, { readonly runs: number; readonly minutes: number }>>;
  /** Requests each WAF web ACL inspects, millions a month. */
  readonly wafRequestsMillions: number;
  readonly dnsQueriesMillions: number;
  /** S3 storage of each static site (old versions included). */
  readonly siteStorageGb: number;
  readonly cloudfront: { readonly trafficGb: number; readonly requestsMillions: number };
  readonly apiRequestsTenThousands: number;
  /** Unit prices replacing the shipped ones, by price key. */
  readonly prices: Readonly<Record<string, number>>;
}

/** A finding of `berth check` the config accepts. */
export interface Suppression {
  readonly rule: string;
  /** Only findings on this resource; `undefined` for every finding of the rule. */
  readonly resource: string | undefined;
  readonly reason: string;
  /** Where the config says so (`checks.suppress[0]` or `environments.prod.checks.suppress[1]`). */
  readonly at: string;
}

/** A Lambda function (`function-<name>` stack): its package, size, access and triggers. */
export interface LambdaFunction {
  /** The key in the config. */
  readonly key: string;
  /** Function name (`<prefix>-<key>`, or the config's `name`), ≤ 64 characters. */
  readonly name: string;
  /** Folder zipped into the package, relative to the config's folder (POSIX separators); null for an image. */
  readonly dir: string | null;
  /** The command that builds the code berth zips (`functions.<key>.build`) and the folder it runs in (relative, POSIX); null when none. */
  readonly build: { readonly command: string; readonly dir: string } | null;
  /** How `berth dev` runs it as a Lambda Runtime API client (`functions.<key>.local`; cwd relative, POSIX); null: the Node.js harness. */
  readonly local: { readonly command: string; readonly cwd: string | null } | null;
  /** The container image the function runs instead of a zip: from its own repository (platform stack) at a tag, or a URI. */
  readonly image: { readonly kind: "repository"; readonly repository: string; readonly tag: string } | { readonly kind: "uri"; readonly uri: string } | null;
  readonly handler: string;
  readonly runtime: string;
  readonly architecture: "arm64" | "x86_64";
  readonly memory: number;
  readonly timeoutSeconds: number;
  /** Reserved concurrency; -1 for none (the account's unreserved pool), as the provider writes it. */
  readonly reservedConcurrency: number;
  /** Plain environment, sorted by name; secrets and connection settings included as names and ARNs, never values. */
  readonly environment: readonly EnvVar[];
  readonly secrets: readonly FunctionSecret[];
  /** Placed in the private subnets, with its own security group. */
  readonly vpc: boolean;
  readonly databases: readonly FunctionDatabaseUse[];
  readonly queues: readonly QueueUse[];
  readonly topics: readonly TopicUse[];
  readonly permissions: readonly Permission[];
  readonly logGroup: string;
  readonly logRetentionDays: number;
  /** The environment's logs key (`kms.logs`) encrypts the log group when it has one. */
  readonly logsKey: boolean;
  readonly roleName: string;
  /** The alias triggers invoke, pointing at the version each apply publishes. */
  readonly alias: "live";
  readonly http: { readonly api: string; readonly routes: readonly string[] } | null;
  readonly events: readonly EventRule[];
  readonly eventRetries: number;
  /** The dead-letter queue of the EventBridge rules (`<name>-events-dlq`), when there are any. */
  readonly eventsDeadLetter: string | null;
  readonly queueTrigger: QueueTrigger | null;
  /** Errors and throttles of the alias; a message in the events dead-letter queue (with rules). */
  readonly alarms: readonly Alarm[];
  /** Blue/green through CodeDeploy (weighted alias shifts started by `berth deploy`); null: each apply moves the alias. */
  readonly blueGreen: FunctionBlueGreen | null;
}

/** A function's secret: its ARN or parameter name arrives in `variable`; the role may read it. */
export interface FunctionSecret {
  readonly variable: string;
  readonly source: "secretsmanager" | "ssm";
  readonly ref: string;
  readonly declared?: string;
}

/** A function's use of a database: host, port and name as environment, the managed secret's ARN in `secretIdVar`. */
export interface FunctionDatabaseUse {
  readonly database: string;
  readonly port: number;
  readonly hostVar: string;
  readonly portVar: string;
  readonly nameVar: string;
  readonly secretIdVar: string;
}

/** An EventBridge rule that invokes a function. */
export interface EventRule {
  /** `<function name>-<n>`, ≤ 64 characters. */
  readonly name: string;
  readonly schedule: string | null;
  readonly pattern: Readonly<Record<string, unknown>> | null;
  /** Bus name; `default` for the account's. */
  readonly bus: string;
  readonly input: Readonly<Record<string, unknown>> | null;
}

/** An SQS event source mapping of a function. */
export interface QueueTrigger {
  readonly queue: string;
  readonly batchSize: number;
  readonly batchWindowSeconds: number;
  readonly maxConcurrency: number | null;
  readonly reportFailures: boolean;
}

/** An HTTP API (`api-<name>` stack): its routes (declared by functions), stage, CORS and custom host. */
export interface HttpApi {
  readonly key: string;
  /** `<prefix>-<key>`. */
  readonly name: string;
  /** Route key → function key, sorted by route key. */
  readonly routes: readonly { readonly key: string; readonly function: string }[];
  readonly cors: {
    readonly origins: readonly string[];
    readonly methods: readonly string[];
    readonly headers: readonly string[];
    readonly maxAgeSeconds: number;
  } | null;
  readonly throttle: { readonly rate: number; readonly burst: number };
  /** `<host>.<domain>` when the API has a custom host. */
  readonly domainName: string | null;
  readonly accessLogGroup: string;
  readonly accessLogRetentionDays: number;
  readonly logsKey: boolean;
  /** `httpApis.<key>.healthCheck.path`: a path a `GET` route answers; Route 53 requests it in each region. */
  readonly healthCheckPath: string | null;
  /** With recovery regions and a `domainName`: this region's side of the API's Route 53 routing. */
  readonly regional: RegionalRecords | null;
}

/** A static site (`site-<name>` stack): a private S3 bucket that only its CloudFront distribution reads. */
export interface Site {
  readonly key: string;
  /** `<prefix>-<key>`: the distribution's comment and the tags' Name. */
  readonly name: string;
  /** `<prefix>-<key>-site[-<account>]`, within S3's 63 characters. */
  readonly bucket: string;
  /** The folder uploaded and served, relative to the config file's folder. */
  readonly dir: string;
  /** The build `berth deploy` runs first; `cwd` relative to the config file's folder. */
  readonly build: { readonly command: string; readonly cwd: string } | null;
  /** A path with no file answers `/index.html` with 200. */
  readonly spa: boolean;
  /** `aws s3 sync` patterns of hashed assets, cached for a year; every other file is revalidated. */
  readonly immutable: readonly string[];
  readonly priceClass: "PriceClass_100" | "PriceClass_200" | "PriceClass_All";
  /** The name within the environment's domain (its own us-east-1 certificate and alias records); null: the `*.cloudfront.net` URL only. */
  readonly domainName: string | null;
  /** Name of the origin access control the distribution signs its S3 requests with. */
  readonly originAccessControl: string;
  /** `berth destroy` empties the bucket first (every tier but prod). */
  readonly forceDestroy: boolean;
}
