/**
 * `access-logs.tf`: the S3 bucket ALB access logs go to — private, SSE-S3 encrypted, owner-enforced,
 * versioned, expiring per load balancer prefix — with a policy that lets Elastic Load Balancing write and denies plain HTTP;
 * and, when asked (the prod default), a second, minimal bucket for the first one's own S3 server access logs.
 */
import { attr, attrs, block, type BodyItem, comment, raw, resource, tpl } from "../../hcl/index.js";
import type { Environment, LoadBalancer } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import { policyDocument } from "../common/iam.js";
import { ELB_ACCESS_LOGS_DOCS, logDeliveryPrincipal } from "./elb-accounts.js";

const SERVER_LOGS_DOCS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html";

/** How long a deleted or overwritten access log stays restorable. */
const NONCURRENT_DAYS = 7;

export interface LogBucket {
  readonly bucket: string;
  /** Where the bucket's own server access logs go: when any of its load balancers asks. */
  readonly serverLogs: { readonly bucket: string; readonly retentionDays: number } | null;
  /** Terraform name of the bucket's resources: `this` when the stack has one bucket. */
  readonly id: string;
  readonly loadBalancers: readonly (LoadBalancer & { readonly accessLogs: NonNullable<LoadBalancer["accessLogs"]> })[];
}

/** The log buckets of an environment: the load balancers that log, grouped by bucket name. */
export function logBuckets(env: Environment): LogBucket[] {
  const logging = env.loadBalancers.filter((lb): lb is LogBucket["loadBalancers"][number] => lb.accessLogs !== null);
  const names = [...new Set(logging.map((lb) => lb.accessLogs.bucket))];
  return names.map((bucket) => {
    const loadBalancers = logging.filter((lb) => lb.accessLogs.bucket === bucket);
    return {
      bucket,
      serverLogs: loadBalancers.find((lb) => lb.accessLogs.serverLogs)?.accessLogs.serverLogs ?? null,
      id: names.length === 1 ? "this" : ident(bucket),
      loadBalancers,
    };
  });
}

export function accessLogsFile(env: Environment): BodyItem[] {
  return logBuckets(env).flatMap((b) => [...logBucket(env, b), ...serverLogsBucket(env, b)]);
}

