/**
 * Task API (seed 004): a Go service on port 8080, Fargate tasks of 256 CPU / 512 MiB in private subnets over
 * 2 AZs with a NAT gateway per AZ (the seed's subnet plan: public, task and database subnets), behind an internet-facing ALB; CPU 70 % and memory 80 % target tracking
 * with a five-minute scale-in cooldown; container logs kept 30 days; customer-managed KMS keys for RDS and
 * ECR; database credentials from Secrets Manager; the seed's security groups, egress included (the tasks send
 * only 5432 to the database and 443 out).
 *
 *             | prod                                      | staging
 *   tasks     | desired 3, min 3, max 10                  | desired 1, min 1, max 3; none from 8 PM to
 *             |                                           | 8 AM UTC nor at weekends (scheduled scaling)
 *   database  | PostgreSQL 15, db.t3.small, 100 GB gp3    | db.t3.micro, 20 GB gp3, single-AZ,
 *             | (autoscaling), Multi-AZ, 30-day backups   | 7-day backups, no deletion protection
 *             | at 03:00 UTC, enhanced monitoring 60 s,   | enhanced monitoring 60 s
 *             | Performance Insights, deletion protection |
 *
 * Operations tier: the ALB on 80 and 443 (HTTPS with a TLS 1.3 policy, HTTP answered with a 301 to HTTPS),
 * the seed's six alarms (response time > 1 s, unhealthy hosts >= 1, 4XX > 50 in 5 min, 5XX > 5 in 1 min,
 * ECS CPU > 70 %, memory > 80 %) plus RDS CPU, connections and free storage, all to an SNS topic with
 * email subscriptions, and a CloudWatch dashboard per environment.
 *
 * The seed's "cross-region replication (hourly)" of database backups: prod's automated backups are
 * replicated to us-west-2 (the seed names no region) under a KMS key there, so point-in-time restore
 * survives the loss of us-east-1. RDS copies backups as they are taken (snapshots and transaction logs),
 * which is at least as often as hourly; berth does not run a standby in a second region for this seed.
 */
import { defineConfig } from "berth-iac";

export default defineConfig({
  project: "task-api",
  // The seed keeps state in S3 with DynamoDB locks without naming them.
  state: { bucket: "task-api-terraform-state", lockTable: "task-api-terraform-locks" },
  network: {
    cidr: "10.0.0.0/16",
    azs: 2,
    nat: "perAz",
    // The seed's subnets in the first AZ (public 10.0.1.0/24, tasks 10.0.10.0/24, database 10.0.11.0/24); it
    // names none for the second, so berth follows its pattern there (RDS needs a database subnet in each AZ).
    subnets: {
      public: ["10.0.1.0/24", "10.0.2.0/24"],
      private: ["10.0.10.0/24", "10.0.20.0/24"],
      database: ["10.0.11.0/24", "10.0.21.0/24"],
    },
  },
  kms: { rds: true, ecr: true },
  loadBalancers: {
    public: { defaultAction: { forward: "api" } },
  },
  // The seed's Jenkins pipeline: production deploys wait for the on-call group's approval (`berth pipeline jenkins`).
  ci: { approvers: "oncall" },
  monitoring: { notifications: { email: ["oncall@example.com"] }, dashboard: true },
  databases: {
    main: {
      engine: "postgres",
      // The seed pinned 15.3, a minor RDS has since retired; "15" takes the current 15.x and its minor upgrades.
      version: "15",
      name: "taskdb",
      username: "taskadmin",
      backup: { window: "03:00-04:00" },
      monitoringInterval: "60 seconds",
      // The seed names no thresholds for these: berth's defaults (CPU > 80 %, connections > 80, free storage < 10 %).
      alarms: { cpu: true, connections: true, freeStorage: true },
    },
  },
  services: {
    api: {
      port: 8080,
      cpu: 256,
      memory: 512,
      routes: [{ loadBalancer: "public" }],
      healthCheck: { path: "/health" },
      autoscaling: { min: 1, max: 3, cpu: 70, memory: 80, scaleInCooldown: "5 minutes" },
      logRetention: "30 days",
      databases: { main: true },
      // The seed's security groups: the tasks send only 5432 to the database's group and 443 to the internet
      // (the load balancer's group sends only 8080 to the tasks; the database's sends nothing).
      egress: { internet: "https" },
      local: { command: "npm start", cwd: "service" },
      // The seed's six alarms, "SNS → Email" each.
      alarms: {
        responseTime: { threshold: 1, statistic: "Average" },
        unhealthyHosts: { threshold: 1, comparison: ">=" },
        http4xx: { threshold: 50, period: "5 minutes" },
        http5xx: { threshold: 5, period: "1 minute" },
        cpu: { threshold: 70 },
        memory: { threshold: 80 },
      },
    },
  },
  environments: {
    staging: {
      tier: "staging",
      region: "us-east-1",
      // A placeholder: the seed names no domain. berth creates the hosted zone; delegate to its name servers.
      domain: { name: "staging.tasks.example.com" },
      databases: {
        main: {
          instanceClass: "db.t3.micro",
          storage: "20 GB",
          multiAz: false,
          backup: { retention: "7 days" },
          deletionProtection: false,
          performanceInsights: false,
        },
      },
      services: {
        api: {
          desiredCount: 1,
          // The seed's cost section: staging runs no container from 8 PM to 8 AM, nor at weekends (it names no
          // time zone: UTC). The morning schedule restores the 1–3 range.
          autoscaling: {
            min: 1,
            max: 3,
            schedules: {
              evening: { expression: "cron(0 20 ? * MON-FRI *)", min: 0, max: 0 },
              morning: { expression: "cron(0 8 ? * MON-FRI *)" },
            },
          },
        },
      },
    },
    prod: {
      tier: "prod",
      region: "us-east-1",
      // A placeholder: the seed names no domain. berth creates the hosted zone; delegate to its name servers.
      // DNSSEC-signed: publish the dns stack's ds_record output at the registrar once the zone serves.
      domain: { name: "tasks.example.com", dnssec: true },
      databases: {
        // The seed turns storage autoscaling on without naming a ceiling; berth needs one.
        main: {
          instanceClass: "db.t3.small",
          storage: "100 GB",
          maxStorage: "200 GB",
          multiAz: true,
          // The seed's "cross-region replication (hourly)": automated backups copied to us-west-2.
          backup: { retention: "30 days", replicateTo: "us-west-2" },
          deletionProtection: true,
          performanceInsights: true,
          // The seed's pool holds up to 25 connections a task: 3 tasks use 75, 6 tasks 150; db.t3.small allows about 200.
          alarms: { connections: 150 },
        },
      },
      services: { api: { desiredCount: 3, autoscaling: { min: 3, max: 10 } } },
    },
  },
});
