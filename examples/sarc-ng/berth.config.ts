/**
 * SARC-NG (seed 003): a resource reservation API on Fargate, port 8080, behind an internet-facing ALB
 * (80 and 443 from anywhere; tasks admit 8080 from the ALB only, the database 3306 from the tasks only),
 * in us-east-1. Public, private and database subnets per AZ; customer-managed KMS keys; credentials in
 * Secrets Manager; rolling deployments at 200 % / 50 % (prod: blue/green, below).
 *
 *             | dev (and staging)                          | prod
 *   network   | 10.0.0.0/16 over us-east-1a/b, one NAT     | over us-east-1a/b/c, a NAT per AZ
 *   tasks     | 512 CPU / 1024 MiB, 1 task                 | 1024 CPU / 2048 MiB, 3 tasks, CPU 70 % target
 *             |                                            | tracking, 300 s cooldowns both ways
 *   database  | RDS MySQL 8.0 on db.t3.medium, 20 GB gp3   | Aurora MySQL 8.0.mysql_aurora.3.03.1, two
 *             | growing to 100 GB, single-AZ, 7-day        | db.r5.large instances in promotion order,
 *             | backups, no deletion protection            | 30-day backups, deletion protection,
 *             |                                            | Performance Insights
 *
 * Both databases back up in 03:00–06:00 UTC, are maintained Mondays 00:00–03:00 UTC and export their error
 * and slow-query logs. The seed's alerts: CPU > 80 %, database connections > 80, 5XX > 10.
 *
 * The seed organises accounts per environment ("Development/Staging/Production Account", cross-account
 * roles for CI/CD): each environment names its account (placeholder ids 111111111111, 222222222222 and
 * 333333333333; put yours) and the role berth assumes there, so every provider assumes it and refuses
 * credentials of another account, and each account keeps its own state bucket
 * (`sarc-ng-terraform-state-<account id>`; `berth bootstrap` makes each in its account). The seed's
 * default tags (`CostCenter`, `Owner`, `ManagedBy = "terraform"`) are the project's tags; the user's
 * tags win over berth's own `ManagedBy = "berth"`.
 *
 * The seed's Lambda HTTP API, `sarc-ng-api` (log group `/aws/lambda/sarc-ng-api`), is the function `api`
 * behind the HTTP API `public`: read-only routes over the same MySQL database (`GET /resources`,
 * `GET /resources/{id}/availability`), in the VPC's private subnets, admitted by the database on 3306,
 * reading the database's managed secret at run time. berth zips `functions/api/dist` (`berth build` runs
 * `npm run build` in `functions/api` first: it bundles the TypeScript handler and mysql2 into `dist/index.mjs`), publishes
 * a version behind the `live` alias, and serves the API at `api.<domain>` in dev and prod (staging keeps
 * the default endpoint), with JSON access logs and throttling on the `$default` stage.
 *
 * The seed's event-driven processing runs in both forms berth has. On ECS: a worker, `recorder`, that records
 * reservation events from the `reservation-events` queue (with a dead-letter queue), and a scheduled job,
 * `expire`, that removes reservations ended long ago at 03:00 UTC. On Lambda (the seed's SQS consumer and
 * EventBridge-triggered function, in the VPC with database access): `usage`, which records the minutes
 * reserved per resource and day from its own `reservation-usage` queue (partial batch failures reported),
 * and `prune`, which removes usage older than a year daily at 04:00 UTC; both are in
 * `functions/events` (one bundle, two handlers; `npm run build` there first). The API sends each
 * reservation's event to both queues. Under `berth dev` all of it runs locally: the queues live on berth's
 * local SQS endpoint, the recorder and the usage function consume them, the functions run as local Node
 * processes reading the database's credentials from berth's local Secrets Manager endpoint, the HTTP API has
 * its own local gateway, and `expire` and `prune` fire on their schedules or at once from the console or
 * `berth dev run <name>`. In dev the worker runs on Fargate Spot (the seed's "Spot instances for development
 * ECS tasks"). Staging's api and recorder scale to zero out of hours (the seed's "scheduled scaling to reduce
 * off-hours costs"). VPC flow logs are on in every environment (the seed lists them; berth's default is
 * prod only).
 *
 * The seed's disaster recovery (secondary region us-west-2, `global_cluster_identifier = "sarc-ng-global"`,
 * registry copies in several regions, Route 53 health checks for failover): prod has a warm standby in
 * us-west-2 (`recovery`: its own 10.1.0.0/16 network, cluster, load balancer, repositories ECR replicates
 * into, and each service at one task; the usage function consumes that region's reservation-usage queue,
 * and the HTTP API with its function answers there too, while the daily job and the prune schedule run in
 * us-east-1 only). api.sarc-ng.example.com is a failover pair like the site's, each region's API checked at
 * GET /resources. Aurora is the global database
 * sarc-ng-global, its secondary cluster in us-west-2 under a key of that region; `berth output` prints the
 * switchover command. sarc-ng.example.com is a Route 53 failover pair, each region's load balancer
 * behind a health check, with a certificate in each region. `berth bootstrap` replicates each state
 * bucket to a copy in us-west-2 (the seed's cross-region state replication).
 *
 * The seed's `ecs-nlb-service` module: `api-internal` runs the same API image behind an internal Network Load
 * Balancer, `internal` (TCP 8080, admitting the VPC's CIDR; its target group checks /health over HTTP), for
 * systems inside the VPC that reach the API without the public ALB; its own security group admits the NLB's
 * group only. The seed's "ECS Blue-Green Strategy": in prod, `berth deploy api` starts a CodeDeploy
 * blue/green deployment — the new tasks behind the idle target group, test traffic on 8443 from the VPC, 10 %
 * of production traffic for 5 minutes, then the rest, rolled back if the CPU or 5XX alarm fires; the old tasks
 * stay 15 minutes after the shift ("terminate Blue tasks after validation"). The seed's "Lambda Blue-Green
 * Strategy", in prod too: an apply publishes the function's new version and `berth deploy api` (no --image:
 * the function) has CodeDeploy shift the `live` alias to it 10 % a minute, rolled back if its errors or
 * throttles alarm fires (dev and staging move the alias at once on apply).
 *
 * Left out, because berth has no equivalent yet: the seed's EKS modules. Geolocation routing exists
 * (`recovery.routing: { geolocation }`), but the one recovery region here is for failover, as the seed's
 * DR section has it.
 */
