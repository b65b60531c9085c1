/**
 * SkyFox (seed 000): three services on an EC2 Auto Scaling group of t4g.small (arm64) instances that spans
 * public and private subnets. The external ALB sends everything to the backend (public subnets, internet
 * egress for Supabase); the internal ALB routes /payment-service/* and /movie-service/* to two VPC-only
 * services in private subnets; unknown paths get a 404. No NAT gateway, to save cost.
 *
 * What berth adds so this design works as described:
 * - Instances in private subnets with no NAT cannot reach ECR, CloudWatch Logs or the ECS control plane,
 *   so berth adds the S3 gateway endpoint and the ecr.api, ecr.dkr, logs, ecs, ecs-agent, ecs-telemetry
 *   and SSM interface endpoints (network stack, `endpoints.tf`).
 * - awsvpc tasks on EC2 never get a public IP, so the backend (public, internet egress) runs in bridge
 *   mode on the public instances and uses their address; payment and movie keep awsvpc and their own
 *   security groups that accept only the internal ALB and send only inside the VPC.
 * - SSH is replaced by SSM Session Manager on the instances.
 */
import { defineConfig } from "berth-iac";

export default defineConfig({
  project: "skyfox",
  state: { bucket: "skyfox-terraform-state", lockTable: "skyfox-terraform-locks" },
  network: {
    cidr: "10.0.0.0/16",
    azs: 3,
    subnets: {
      public: ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"],
      private: ["10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24"],
    },
    nat: "none",
  },
  compute: {
    ec2: { instanceType: "t4g.small", architecture: "arm64", min: 2, max: 4, subnets: ["public", "private"] },
  },
  loadBalancers: {
    external: { defaultAction: { forward: "backend" } },
    internal: { internal: true, defaultAction: { fixedResponse: { status: 404 } } },
  },
  services: {
    backend: {
      port: 8080,
      cpu: 475,
      memory: 819,
      subnet: "public",
      egress: "internet",
      routes: [{ loadBalancer: "external", path: "/*" }],
      healthCheck: { path: "/health", interval: "30 seconds", matcher: "200" },
      deregistrationDelay: "30 seconds",
      environment: {
        PAYMENT_SERVICE_URL: { url: "payment-service" },
        MOVIE_SERVICE_URL: { url: "movie-service" },
      },
      permissions: [
        { actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::skyfox-devprod-files"] },
        { actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: ["arn:aws:s3:::skyfox-devprod-files/*"] },
      ],
      repository: { keep: 4, expireUntagged: "3 days" },
      local: { command: "npm start", cwd: "services/backend" },
    },
    "payment-service": {
      port: 8082,
      cpu: 230,
      memory: 410,
      subnet: "private",
      egress: "vpc",
      routes: [{ loadBalancer: "internal", path: "/payment-service/*" }],
      healthCheck: { path: "/pshealth", interval: "30 seconds", matcher: "200" },
      deregistrationDelay: "30 seconds",
      repository: { keep: 4, expireUntagged: "3 days" },
      local: { command: "npm start", cwd: "services/payment" },
    },
    "movie-service": {
      port: 4567,
      cpu: 230,
      memory: 410,
      subnet: "private",
      egress: "vpc",
      routes: [{ loadBalancer: "internal", path: "/movie-service/*" }],
      healthCheck: { path: "/mshealth", interval: "30 seconds", matcher: "200" },
      deregistrationDelay: "30 seconds",
      repository: { keep: 4, expireUntagged: "3 days" },
      local: { command: "npm start", cwd: "services/movie" },
    },
  },
  environments: {
    devprod: {
      tier: "prod",
      region: "ap-south-1",
      // berth check: accepted findings, each with its reason.
      checks: {
        suppress: [
          {
            rule: "BERTH001",
            reason: "The seed serves HTTP only and names no domain; HTTPS needs one (environments.devprod.domain): add it before real traffic.",
          },
        ],
      },
    },
  },
});
