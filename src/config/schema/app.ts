/** The root of a berth config: project, state, network, compute, load balancers, services and environments. */
import { z } from "zod";
import { ciSchema } from "./ci.js";
import { computeSchema } from "./compute.js";
import { certificateArn, domainSchema } from "./domain.js";
import { existingSchema } from "./existing.js";
import { checksSchema, costSchema } from "./insight.js";
import { databaseSchema } from "./database.js";
import { networkLoadBalancerSchema } from "./network-load-balancer.js";
import { loadBalancerSchema } from "./load-balancer.js";
import { functionSchema, httpApiSchema } from "./function.js";
import { queueSchema, topicSchema } from "./messaging.js";
import { monitoringSchema } from "./monitoring.js";
import { networkSchema } from "./network.js";
import { kmsSchema, parameterSchema, secretSchema } from "./secret.js";
import { serviceSchema } from "./service.js";
import { siteSchema } from "./site.js";
import { name, strict } from "./strict.js";

const tags = z.record(z.string().min(1).max(128), z.string().max(256)).describe("Tags added to every resource through the provider's `default_tags`.");

const accountId = z.string().regex(/^\d{12}$/, { error: "expected a 12-digit AWS account id" });

const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "expected an S3 bucket name" });

const lockTable = z.string().min(3).max(255);

const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { error: 'expected an AWS region such as "us-east-1"' });

