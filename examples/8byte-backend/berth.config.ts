/**
 * 8Byte backend (seed 002): one Python Flask backend on Fargate, port 80, in private subnets with no NAT
 * gateway (the tasks need no internet; VPC endpoints serve ECR, logs and Secrets Manager), behind an
 * internet-facing ALB. Security groups chain ALB (80 from anywhere) → ECS (80 from the ALB only) → RDS
 * PostgreSQL (5432 from ECS only). RDS db.t3.micro with 20 GB and automated backups, in private database
 * subnets. One task. Staging and prod in ap-south-1; state in prop-terraform-state, locks in prop-terraform-locks.
 * Where the seed passed database credentials as Terraform variables, berth lets Secrets Manager create and
 * rotate the master password (`manage_master_user_password`), so no password is ever a variable.
 */
import { defineConfig } from "berth-iac";

export default defineConfig({
  project: "prop",
  state: { bucket: "prop-terraform-state", lockTable: "prop-terraform-locks" },
  network: { cidr: "10.0.0.0/16", azs: 2, nat: "none" },
  loadBalancers: {
    public: { defaultAction: { forward: "backend" } },
  },
  databases: {
    main: {
      engine: "postgres",
      version: "16",
      instanceClass: "db.t3.micro",
      storage: "20 GB",
      // AWS-managed automated backups: daily snapshots and point-in-time restore.
      backup: { retention: "7 days", window: "03:00-04:00" },
    },
  },
  services: {
    backend: {
      port: 80,
      routes: [{ loadBalancer: "public" }],
      desiredCount: 1,
      databases: { main: true },
      local: { command: "npm start", cwd: "service" },
    },
  },
  environments: {
    staging: {
      tier: "staging",
      region: "ap-south-1",
      checks: {
        suppress: [{ rule: "BERTH001", reason: "The seed's staging serves HTTP only and names no domain; it carries no real traffic." }],
      },
    },
    prod: {
      tier: "prod",
      region: "ap-south-1",
      // berth check: accepted findings, each with its reason.
      checks: {
        suppress: [
          {
            rule: "BERTH001",
            reason: "The seed serves HTTP only and names no domain; HTTPS needs one (environments.prod.domain): add it before real traffic.",
          },
        ],
      },
    },
  },
});
