/**
 * `access-logs.tf`: the S3 bucket ALB access logs go to — private, SSE-S3 encrypted, owner-enforced,
 * versioned, expiring per load balancer prefix — with a policy that lets Elastic Load Balancing write and denies plain HTTP.
 */
import { attr, attrs, block, type BodyItem, comment, raw, resource, tpl } from "../../hcl/index.js";
import type { Environment, LoadBalancer } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import { policyDocument } from "../common/iam.js";
import { ELB_ACCESS_LOGS_DOCS, logDeliveryPrincipal } from "./elb-accounts.js";

/** How long a deleted or overwritten access log stays restorable. */
const NONCURRENT_DAYS = 7;

export interface LogBucket {
  readonly bucket: string;
  /** Terraform name of the bucket's resources: `this` when the stack has one bucket. */
  readonly id: string;
  readonly loadBalancers: readonly (LoadBalancer & { readonly accessLogs: NonNullable<LoadBalancer["accessLogs"]> })[];
}

/** The log buckets of an environment: the load balancers that log, grouped by bucket name. */
export function logBuckets(env: Environment): LogBucket[] {
  const logging = env.loadBalancers.filter((lb): lb is LogBucket["loadBalancers"][number] => lb.accessLogs !== null);
  const names = [...new Set(logging.map((lb) => lb.accessLogs.bucket))];
  return names.map((bucket) => ({
    bucket,
    id: names.length === 1 ? "this" : ident(bucket),
    loadBalancers: logging.filter((lb) => lb.accessLogs.bucket === bucket),
  }));
}

export function accessLogsFile(env: Environment): BodyItem[] {
  return logBuckets(env).flatMap((b) => logBucket(env, b));
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