/** One recovery region of an environment (`environments.<env>.recovery`, or an entry of its list). */
export const recoveryRegionSchema = strict({
  region: region.describe('The recovery region, e.g. `"us-west-2"`; it must differ from `region` and from the other recovery regions.'),
  network: networkSchema
    .partial()
    .optional()
    .describe(
      "The recovery region's VPC, e.g. `{ cidr: \"10.1.0.0/16\" }`. Default: the environment's network with as many AZs and berth's subnet plan. Its CIDR must not overlap the primary's, nor another recovery region's, when a database is global.",
    ),
  routing: z
    .union(
      [
        z.enum(["failover", "latency"]),
        strict({
          geolocation: strict({
            continents: z
              .array(z.enum(["AF", "AN", "AS", "EU", "NA", "OC", "SA"]))
              .optional()
              .describe('Route 53 continent codes whose users the recovery region answers, e.g. `["EU", "AS"]`.'),
            countries: z
              .array(z.string().regex(/^[A-Z]{2}$/, { error: 'expected an ISO 3166-1 alpha-2 country code such as "GB"' }))
              .optional()
              .describe('ISO country codes whose users the recovery region answers, e.g. `["GB", "IN"]` (a country wins over its continent).'),
          }).describe("Where the recovery region's users are; everyone else goes to the primary (the default record)."),
        }),
      ],
      { error: 'expected "failover", "latency" or { geolocation: { continents: [...], countries: [...] } }' },
    )
    .optional()
    .describe(
      "How Route 53 answers the domain: `failover` (the recovery region only while the primary's health check fails; one recovery region only), `latency` (the nearer healthy region: both serve, so give the standby a real `desiredCount`; a global database's secondaries then forward writes to the primary: `databases.<name>.writeForwarding`) or `{ geolocation: { continents, countries } }` (users in those places get the recovery region, everyone else the primary; a region whose health check fails hands its users to the primary's default record). Every recovery region routes the same way (set it on one, or on each; geolocation names each region's own places). Default `failover`.",
    ),
  desiredCount: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Tasks each service runs in the recovery region until a failover (autoscaling's floor too); 0 keeps services defined but stopped. Default 1."),
  certificateArn: certificateArn
    .optional()
    .describe(
      "An existing ACM certificate in the recovery region for its HTTPS listeners; required when the environment's `domain.certificateArn` is set (certificates are regional). Default: berth issues one in the region for the domain's names.",
    ),
});
export type RecoveryRegionInput = z.infer<typeof recoveryRegionSchema>;

export const environmentSchema = strict({
  tier: z
    .enum(["dev", "staging", "prod"])
    .describe("Tier whose defaults apply: NAT, AZ count, desired counts, log retention, deletion protection, access logs."),
  region: region.describe('AWS region, e.g. `"ap-south-1"`: a commercial region (GovCloud and China are not supported yet).'),
  account: z
    .union([
      accountId,
      strict({
        id: accountId.describe("The account's 12-digit id."),
        role: z
          .string()
          .regex(/^(arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}|[\w+=,.@-]{1,64})$/, {
            error: 'expected an IAM role name (e.g. "berth-deployer") or a role ARN',
          })
          .optional()
          .describe(
            "Role every stack's provider (and the state backend) assumes in the account: a name (`arn:aws:iam::<id>:role/<name>`) or a full ARN in that account. Without it, the caller's own credentials must be in the account.",
          ),
        externalId: z
          .string()
          .regex(/^[\w+=,.@:/-]{2,1224}$/, { error: "expected an external id of 2–1224 characters (letters, digits and +=,.@:/-)" })
          .optional()
          .describe("External id the role's trust policy requires (`sts:ExternalId`)."),
      }),
    ])
    .optional()
    .describe(
      'AWS account of the environment: its id (`"111111111111"`), or `{ id, role }` to assume a role there (`{ id: "333333333333", role: "berth-deployer" }`). Narrows IAM ARNs; every provider gets `allowed_account_ids`, so terraform refuses credentials of another account, and `apply`/`deploy`/`destroy` check the account once before they start. Default state bucket for an environment with an account: `"<project>-terraform-state-<id>"` (one per account).',
    ),
  state: strict({
    bucket: bucketName.optional().describe("S3 bucket for this environment's state. Default: the project's `state.bucket`, or one per account."),
    lockTable: lockTable.optional().describe("DynamoDB lock table for this environment's state."),
    keyPrefix: z.string().optional().describe("Prefix of this environment's state keys. Default: the project's."),
  })
    .optional()
    .describe("Overrides of the project's `state` for this environment, e.g. a bucket in its own account. The region stays the project's."),
  recovery: z
    .union([recoveryRegionSchema, z.array(recoveryRegionSchema).min(1, { error: "list at least one recovery region, or leave recovery out" })])
    .optional()
    .describe(
      'Warm standby regions: one `{ region, network, routing, desiredCount }`, or a list of them. Each gets its own network, platform (cluster, load balancers, registries that ECR replicates into), data (Aurora secondaries of `global` databases) and services at `desiredCount` tasks, with Route 53 records when the environment has a domain. Scheduled jobs, the schedules of functions and HTTP APIs (with the functions behind them) stay in the primary. Example: `{ region: "us-west-2", network: { cidr: "10.1.0.0/16" } }`, or `[{ region: "us-west-2", network: { cidr: "10.1.0.0/16" }, routing: "latency" }, { region: "eu-west-1", network: { cidr: "10.2.0.0/16" } }]`.',
    ),
  tags: tags.optional(),
  network: networkSchema.partial().optional().describe("Overrides of `network` for this environment."),
  compute: computeSchema.partial().optional().describe("Overrides of `compute` for this environment."),
  loadBalancers: z.record(z.string(), loadBalancerSchema.partial()).optional().describe("Overrides of `loadBalancers.<name>` for this environment."),
  networkLoadBalancers: z
    .record(z.string(), networkLoadBalancerSchema.partial())
    .optional()
    .describe("Overrides of `networkLoadBalancers.<name>` for this environment."),
  services: z
    .record(z.string(), serviceSchema.partial())
    .optional()
    .describe("Overrides of `services.<name>` for this environment (objects merge, lists replace)."),
  domain: domainSchema
    .optional()
    .describe(
      "Domain of this environment: a Route 53 hosted zone (created, or an existing one), an ACM certificate validated through DNS, HTTPS with an HTTP → HTTPS redirect on internet-facing load balancers, and alias records for them. Service URLs become `https://`.",
    ),
  monitoring: monitoringSchema.partial().optional().describe("Overrides of `monitoring` for this environment."),
  databases: z
    .record(z.string(), databaseSchema.partial())
    .optional()
    .describe('Overrides of `databases.<name>` for this environment, e.g. `{ main: { instanceClass: "db.t3.small" } }`.'),
  kms: kmsSchema.partial().optional().describe("Overrides of `kms` for this environment."),
  cost: costSchema.optional().describe("Overrides of `cost` for this environment (objects merge)."),
  checks: checksSchema.optional().describe("More suppressions of `berth check` findings for this environment (added to the shared ones)."),
  queues: z.record(z.string(), queueSchema.partial()).optional().describe("Overrides of `queues.<name>` for this environment."),
  functions: z
    .record(z.string(), functionSchema.partial())
    .optional()
    .describe("Overrides of `functions.<name>` for this environment (objects merge, lists replace)."),
  httpApis: z
    .record(z.string(), httpApiSchema.partial())
    .optional()
    .describe('Overrides of `httpApis.<name>` for this environment, e.g. `{ public: { host: "api" } }` where it has a domain.'),
  sites: z
    .record(z.string(), siteSchema.partial())
    .optional()
    .describe('Overrides of `sites.<name>` for this environment, e.g. `{ web: { host: "@" } }` where it has a domain.'),
  existing: existingSchema
    .optional()
    .describe(
      "Names of resources that already run in this environment (a Copilot application, a platform built by hand), used instead of berth's own so the first apply keeps them; `berth adopt` prints what to set here and writes the import blocks. Primary region only.",
    ),
});
export type EnvironmentInput = z.infer<typeof environmentSchema>;

