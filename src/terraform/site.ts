/**
 * A `site-<name>` stack: a static site. `bucket.tf` — a private S3 bucket (Block Public Access, bucket
 * owner enforced, SSE-S3, versioned with old versions expiring) whose policy lets only this site's
 * CloudFront distribution read objects and refuses any request without TLS. `cdn.tf` — the distribution,
 * signing its S3 requests through origin access control, redirecting HTTP to HTTPS, caching with the
 * managed CachingOptimized policy. With a host: `domain.tf` — an ACM certificate in us-east-1 (CloudFront
 * takes certificates only from there), validated in the environment's zone, and A/AAAA alias records.
 */
import { attr, attrs, block, type BodyItem, comment, type Expr, raw, resource, tpl } from "../hcl/index.js";
import { CLOUDFRONT_REGION, regionAlias, stackPlan } from "../model/stacks.js";
import { siteStackId } from "../model/stack-ids.js";
import { CACHING_OPTIMIZED, NONCURRENT_DAYS, SECURITY_HEADERS } from "../model/site.js";
import type { Environment, Site } from "../model/types.js";
import * as wires from "../model/wires.js";
import { banner } from "./common/files.js";
import { policyDocument } from "./common/iam.js";
import { StackInputs } from "./common/inputs.js";
import { assembleStack, type Stack } from "./stack.js";

const ORIGIN_ID = "s3";
const BUCKET = raw("aws_s3_bucket.this.id");

export function renderSiteStack(env: Environment, site: Site): Stack {
  const inputs = new StackInputs(siteStackId(site.key));
  const files = [
    { name: "bucket.tf", body: bucketFile(site) },
    { name: "cdn.tf", body: cdnFile(site) },
    ...(site.domainName ? [{ name: "domain.tf", body: domainFile(env, site.domainName, inputs) }] : []),
  ];
  const url: Expr = site.domainName ? tpl(`https://${site.domainName}`) : tpl("https://${aws_cloudfront_distribution.this.domain_name}");
  return assembleStack(stackPlan(env, siteStackId(site.key)), {
    files,
    inputs,
    outputs: {
      [wires.site.bucketName(site).name]: BUCKET,
      [wires.site.distributionId(site).name]: raw("aws_cloudfront_distribution.this.id"),
      [wires.site.url(site).name]: url,
    },
  });
}

