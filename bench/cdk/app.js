/**
 * The AWS CDK side of `npm run bench:synth`: the same topology as bench/generated-config.js — per
 * environment a VPC over 3 AZs with one NAT gateway, an ECS cluster, one internet-facing ALB with a
 * fixed 404 default, and N Fargate services (ECR repository, log group, task definition, service,
 * target group with a path rule, CPU target tracking) — synthesized once in this process.
 * Prints {ms, rssMb, stacks, resources, version} as JSON.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENTS, serviceName } from "../generated-config.js";

const count = Number(process.argv[2] ?? 200);
const start = performance.now();

const cdk = await import("aws-cdk-lib");
const { App, Stack, Duration } = cdk;
const { aws_ec2: ec2, aws_ecs: ecs, aws_ecr: ecr, aws_logs: logs, aws_elasticloadbalancingv2: elbv2 } = cdk;

const outdir = mkdtempSync(join(tmpdir(), "berth-bench-cdk-"));
// CloudFormation caps a stack at 500 resources and the CDK refuses more at synth; 200 services need
// more, so the check is lifted (berth splits services into their own stacks instead).
const app = new App({ outdir, context: { "@aws-cdk/core:stackResourceLimit": 0 } });

for (const e of ENVIRONMENTS) {
  const stack = new Stack(app, `bench-${e.name}`, { env: { account: "123456789012", region: e.region } });
  const vpc = new ec2.Vpc(stack, "Vpc", {
    ipAddresses: ec2.IpAddresses.cidr("10.0.0.0/16"),
    availabilityZones: ["a", "b", "c"].map((z) => `${e.region}${z}`),
    natGateways: 1,
  });
  const cluster = new ecs.Cluster(stack, "Cluster", { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  const alb = new elbv2.ApplicationLoadBalancer(stack, "Public", { vpc, internetFacing: true });
  const listener = alb.addListener("Http", {
    port: 80,
    open: true,
    defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: "text/plain", messageBody: "Not Found" }),
  });
  for (let i = 0; i < count; i++) {
    const name = serviceName(i);
    const repo = new ecr.Repository(stack, `${name}-repo`, { repositoryName: `bench-${e.name}-${name}`, imageScanOnPush: true });
    const logGroup = new logs.LogGroup(stack, `${name}-logs`, { retention: logs.RetentionDays.ONE_MONTH });
    const task = new ecs.FargateTaskDefinition(stack, `${name}-task`, { cpu: 256, memoryLimitMiB: 512 });
    task.addContainer("app", {
      image: ecs.ContainerImage.fromEcrRepository(repo, "latest"),
      portMappings: [{ containerPort: 8080 }],
      environment: { SERVICE_NAME: name },
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: name }),
    });
    const service = new ecs.FargateService(stack, `${name}-service`, {
      cluster,
      taskDefinition: task,
      desiredCount: 2,
      circuitBreaker: { rollback: true },
    });
    listener.addTargets(`${name}-tg`, {
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [service],
      priority: 100 + i * 10,
      conditions: [elbv2.ListenerCondition.pathPatterns([`/${name}/*`])],
      healthCheck: { path: `/${name}/health`, interval: Duration.seconds(30) },
    });
    service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 6 }).scaleOnCpuUtilization("cpu", { targetUtilizationPercent: 70 });
  }
}

const assembly = app.synth();
const processMs = performance.now(); // from the process's start to the written cloud assembly (counting its resources below is not CDK's work)
const ms = processMs - start; // from loading aws-cdk-lib to the written cloud assembly
let resources = 0;
for (const f of readdirSync(outdir).filter((f) => f.endsWith(".template.json"))) {
  resources += Object.keys(JSON.parse(readFileSync(join(outdir, f), "utf8")).Resources ?? {}).length;
}
rmSync(outdir, { recursive: true, force: true });
const version = createRequire(import.meta.url)("aws-cdk-lib/package.json").version;
process.stdout.write(
  `\n${JSON.stringify({ ms, processMs, rssMb: process.resourceUsage().maxRSS / 1024, stacks: assembly.stacks.length, resources, version })}\n`,
);
