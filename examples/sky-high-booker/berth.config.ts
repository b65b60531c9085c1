/**
 * Sky High Booker (seed 001): one React web container on port 80 behind an internet-facing ALB, on
 * Fargate with a Fargate Spot share (FARGATE base 20 weight 50, FARGATE_SPOT weight 50), tasks in
 * private subnets with a NAT gateway, autoscaling 1–5 on CPU 70 % and memory 80 %, 50 % minimum
 * healthy during deployments, logs kept 14 days, ALB access logs, ECR keeping the last 10 images.
 * Supabase stays outside AWS. State: sky-high-booker-terraform-state, lock table terraform-state-lock.
 * The seed's CPU alarm (Average > 85 % over two 120 s periods) notifies the alarm topic, and the optional
 * CloudFront sits in front of the ALB, which then accepts only CloudFront's origin-facing addresses.
 */
import { defineConfig } from "berth-iac";

export default defineConfig({
  project: "sky-high-booker",
  state: { bucket: "sky-high-booker-terraform-state", lockTable: "terraform-state-lock" },
  network: { cidr: "10.0.0.0/16", azs: 2, nat: "single" },
  compute: {
    fargate: { base: 20, weight: 50 },
    fargateSpot: { weight: 50 },
  },
  loadBalancers: {
    // The prefix list id is given at apply time (`cloudfront_prefix_list_id_public`), or set here as
    // cloudfront: { originPrefixList: "pl-…" } once looked up for us-east-1.
    public: { defaultAction: { forward: "web" }, accessLogs: true, cloudfront: true },
  },
  services: {
    web: {
      port: 80,
      cpu: "0.5 vCPU",
      memory: "1 GB",
      routes: [{ loadBalancer: "public" }],
      healthCheck: { path: "/", interval: "30 seconds", healthyThreshold: 2, unhealthyThreshold: 2 },
      desiredCount: 2,
      deployment: { minHealthyPercent: 50 },
      autoscaling: { min: 1, max: 5, cpu: 70, memory: 80 },
      logRetention: "14 days",
      alarms: { cpu: { threshold: 85, statistic: "Average", period: "2 minutes", evaluationPeriods: 2 } },
      repository: { keep: 10, tagPrefixes: ["latest"] },
      local: { command: "npm start", cwd: "web" },
    },
  },
  environments: {
    prod: { tier: "prod", region: "us-east-1" },
  },
});