export const configSchema = strict({
  $schema: z.string().optional().describe("JSON Schema reference for editors (ignored)."),
  project: name("project").describe("Project name: the prefix of every AWS name (`<project>-<env>-…`)."),
  tags: tags.optional(),
  state: strict({
    bucket: bucketName
      .optional()
      .describe(
        'S3 bucket for Terraform state. Default `"<project>-terraform-state"`, or `"<project>-terraform-state-<account id>"` for environments that name their account.',
      ),
    region: region
      .optional()
      .describe(
        'Region of the state bucket, one for the whole project (the bucket name is global). Default: the region of the environments when they all share one; required when they are in several regions, e.g. `"eu-west-1"`.',
      ),
    lockTable: lockTable.optional().describe("DynamoDB lock table, for teams that have one. S3 native lock files (`use_lockfile`) are always on."),
    keyPrefix: z.string().optional().describe('Prefix of state keys: `<keyPrefix>/<env>/<region>/<stack>.tfstate`. Default `"<project>"`.'),
    replicateTo: region
      .optional()
      .describe(
        '`berth bootstrap` also makes a versioned copy of each state bucket in this region (`<bucket>-<region>`) and replicates every state version to it (S3 replication, with its own IAM role `<bucket>-replication`), e.g. the recovery region `"us-west-2"`. Default: none.',
      ),
  })
    .optional()
    .describe("Remote state: S3 with encryption and lock files."),
  network: networkSchema.optional().describe("The VPC: CIDR plan, AZs, NAT, endpoints."),
  compute: computeSchema.optional().describe("Cluster capacity. Default: Fargate."),
  loadBalancers: z
    .record(name("load balancer name"), loadBalancerSchema)
    .optional()
    .describe("Application Load Balancers by name, e.g. `public` and `internal`."),
  networkLoadBalancers: z
    .record(name("load balancer name"), networkLoadBalancerSchema)
    .optional()
    .describe("Network Load Balancers by name (TCP, TLS, UDP), each with its own security group; services add listeners on them with `services.<name>.nlb`."),
  monitoring: monitoringSchema
    .optional()
    .describe(
      "Alarm notifications and the dashboard of every environment; alarms themselves are set per service (`services.<name>.alarms`) and per database (`databases.<name>.alarms`).",
    ),
  services: z.record(name("service name"), serviceSchema).describe("Services by name. Each gets a repository, task definition, ECS service and its own stack."),
  databases: z
    .record(name("database name"), databaseSchema)
    .optional()
    .describe("Databases by name, in the `data` stack of each environment (database subnets, KMS-encrypted, TLS required)."),
  secrets: z
    .record(name("secret name"), secretSchema)
    .optional()
    .describe(
      "Secrets Manager secrets berth creates as `<project>-<env>/<name>`, empty: their values are set outside Terraform (`aws secretsmanager put-secret-value`), so no value ever reaches a file or a plan.",
    ),
  parameters: z
    .record(name("parameter name"), parameterSchema)
    .optional()
    .describe("SSM Parameter Store parameters berth creates as `/<project>/<env>/<name>`."),
  kms: kmsSchema.optional().describe("Customer-managed KMS keys (with yearly rotation) per use; defaults follow the tier."),
  ci: ciSchema.optional().describe("Delivery: the branch that deploys, who approves production, and the CI system (`berth pipeline github|jenkins`)."),
  cost: costSchema
    .optional()
    .describe(
      "Usage assumptions behind `berth cost` (hours, tasks, traffic, logs, storage) and unit-price overrides; every assumption is printed with the estimate.",
    ),
  checks: checksSchema.optional().describe("Settings of `berth check`: accepted findings, each with a reason."),
  queues: z
    .record(name("queue name"), queueSchema)
    .optional()
    .describe("SQS queues by name (`<project>-<env>-<name>`), in the `messaging` stack: encrypted, long-polled, each with a dead-letter queue by default."),
  topics: z
    .record(name("topic name"), topicSchema)
    .optional()
    .describe("SNS topics by name (`<project>-<env>-<name>`), in the `messaging` stack, with their queue subscriptions and filter policies."),
  functions: z
    .record(name("function name"), functionSchema)
    .optional()
    .describe(
      "Lambda functions by name, one `function-<name>` stack each: code zipped from a folder, a role with exactly what it uses, a log group `/aws/lambda/<function name>`, a published version behind a `live` alias, and its triggers (HTTP routes, EventBridge rules, an SQS queue).",
    ),
  httpApis: z
    .record(name("HTTP API name"), httpApiSchema)
    .optional()
    .describe(
      "HTTP APIs (API Gateway v2) by name, one `api-<name>` stack each: the routes functions declare, a `$default` stage with access logs and throttling, CORS, an optional custom host.",
    ),
  sites: z
    .record(name("site name"), siteSchema)
    .optional()
    .describe(
      "Static sites by name, one `site-<name>` stack each: a private, versioned S3 bucket (encrypted, TLS-only) that only its CloudFront distribution reads (origin access control), HTTPS with TLS 1.2 or later, at `<host>.<domain>` with its own us-east-1 certificate where the environment has a domain. `berth deploy <site>` builds, uploads and invalidates; `berth dev` serves `dir` on a local server of its own.",
    ),
  environments: z
    .record(name("environment name"), environmentSchema)
    .refine((e) => Object.keys(e).length > 0, { error: 'declare at least one environment, e.g. { prod: { tier: "prod", region: "us-east-1" } }' })
    .describe("Environments by name, each with a tier, a region and overrides."),
});
export type BerthConfig = z.input<typeof configSchema>;