import { defineConfig } from "berth-iac";

/** The seed's subnet plan; prod adds the third AZ's subnets. */
const subnets = (azs: 2 | 3) => ({
  public: ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"].slice(0, azs),
  private: ["10.0.10.0/24", "10.0.11.0/24", "10.0.12.0/24"].slice(0, azs),
  database: ["10.0.20.0/24", "10.0.21.0/24", "10.0.22.0/24"].slice(0, azs),
});

/** The seed's dev database (RDS only: Aurora storage grows by itself); staging runs the same. */
const rdsMysql = {
  storage: "20 GB",
  maxStorage: "100 GB",
  multiAz: false,
  backup: { retention: "7 days" },
  deletionProtection: false,
  performanceInsights: false,
} as const;

/**
 * The seed's "scheduled scaling to reduce off-hours costs", in staging: no task from 20:00 to 08:00 UTC on
 * weekdays nor at weekends; the morning schedule restores each service's range.
 */
const outOfHours = {
  evening: { expression: "cron(0 20 ? * MON-FRI *)", min: 0, max: 0 },
  morning: { expression: "cron(0 8 ? * MON-FRI *)" },
} as const;

export default defineConfig({
  project: "sarc-ng",
  tags: { CostCenter: "engineering", Owner: "platform-team", ManagedBy: "terraform" },
  // The seed keeps Terragrunt's remote state without naming the bucket: one per account, berth's default.
  // The seed's "cross-region state replication": bootstrap copies each state bucket to us-west-2.
  state: { lockTable: "sarc-ng-terraform-locks", replicateTo: "us-west-2" },
  // The seed's "VPC Flow Logs for traffic analysis", in every environment (berth turns them on in prod only by default).
  network: { cidr: "10.0.0.0/16", azs: ["us-east-1a", "us-east-1b"], subnets: subnets(2), nat: "single", flowLogs: true },
  kms: { rds: true },
  loadBalancers: {
    public: { defaultAction: { forward: "api" } },
  },
  // The seed's ecs-nlb-service: an internal Network Load Balancer in the private subnets (see api-internal).
  networkLoadBalancers: { internal: { internal: true } },
  queues: {
    // A message the recorder fails 5 times moves to reservation-events-dlq, kept 14 days.
    "reservation-events": { visibilityTimeout: "1 minute", deadLetter: { maxReceives: 5 } },
    // The usage function's queue (the seed's Lambda SQS consumer); 1 minute = 6 × the function's timeout.
    "reservation-usage": { visibilityTimeout: "1 minute", deadLetter: { maxReceives: 5 } },
  },
  httpApis: {
    // The seed's API Gateway in front of sarc-ng-api; its host (api.<domain>) is set in dev and prod.
    public: { throttle: { rate: 50, burst: 100 } },
  },
  functions: {
    api: {
      // One account per environment, so the seed's own name fits every one.
      name: "sarc-ng-api",
      dir: "functions/api/dist",
      // berth build (and the generated pipelines, before they plan) bundles the handler into dist.
      build: { command: "npm run build", dir: "functions/api" },
      handler: "index.handler",
      memory: "512 MB",
      timeout: "10 seconds",
      databases: { main: true },
      http: { api: "public", routes: ["GET /resources", "GET /resources/{id}/availability"] },
    },
    // The seed's SQS consumer: records minutes reserved per resource and day from the reservation-usage queue.
    usage: {
      dir: "functions/events/dist",
      // One build for both event functions: berth build runs a folder's command once.
      build: { command: "npm run build", dir: "functions/events" },
      handler: "index.usage",
      timeout: "10 seconds",
      databases: { main: true },
      queue: { queue: "reservation-usage", batchSize: 10 },
    },
    // The seed's EventBridge-triggered function: daily at 04:00 UTC, removes usage older than a year.
    prune: {
      dir: "functions/events/dist",
      build: { command: "npm run build", dir: "functions/events" },
      handler: "index.prune",
      timeout: "1 minute",
      databases: { main: true },
      environment: { KEEP_DAYS: "365" },
      events: [{ schedule: "cron(0 4 * * ? *)" }],
    },
  },
  databases: {
    main: {
      engine: "mysql",
      version: "8.0",
      instanceClass: "db.t3.medium",
      name: "sarcng",
      backup: { window: "03:00-06:00" },
      maintenanceWindow: "mon:00:00-mon:03:00",
      logExports: ["error", "slowquery"],
      alarms: { connections: 80 },
    },
  },
  services: {
    api: {
      port: 8080,
      cpu: 512,
      memory: 1024,
      routes: [{ loadBalancer: "public" }],
      healthCheck: { path: "/health" },
      deployment: { maxPercent: 200, minHealthyPercent: 50 },
      databases: { main: true },
      queues: { "reservation-events": "send", "reservation-usage": "send" },
      // The seed's alerts: CPU > 80 % and HTTPCode_ELB_5XX_Count > 10 (5XX the load balancer answers itself).
      alarms: { cpu: 80, loadBalancer5xx: 10 },
      local: { command: "npm start", cwd: "service" },
    },
    // The seed's ecs-nlb-service: the API's image behind the internal NLB (TCP 8080), for clients inside the VPC.
    // Not run by berth dev (the api already serves the same routes locally on 8080).
    "api-internal": {
      port: 8080,
      nlb: { loadBalancer: "internal", port: 8080, healthCheck: { path: "/health" } },
      databases: { main: true },
      queues: { "reservation-events": "send" },
      alarms: { unhealthyHosts: true },
    },
    // Records each reservation event once (same image, its own command); scales on the queue's backlog.
    recorder: {
      worker: { queue: "reservation-events" },
      command: ["node", "dist/recorder-main.js"],
      databases: { main: true },
      autoscaling: { min: 1, max: 4, backlog: { latency: "1 minute", perMessage: "1 second" } },
      local: { command: "npm run recorder", cwd: "service" },
    },
    // Daily at 03:00 UTC: removes reservations that ended more than 90 days ago; a failed run alarms.
    expire: {
      schedule: { expression: "cron(0 3 * * ? *)", retries: 2, timeout: "15 minutes" },
      command: ["node", "dist/expire-main.js"],
      databases: { main: true },
      environment: { KEEP_DAYS: "90" },
      local: { command: "npm run expire", cwd: "service" },
    },
  },
  environments: {
    dev: {
      tier: "dev",
      region: "us-east-1",
      account: { id: "111111111111", role: "berth-deployer" },
      // A placeholder: the seed manages Route 53 zones and ACM certificates without naming the domain.
      domain: { name: "dev.sarc-ng.example.com" },
      databases: { main: rdsMysql },
      services: { api: { desiredCount: 1 }, recorder: { worker: { queue: "reservation-events", spot: true } } },
      httpApis: { public: { host: "api" } },
    },
    staging: {
      tier: "staging",
      region: "us-east-1",
      account: { id: "222222222222", role: "berth-deployer" },
      // A placeholder, like dev's and prod's: HTTPS in every environment.
      domain: { name: "staging.sarc-ng.example.com" },
      databases: { main: rdsMysql },
      services: {
        api: { desiredCount: 1, autoscaling: { min: 1, max: 1, schedules: outOfHours } },
        recorder: { autoscaling: { min: 1, max: 4, schedules: outOfHours } },
      },
    },
    prod: {
      tier: "prod",
      region: "us-east-1",
      account: { id: "333333333333", role: "berth-deployer" },
      // The seed's DR: a warm standby in us-west-2 (one task per service) with its own CIDR.
      recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" }, desiredCount: 1 },
      // DNSSEC-signed (the dns stack's ds_record output goes to the registrar).
      domain: { name: "sarc-ng.example.com", dnssec: true },
      // api.<domain> answers from both regions; Route 53 checks each region's API at a route that answers.
      httpApis: { public: { host: "api", healthCheck: { path: "/resources" } } },
      // The seed's Lambda blue/green: the live alias moves to each new version 10 % a minute.
      functions: { api: { deployment: { strategy: "blue-green", traffic: { linear: { percent: 10, everyMinutes: 1 } } } } },
      network: { azs: ["us-east-1a", "us-east-1b", "us-east-1c"], subnets: subnets(3), nat: "perAz" },
      databases: {
        main: {
          engine: "aurora-mysql",
          version: "8.0.mysql_aurora.3.03.1",
          instanceClass: "db.r5.large",
          instances: 2,
          multiAz: true,
          backup: { retention: "30 days" },
          deletionProtection: true,
          performanceInsights: true,
          global: "sarc-ng-global",
        },
      },
      services: {
        // The seed enables autoscaling in prod without a ceiling; berth needs one.
        api: {
          cpu: 1024,
          memory: 2048,
          desiredCount: 3,
          // The seed's ECS blue/green: CodeDeploy, 10 % for 5 minutes, rollback on the alarms, blue kept 15 minutes.
          deployment: { strategy: "blue-green", traffic: { canary: { percent: 10, minutes: 5 } }, testListener: 8443, terminateBlueAfter: "15 minutes" },
          autoscaling: { min: 3, max: 10, cpu: 70, scaleInCooldown: "5 minutes", scaleOutCooldown: "5 minutes" },
        },
      },
    },
  },
});