function bucketFile(site: Site): BodyItem[] {
  return [
    banner(`Files of the ${site.key} site`, "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"),
    resource("aws_s3_bucket", "this", [
      attrs({ bucket: site.bucket, force_destroy: site.forceDestroy }),
      site.forceDestroy ? comment("Build output that every deploy uploads again: destroying the stack empties the bucket.") : undefined,
      attr("tags", { Name: site.name }),
    ]),
    resource("aws_s3_bucket_public_access_block", "this", [
      attrs({ bucket: BUCKET, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    ]),
    resource("aws_s3_bucket_ownership_controls", "this", [attr("bucket", BUCKET), block("rule", [], [attr("object_ownership", "BucketOwnerEnforced")])]),
    comment("SSE-S3: CloudFront reads through origin access control without a KMS key policy to keep in step."),
    resource("aws_s3_bucket_server_side_encryption_configuration", "this", [
      attr("bucket", BUCKET),
      block("rule", [], [block("apply_server_side_encryption_by_default", [], [attr("sse_algorithm", "AES256")])]),
    ]),
    comment(`Versioned: an upload that went wrong can be rolled back from the previous versions, kept ${NONCURRENT_DAYS} days.`),
    resource("aws_s3_bucket_versioning", "this", [attr("bucket", BUCKET), block("versioning_configuration", [], [attr("status", "Enabled")])]),
    resource("aws_s3_bucket_lifecycle_configuration", "this", [
      attr("bucket", BUCKET),
      block(
        "rule",
        [],
        [
          attrs({ id: "expire-old-versions", status: "Enabled" }),
          block("filter", [], []),
          block("noncurrent_version_expiration", [], [attr("noncurrent_days", NONCURRENT_DAYS)]),
          block("abort_incomplete_multipart_upload", [], [attr("days_after_initiation", 7)]),
        ],
      ),
      attr("depends_on", raw("[aws_s3_bucket_versioning.this]")),
    ]),
    comment(
      "Only this site's distribution reads objects (origin access control); nobody reaches the bucket without TLS.\n" +
        "Listing lets S3 answer 404 rather than 403 for a path with no file (query strings never reach S3).",
    ),
    resource("aws_s3_bucket_policy", "this", [
      attr("bucket", BUCKET),
      attr(
        "policy",
        policyDocument([
          {
            Sid: "AllowCloudFrontRead",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:GetObject",
            Resource: tpl("${aws_s3_bucket.this.arn}/*"),
            Condition: { StringEquals: { "AWS:SourceArn": raw("aws_cloudfront_distribution.this.arn") } },
          },
          {
            Sid: "AllowCloudFrontList",
            Effect: "Allow",
            Principal: { Service: "cloudfront.amazonaws.com" },
            Action: "s3:ListBucket",
            Resource: raw("aws_s3_bucket.this.arn"),
            Condition: { StringEquals: { "AWS:SourceArn": raw("aws_cloudfront_distribution.this.arn") } },
          },
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [raw("aws_s3_bucket.this.arn"), tpl("${aws_s3_bucket.this.arn}/*")],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ]),
      ),
      comment("S3 aborts concurrent changes to one bucket's configuration; the policy goes after Block Public Access."),
      attr("depends_on", raw("[aws_s3_bucket_public_access_block.this]")),
    ]),
  ];
}

function cdnFile(site: Site): BodyItem[] {
  return [
    banner(
      `CloudFront in front of the ${site.key} site`,
      "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html",
    ),
    resource("aws_cloudfront_origin_access_control", "this", [
      attrs({
        name: site.originAccessControl,
        description: `Signs the ${site.key} site's requests to its bucket.`,
        origin_access_control_origin_type: "s3",
        signing_behavior: "always",
        signing_protocol: "sigv4",
      }),
    ]),
    resource("aws_cloudfront_distribution", "this", [
      attrs({
        enabled: true,
        is_ipv6_enabled: true,
        http_version: "http2and3",
        comment: site.name,
        price_class: site.priceClass,
        default_root_object: "index.html",
        aliases: site.domainName ? [site.domainName] : undefined,
      }),
      block(
        "origin",
        [],
        [
          attrs({
            domain_name: raw("aws_s3_bucket.this.bucket_regional_domain_name"),
            origin_id: ORIGIN_ID,
            origin_access_control_id: raw("aws_cloudfront_origin_access_control.this.id"),
          }),
        ],
      ),
      block(
        "default_cache_behavior",
        [],
        [
          attrs({
            target_origin_id: ORIGIN_ID,
            viewer_protocol_policy: "redirect-to-https",
            allowed_methods: ["GET", "HEAD"],
            cached_methods: ["GET", "HEAD"],
            compress: true,
            cache_policy_id: CACHING_OPTIMIZED,
            response_headers_policy_id: SECURITY_HEADERS,
          }),
        ],
      ),
      ...(site.spa
        ? [
            comment("A single-page app: a path with no file is one of the app's routes, answered by index.html."),
            block("custom_error_response", [], [attrs({ error_code: 404, response_code: 200, response_page_path: "/index.html", error_caching_min_ttl: 10 })]),
          ]
        : []),
      block("restrictions", [], [block("geo_restriction", [], [attr("restriction_type", "none")])]),
      site.domainName
        ? block(
            "viewer_certificate",
            [],
            [
              attrs({
                acm_certificate_arn: raw("aws_acm_certificate_validation.this.certificate_arn"),
                ssl_support_method: "sni-only",
                minimum_protocol_version: "TLSv1.2_2021",
              }),
            ],
          )
        : block(
            "viewer_certificate",
            [],
            [
              comment("CloudFront's own *.cloudfront.net certificate; its minimum protocol is CloudFront's to set, not ours."),
              attr("cloudfront_default_certificate", true),
            ],
          ),
      attr("tags", { Name: site.name }),
    ]),
  ];
}

function domainFile(env: Environment, host: string, inputs: StackInputs): BodyItem[] {
  const provider = raw(`aws.${regionAlias(CLOUDFRONT_REGION)}`);
  const zone = inputs.read(wires.dns.zoneId(env));
  const option = (field: string) => raw(`one([for o in aws_acm_certificate.this.domain_validation_options : o.${field} if o.domain_name == each.key])`);
  return [
    banner(
      `Certificate of ${host}, in ${CLOUDFRONT_REGION} for CloudFront`,
      "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html",
    ),
    resource("aws_acm_certificate", "this", [
      attr("provider", provider),
      attrs({ domain_name: host, validation_method: "DNS", key_algorithm: "RSA_2048" }),
      attr("tags", { Name: host }),
      comment("A replacement certificate is issued before the old one goes, so the distribution never loses its own."),
      block("lifecycle", [], [attr("create_before_destroy", true)]),
    ]),
    resource("aws_route53_record", "validation", [
      attr("for_each", raw(`toset(${JSON.stringify([host])})`)),
      attrs({
        zone_id: zone,
        name: option("resource_record_name"),
        type: option("resource_record_type"),
        records: raw("[one([for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_value if o.domain_name == each.key])]"),
        ttl: 60,
        allow_overwrite: true,
      }),
    ]),
    resource("aws_acm_certificate_validation", "this", [
      attr("provider", provider),
      attrs({ certificate_arn: raw("aws_acm_certificate.this.arn"), validation_record_fqdns: raw("[for r in aws_route53_record.validation : r.fqdn]") }),
    ]),
    banner(`DNS names of the ${host} site`, "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-to-cloudfront-distribution.html"),
    resource("aws_route53_record", "this", [
      attr("for_each", raw('toset(["A", "AAAA"])')),
      attrs({ zone_id: zone, name: host, type: raw("each.value") }),
      block(
        "alias",
        [],
        [
          attrs({
            name: raw("aws_cloudfront_distribution.this.domain_name"),
            zone_id: raw("aws_cloudfront_distribution.this.hosted_zone_id"),
            evaluate_target_health: false,
          }),
        ],
      ),
    ]),
  ];
}
