/** Encryption at rest and in transit: databases, secrets, registries, logs, the alarm topic, instance volumes. */
import { STACK } from "../../../model/stack-ids.js";
import { attribute, nested } from "../terraform-view.js";
import type { Rule } from "../types.js";
import { hitDb, hitService, isProd } from "./helpers.js";

const TLS_PARAMETERS: Readonly<Record<string, string>> = { postgres: "rds.force_ssl", mysql: "require_secure_transport" };

export const encryptionRules: Rule[] = [
  {
    id: "BERTH010",
    severity: "high",
    title: "Database storage is not encrypted",
    why: "Unencrypted storage, snapshots and replicas expose the data to anyone who obtains a copy; encryption cannot be added later without a restore.",
    fix: "Remove the override that sets storage_encrypted to false; berth encrypts every database.",
    configPath: "databases.<name>",
    checkov: "CKV_AWS_16",
    trivy: "AVD-AWS-0080",
    check: ({ tf }) =>
      [...tf.ofType("aws_db_instance"), ...tf.ofType("aws_rds_cluster")]
        .filter((r) => attribute(r.block, "storage_encrypted") !== true)
        .map((r) => ({
          resource: `database ${r.name}`,
          message: `${r.type}.${r.name} is not encrypted at rest`,
          at: { stack: r.stack, type: r.type, name: r.name },
        })),
  },
  {
    id: "BERTH011",
    severity: "medium",
    title: "Database does not require TLS",
    why: "Without rds.force_ssl / require_secure_transport a client can connect in clear text, credentials included.",
    fix: "Do not override the TLS parameter of berth's parameter group (databases.<name>.parameters).",
    configPath: "databases.<name>.parameters",
    check: ({ env }) =>
      env.databases
        .filter((d) => !d.parameters.some((p) => p.name === TLS_PARAMETERS[d.family] && ["1", "ON", "on", "true"].includes(p.value)))
        .map((d) => hitDb(d, `${d.identifier} accepts connections without TLS`, `databases.${d.key}.parameters`)),
  },
  {
    id: "BERTH012",
    severity: "low",
    title: "Database encrypted with the AWS-managed key in prod",
    why: "With the AWS-managed key you cannot restrict or audit who may decrypt snapshots, nor share them across accounts.",
    fix: "Set kms.rds: true (the prod default).",
    configPath: "kms.rds",
    check: ({ env }) =>
      isProd(env) && env.databases.length > 0 && !env.kms.rds ? env.databases.map((d) => hitDb(d, `${d.identifier} uses the AWS-managed key`, "kms.rds")) : [],
  },
  {
    id: "BERTH013",
    severity: "low",
    title: "Secrets encrypted with the AWS-managed key in prod",
    why: "A customer-managed key lets you limit and audit who can decrypt secrets independently of Secrets Manager permissions.",
    fix: "Set kms.secrets: true (the prod default).",
    configPath: "kms.secrets",
    checkov: "CKV_AWS_149",
    trivy: "AVD-AWS-0098",
    check: ({ env }) =>
      isProd(env) && (env.secrets.length > 0 || env.databases.length > 0) && !env.kms.secrets
        ? [
            {
              resource: "secrets",
              message: "secrets and database master secrets use the AWS-managed key",
              configPath: "kms.secrets",
              at: {
                stack: STACK.data,
                type: env.secrets.length > 0 ? "aws_secretsmanager_secret" : env.databases[0]?.kind === "aurora" ? "aws_rds_cluster" : "aws_db_instance",
              },
            },
          ]
        : [],
  },
  {
    id: "BERTH014",
    severity: "low",
    title: "Container registries encrypted with AES-256 rather than a KMS key in prod",
    why: "A KMS key lets you audit and restrict image decryption; AES-256 is managed entirely by ECR.",
    fix: "Set kms.ecr: true (the prod default; changing it replaces the repositories).",
    configPath: "kms.ecr",
    checkov: "CKV_AWS_136",
    trivy: "AVD-AWS-0033",
    check: ({ env }) =>
      isProd(env) && env.repositories.length > 0 && !env.kms.ecr
        ? [
            {
              resource: "registries",
              message: "ECR repositories use AES-256",
              configPath: "kms.ecr",
              at: { stack: STACK.platform, type: "aws_ecr_repository" },
            },
          ]
        : [],
  },
  {
    id: "BERTH015",
    severity: "low",
    title: "Container logs not encrypted with a KMS key in prod",
    why: "Logs often carry personal data or tokens; a KMS key lets you restrict and audit who can read them.",
    fix: "Set kms.logs: true (the prod default), or services.<name>.logKmsKey.",
    configPath: "kms.logs",
    checkov: "CKV_AWS_158",
    trivy: "AVD-AWS-0017",
    check: ({ env }) =>
      isProd(env)
        ? env.services
            .filter((s) => s.logKmsKey === null)
            .map((s) => hitService(s, `${s.logGroup} is not encrypted with a KMS key`, "kms.logs", "aws_cloudwatch_log_group"))
        : [],
  },
  {
    id: "BERTH016",
    severity: "low",
    title: "Alarm topic not encrypted in prod",
    why: "Alarm messages describe your infrastructure; an encrypted topic keeps them from anyone with only SNS read access.",
    fix: "Set kms.alarms: true (the prod default).",
    configPath: "kms.alarms",
    checkov: "CKV_AWS_26",
    trivy: "AVD-AWS-0095",
    check: ({ env, tf }) => {
      const topic = tf.find(STACK.platform, "aws_sns_topic");
      return isProd(env) && topic && attribute(topic.block, "kms_master_key_id") === undefined
        ? [
            {
              resource: "alarm topic",
              message: `${env.monitoring.topic?.name ?? "the alarm topic"} is not encrypted`,
              configPath: "kms.alarms",
              at: { stack: topic.stack, type: topic.type, name: topic.name },
            },
          ]
        : [];
    },
  },
  {
    id: "BERTH017",
    severity: "high",
    title: "Container instance volumes are not encrypted",
    why: "Image layers, container scratch data and logs on the instance's root volume stay readable in snapshots.",
    fix: "Remove the override of the launch template's block device; berth encrypts the root volume.",
    configPath: "compute.ec2",
    checkov: "CKV_AWS_8",
    trivy: "AVD-AWS-0008",
    check: ({ tf }) =>
      tf
        .ofType("aws_launch_template")
        .filter((r) => nested(r.block, "block_device_mappings").some((m) => nested(m, "ebs").some((e) => attribute(e, "encrypted") !== true)))
        .map((r) => ({
          resource: "container instances",
          message: `${r.type}.${r.name} has an unencrypted volume`,
          at: { stack: r.stack, type: r.type, name: r.name },
        })),
  },
  {
    id: "BERTH019",
    severity: "medium",
    title: "CloudFront reaches its load balancer over plain HTTP",
    why: "Viewers get HTTPS from CloudFront, but requests and responses travel unencrypted between CloudFront and the load balancer.",
    fix: 'berth renders the origin as http-only; with a domain (HTTPS on the load balancer) add a platform override file setting custom_origin_config.origin_protocol_policy = "https-only", or accept the finding with a reason.',
    configPath: "loadBalancers.<name>.cloudfront",
    check: ({ tf }) =>
      tf
        .ofType("aws_cloudfront_distribution")
        .filter((r) =>
          nested(r.block, "origin").some((o) => nested(o, "custom_origin_config").some((c) => attribute(c, "origin_protocol_policy") !== "https-only")),
        )
        .map((r) => ({
          resource: `load balancer ${r.name.replace(/_/g, "-")}`,
          message: `${r.type}.${r.name} fetches from its origin over HTTP`,
          at: { stack: r.stack, type: r.type, name: r.name },
        })),
  },
  {
    id: "BERTH018",
    severity: "low",
    title: "Performance Insights data encrypted with the AWS-managed key in prod",
    why: "Performance Insights keeps query texts, which can hold personal data.",
    fix: "Set kms.rds: true: berth encrypts Performance Insights with the database's key.",
    configPath: "kms.rds",
    checkov: "CKV_AWS_354",
    check: ({ env }) =>
      isProd(env) && !env.kms.rds
        ? env.databases.filter((d) => d.performanceInsights).map((d) => hitDb(d, `${d.identifier}'s Performance Insights use the AWS-managed key`, "kms.rds"))
        : [],
  },
];