function logBucket(env: Environment, b: LogBucket): BodyItem[] {
  const bucket = raw(`aws_s3_bucket.${b.id}.id`);
  const arn = `aws_s3_bucket.${b.id}.arn`;
  const logs = env.account ? `AWSLogs/${env.account}/*` : "AWSLogs/*";
  return [
    banner(`Load balancer access logs: ${b.bucket}`, ELB_ACCESS_LOGS_DOCS),
    resource("aws_s3_bucket", b.id, [attr("bucket", b.bucket), attr("force_destroy", false)]),
    resource("aws_s3_bucket_public_access_block", b.id, [
      attrs({ bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    ]),
    resource("aws_s3_bucket_ownership_controls", b.id, [attr("bucket", bucket), block("rule", [], [attr("object_ownership", "BucketOwnerEnforced")])]),
    comment("SSE-S3: the only encryption ALB log delivery supports."),
    resource("aws_s3_bucket_server_side_encryption_configuration", b.id, [
      attr("bucket", bucket),
      block("rule", [], [block("apply_server_side_encryption_by_default", [], [attr("sse_algorithm", "AES256")])]),
    ]),
    comment("Versioned: a log deleted or overwritten stays restorable for a week."),
    resource("aws_s3_bucket_versioning", b.id, [attr("bucket", bucket), block("versioning_configuration", [], [attr("status", "Enabled")])]),
    comment("One rule per load balancer: each keeps its logs for its own retention, and old versions a week."),
    resource("aws_s3_bucket_lifecycle_configuration", b.id, [
      attr("bucket", bucket),
      ...b.loadBalancers.map((lb) =>
        block(
          "rule",
          [],
          [
            attrs({ id: `expire-${lb.accessLogs.prefix}`, status: "Enabled" }),
            block("filter", [], [attr("prefix", `${lb.accessLogs.prefix}/`)]),
            block("expiration", [], [attr("days", lb.accessLogs.retentionDays)]),
            block("noncurrent_version_expiration", [], [attr("noncurrent_days", NONCURRENT_DAYS)]),
          ],
        ),
      ),
      attr("depends_on", raw(`[aws_s3_bucket_versioning.${b.id}]`)),
    ]),
    resource("aws_s3_bucket_policy", b.id, [
      attr("bucket", bucket),
      attr(
        "policy",
        policyDocument([
          {
            Sid: "AllowLoadBalancerLogDelivery",
            Effect: "Allow",
            Principal: logDeliveryPrincipal(env.region),
            Action: "s3:PutObject",
            Resource: b.loadBalancers.map((lb) => tpl(`\${${arn}}/${lb.accessLogs.prefix}/${logs}`)),
          },
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [raw(arn), tpl(`\${${arn}}/*`)],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ]),
      ),
      comment("S3 aborts concurrent changes to one bucket's configuration; the policy goes after Block Public Access."),
      attr("depends_on", raw(`[aws_s3_bucket_public_access_block.${b.id}]`)),
    ]),
  ];
}

/**
 * The access-log bucket's own S3 server access logs (checkov CKV_AWS_18, trivy AVD-AWS-0089), in a second
 * bucket that only S3's logging service of this account may write to, for that one source bucket. SSE-S3:
 * server access logging cannot write to a bucket encrypted with the AWS managed `aws/s3` key, and a
 * customer managed key would cost a key per environment for logs about logs. The second bucket does not
 * log itself (that would be a loop of its own).
 */
function serverLogsBucket(env: Environment, b: LogBucket): BodyItem[] {
  if (!b.serverLogs) return [];
  const id = `${b.id}_server_logs`;
  const bucket = raw(`aws_s3_bucket.${id}.id`);
  const arn = `aws_s3_bucket.${id}.arn`;
  const prefix = `${b.bucket}/`;
  const account = env.account ?? '${split(":", aws_ecs_cluster.this.arn)[4]}';
  return [
    banner(`S3 server access logs of ${b.bucket}: ${b.serverLogs.bucket}`, SERVER_LOGS_DOCS),
    resource("aws_s3_bucket", id, [attr("bucket", b.serverLogs.bucket), attr("force_destroy", false)]),
    resource("aws_s3_bucket_public_access_block", id, [
      attrs({ bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    ]),
    comment("Bucket owner enforced: S3 log delivery is granted by the bucket policy, not by ACLs."),
    resource("aws_s3_bucket_ownership_controls", id, [attr("bucket", bucket), block("rule", [], [attr("object_ownership", "BucketOwnerEnforced")])]),
    comment("SSE-S3: server access logging cannot use the AWS managed aws/s3 KMS key."),
    resource("aws_s3_bucket_server_side_encryption_configuration", id, [
      attr("bucket", bucket),
      block("rule", [], [block("apply_server_side_encryption_by_default", [], [attr("sse_algorithm", "AES256")])]),
    ]),
    resource("aws_s3_bucket_lifecycle_configuration", id, [
      attr("bucket", bucket),
      block(
        "rule",
        [],
        [
          attrs({ id: "expire-server-logs", status: "Enabled" }),
          block("filter", [], [attr("prefix", prefix)]),
          block("expiration", [], [attr("days", b.serverLogs.retentionDays)]),
        ],
      ),
    ]),
    resource("aws_s3_bucket_policy", id, [
      attr("bucket", bucket),
      attr(
        "policy",
        policyDocument([
          {
            Sid: "AllowServerAccessLogDelivery",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: tpl(`\${${arn}}/${prefix}*`),
            Condition: {
              StringEquals: { "aws:SourceAccount": tpl(account) },
              ArnLike: { "aws:SourceArn": raw(`aws_s3_bucket.${b.id}.arn`) },
            },
          },
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [raw(arn), tpl(`\${${arn}}/*`)],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ]),
      ),
      attr("depends_on", raw(`[aws_s3_bucket_public_access_block.${id}]`)),
    ]),
    comment(`${b.bucket} logs the requests made to it into the bucket above, once its policy lets S3 write there.`),
    resource("aws_s3_bucket_logging", b.id, [
      attrs({ bucket: raw(`aws_s3_bucket.${b.id}.id`), target_bucket: bucket, target_prefix: prefix }),
      attr("depends_on", raw(`[aws_s3_bucket_policy.${id}]`)),
    ]),
  ];
}
