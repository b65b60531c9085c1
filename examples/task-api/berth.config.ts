/**
 * Task API (seed 004): a Go service on port 8080, Fargate tasks of 256 CPU / 512 MiB in private subnets over
 * 2 AZs with a NAT gateway per AZ, behind an internet-facing ALB; CPU 70 % and memory 80 % target tracking
 * with a five-minute scale-in cooldown; container logs kept 30 days; customer-managed KMS keys for RDS and
 * ECR; database credentials from Secrets Manager.
 *
 *             | prod                                      | staging
 *   tasks     | desired 3, min 3, max 10                  | desired 1, min 1, max 3
 *   database  | PostgreSQL 15, db.t3.small, 100 GB gp3    | db.t3.micro, 20 GB gp3, single-AZ,
 *             | (autoscaling), Multi-AZ, 30-day backups   | 7-day backups, no deletion protection
 *             | at 03:00 UTC, enhanced monitoring 60 s,   | enhanced monitoring 60 s
 *             | Performance Insights, deletion protection |
 *
 * The ALB's 443 listener (HTTPS), the six alarms, the dashboard and the SNS email notifications come with
 * the observability and HTTPS settings (issue 3, part B), added to this file when that work merges.
 */
import { defineConfig } from "berth";

export default defineConfig({
  project: "task-api",
  // The seed keeps state in S3 with DynamoDB locks without naming them.
  state: { bucket: "task-api-terraform-state", lockTable: "task-api-terraform-locks" },
  network: { cidr: "10.0.0.0/16", azs: 2, nat: "perAz" },
  kms: { rds: true, ecr: true },
  loadBalancers: {
    public: { defaultAction: { forward: "api" } },
  },
  databases: {
    main: {
      engine: "postgres",
      // The seed pinned 15.3, a minor RDS has since retired; "15" takes the current 15.x and its minor upgrades.
      version: "15",
      name: "taskdb",
      username: "taskadmin",
      backup: { window: "03:00-04:00" },
      monitoringInterval: "60 seconds",
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
      local: { command: "npm start", cwd: "service" },
    },
  },
  environments: {
    staging: {
      tier: "staging",
      region: "us-east-1",
      databases: {
        main: { instanceClass: "db.t3.micro", storage: "20 GB", multiAz: false, backup: { retention: "7 days" }, deletionProtection: false, performanceInsights: false },
      },
      services: { api: { desiredCount: 1 } },
    },
    prod: {
      tier: "prod",
      region: "us-east-1",
      databases: {
        // The seed turns storage autoscaling on without naming a ceiling; berth needs one.
        main: { instanceClass: "db.t3.small", storage: "100 GB", maxStorage: "200 GB", multiAz: true, backup: { retention: "30 days" }, deletionProtection: true, performanceInsights: true },
      },
      services: { api: { desiredCount: 3, autoscaling: { min: 3, max: 10 } } },
    },
  },
});
