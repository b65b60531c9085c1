/**
 * Operations lines: CloudWatch Logs (ingestion and storage), alarms, dashboards, Secrets Manager, KMS,
 * Route 53, CloudFront, ECR storage and the access-log bucket.
 */
import { serviceStackId, STACK } from "../../model/stack-ids.js";
import { usesSecretsKey } from "../../model/stacks.js";
import type { Environment, KmsKey, KmsUse } from "../../model/types.js";
import type { Lines } from "./lines.js";

/** The stack that holds each KMS key (docs/architecture.md, "KMS keys per use"). */
const KEY_STACK: Readonly<Record<KmsUse, string>> = {
  rds: STACK.data,
  secrets: STACK.data,
  ecr: STACK.platform,
  logs: STACK.network,
  alarms: STACK.platform,
  messaging: STACK.messaging,
};

/**
 * Whether the stack that holds a key creates it: the config may ask for a key whose use the environment
 * does not have (no database, no repository, no alarm topic), and then no stack writes it.
 */
function keyRendered(env: Environment, use: KmsUse): boolean {
  switch (use) {
    case "rds":
      return env.databases.length > 0;
    case "secrets":
      return usesSecretsKey(env);
    case "ecr":
      return env.repositories.length > 0;
    case "alarms":
      return env.monitoring.topic !== null;
    case "logs":
    case "messaging":
      return true;
  }
}

export function operationsLines(env: Environment, lines: Lines): void {
  const c = env.cost;
  for (const s of env.services) {
    const stack = serviceStackId(s.name);
    lines.add(stack, `CloudWatch Logs ingested, ${s.name} (cost.logs)`, c.logsGb, "GB", "logs:ingest");
    lines.add(
      stack,
      `CloudWatch Logs stored, ${s.name} (${c.logsGb} GB × ${s.logRetentionDays} days ÷ 30)`,
      (c.logsGb * s.logRetentionDays) / 30,
      "GB-months",
      "logs:storage",
    );
    lines.add(stack, `CloudWatch alarms, ${s.name}`, s.alarms.length, "alarm-months", "cloudwatch:alarm");
  }
  const flow = env.network.flowLogs;
  if (flow) {
    lines.add(STACK.network, "VPC flow logs ingested (cost.flowLogs)", c.flowLogsGb, "GB", "logs:ingest");
    lines.add(
      STACK.network,
      `VPC flow logs stored (${c.flowLogsGb} GB × ${flow.retentionDays} days ÷ 30)`,
      (c.flowLogsGb * flow.retentionDays) / 30,
      "GB-months",
      "logs:storage",
    );
  }
  lines.add(
    STACK.data,
    "CloudWatch alarms, databases",
    env.databases.reduce((n, d) => n + d.alarms.length, 0),
    "alarm-months",
    "cloudwatch:alarm",
  );
  if (env.monitoring.dashboard)
    lines.add(STACK.monitoring, `CloudWatch dashboard ${env.monitoring.dashboard.name}`, 1, "dashboard-months", "cloudwatch:dashboard");

  // Declared secrets, plus each database's master-password secret (RDS's own, or berth's for a global
  // database, whose replica in a recovery region is billed there as a secret of its own).
  const secrets = env.secrets.length + env.databases.length;
  const replicas = env.databases.filter((d) => d.global?.secondary).length;
  lines.add(
    STACK.data,
    `Secrets Manager secrets (${env.secrets.length} declared, ${env.databases.length} database master passwords${replicas > 0 ? `, ${replicas} of them replicas of the primary's` : ""})`,
    secrets,
    "secret-months",
    "secrets:secret",
  );
  if (secrets > 0) lines.add(STACK.data, "Secrets Manager API requests (cost.apiRequests)", c.apiRequestsTenThousands, "10,000 requests", "secrets:api");
  const keys = (Object.values(env.kms) as (typeof env.kms)[KmsUse][]).filter((k): k is KmsKey => k !== null && keyRendered(env, k.use));
  for (const k of keys) lines.add(KEY_STACK[k.use], `KMS key ${k.alias}`, 1, "key-months", "kms:key");
  if (keys.length > 0) lines.add(STACK.data, "KMS API requests (cost.apiRequests)", c.apiRequestsTenThousands, "10,000 requests", "kms:api");

  // The zone (and its signing key) is the primary region's: a recovery region's dns stack holds only its certificate.
  if (env.domain && env.region === env.primaryRegion) {
    if (env.domain.zone.kind === "create") lines.add(STACK.dns, `Route 53 hosted zone ${env.domain.name}`, 1, "zone-months", "route53:zone");
    if (env.domain.dnssec) lines.add(STACK.dns, `KMS key signing ${env.domain.name} (DNSSEC, in us-east-1)`, 1, "key-months", "kms:key");
    lines.add(STACK.dns, "Route 53 queries (cost.dnsQueries)", c.dnsQueriesMillions, "million queries", "route53:queries");
  }
  for (const lb of env.loadBalancers) {
    if (lb.cloudfront) {
      lines.add(STACK.platform, `CloudFront data out, ${lb.key} (cost.cloudfront.traffic)`, c.cloudfront.trafficGb, "GB", "cloudfront:gb");
      lines.add(
        STACK.platform,
        `CloudFront HTTPS requests, ${lb.key} (cost.cloudfront.requests)`,
        c.cloudfront.requestsMillions,
        "million requests",
        "cloudfront:requests",
      );
    }
    if (lb.accessLogs) lines.add(STACK.platform, `S3 access logs of ALB ${lb.name} (cost.accessLogs)`, c.accessLogsGb, "GB-months", "s3:gb");
  }
  for (const r of env.repositories) lines.add(STACK.platform, `ECR storage, ${r.name} (cost.images)`, c.imagesGb, "GB-months", "ecr:gb");
}
