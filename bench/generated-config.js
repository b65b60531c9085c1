/**
 * The benchmarks' generated application: `count` services behind one internet-facing ALB with a path
 * rule each, in three environments (dev, staging, prod). Shared by the berth and the AWS CDK sides so
 * both synthesize the same topology.
 */
export const ENVIRONMENTS = [
  { name: "dev", tier: "dev", region: "eu-west-1" },
  { name: "staging", tier: "staging", region: "eu-west-1" },
  { name: "prod", tier: "prod", region: "eu-west-1" },
];

export function serviceName(i) {
  return `svc-${String(i).padStart(3, "0")}`;
}

/** A berth config (the object `defineConfig` would receive). */
export function berthConfig(count) {
  const services = {};
  for (let i = 0; i < count; i++) {
    const name = serviceName(i);
    services[name] = {
      port: 8080,
      cpu: "0.25 vCPU",
      memory: "512 MB",
      routes: [{ loadBalancer: "public", path: `/${name}/*` }],
      healthCheck: { path: `/${name}/health` },
      desiredCount: 2,
      autoscaling: { min: 2, max: 6, cpu: 70 },
      environment: { SERVICE_NAME: name },
    };
  }
  return {
    project: "bench",
    network: { cidr: "10.0.0.0/16", azs: 3, nat: "single" },
    compute: { fargate: { weight: 1 } },
    loadBalancers: { public: { defaultAction: { fixedResponse: { status: 404 } } } },
    services,
    environments: Object.fromEntries(ENVIRONMENTS.map((e) => [e.name, { tier: e.tier, region: e.region }])),
  };
}
