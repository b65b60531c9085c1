/**
 * A static site's stack planned offline by the real terraform and AWS provider: facts asserted on plan.json —
 * the private bucket, origin access control, the bucket policy's principal (the distribution), the viewer
 * certificate (us-east-1 ACM with TLS 1.2, or CloudFront's own), aliases and alias records.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");

const CONFIG = `project: shop
services: {}
sites:
  web:
    dir: web/dist
    spa: true
environments:
  prod:
    tier: prod
    region: eu-west-1
    domain:
      name: shop.example.com
    sites:
      web:
        host: www
  dev:
    tier: dev
    region: eu-west-1
`;

interface Change {
  readonly address: string;
  readonly type: string;
  readonly provider_name: string;
  readonly change: { readonly actions: string[]; readonly after: Record<string, unknown>; readonly after_unknown: Record<string, unknown> };
}
interface ConfigResource {
  readonly address: string;
  readonly provider_config_key?: string;
  readonly expressions: Record<string, { references?: string[]; constant_value?: unknown }>;
}
interface Plan {
  readonly resource_changes: Change[];
  readonly configuration: {
    readonly provider_config: Record<string, { name: string; alias?: string; expressions?: { region?: { constant_value?: string } } }>;
    readonly root_module: { readonly resources: ConfigResource[] };
  };
}

let out: string;
const plan = (env: string): Plan => JSON.parse(readFileSync(join(out, env, "eu-west-1", "site-web", "plan.json"), "utf8")) as Plan;
const after = (p: Plan, address: string): Record<string, unknown> => {
  const c = p.resource_changes.find((r) => r.address === address);
  if (!c) throw new Error(`no ${address}; have ${p.resource_changes.map((r) => r.address).join(", ")}`);
  expect(c.change.actions).toEqual(["create"]);
  return c.change.after;
};
const config = (p: Plan, address: string): ConfigResource => p.configuration.root_module.resources.find((r) => r.address === address)!;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "berth-site-plan-"));
  writeFileSync(join(dir, "berth.yaml"), CONFIG);
  out = join(dir, "infra");
  const r = spawnSync(process.execPath, [BIN, "plan", "--offline", "--stack", "site-*", "--config", join(dir, "berth.yaml"), "--out", out], {
    cwd: dir,
    encoding: "utf8",
  });
  expect(r.status, r.stdout + r.stderr).toBe(0);
}, 300_000);

describe("site-web planned offline", () => {
  it("keeps the bucket private, encrypted, versioned, readable only by the distribution and only over TLS", () => {
    const p = plan("prod");
    expect(after(p, "aws_s3_bucket.this").bucket).toBe("shop-prod-web-site");
    expect(after(p, "aws_s3_bucket_public_access_block.this")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(after(p, "aws_s3_bucket_versioning.this").versioning_configuration).toEqual([expect.objectContaining({ status: "Enabled" })]);
    const policy = config(p, "aws_s3_bucket_policy.this").expressions.policy!.references!;
    expect(policy).toEqual(expect.arrayContaining(["aws_cloudfront_distribution.this.arn", "aws_s3_bucket.this.arn"]));
  });

  it("signs S3 requests through origin access control and redirects viewers to HTTPS", () => {
    const p = plan("prod");
    expect(after(p, "aws_cloudfront_origin_access_control.this")).toMatchObject({
      origin_access_control_origin_type: "s3",
      signing_behavior: "always",
      signing_protocol: "sigv4",
    });
    const cf = after(p, "aws_cloudfront_distribution.this");
    expect(cf).toMatchObject({ default_root_object: "index.html", aliases: ["www.shop.example.com"], is_ipv6_enabled: true });
    expect(cf.default_cache_behavior).toEqual([
      expect.objectContaining({ viewer_protocol_policy: "redirect-to-https", cache_policy_id: "658327ea-f89d-4fab-a63d-7e88639e58f6" }),
    ]);
    expect(cf.custom_error_response).toEqual([expect.objectContaining({ error_code: 404, response_code: 200, response_page_path: "/index.html" })]);
    expect(config(p, "aws_cloudfront_distribution.this").expressions.origin).toBeDefined();
  });

  it("takes its certificate from ACM in us-east-1, TLS 1.2 at least, with A and AAAA alias records", () => {
    const p = plan("prod");
    expect(after(p, "aws_cloudfront_distribution.this").viewer_certificate).toEqual([
      expect.objectContaining({ minimum_protocol_version: "TLSv1.2_2021", ssl_support_method: "sni-only", cloudfront_default_certificate: null }),
    ]);
    // The validated certificate's ARN: known only once ACM has issued it.
    const unknown = p.resource_changes.find((r) => r.address === "aws_cloudfront_distribution.this")!.change.after_unknown;
    expect(unknown.viewer_certificate).toEqual([expect.objectContaining({ acm_certificate_arn: true })]);
    expect(after(p, "aws_acm_certificate.this")).toMatchObject({ domain_name: "www.shop.example.com", validation_method: "DNS" });
    expect(config(p, "aws_acm_certificate.this").provider_config_key).toBe("aws.us_east_1");
    expect(p.configuration.provider_config["aws.us_east_1"]?.expressions?.region?.constant_value).toBe("us-east-1");
    expect(after(p, 'aws_route53_record.this["A"]')).toMatchObject({ name: "www.shop.example.com", type: "A" });
    expect(after(p, 'aws_route53_record.this["AAAA"]')).toMatchObject({ name: "www.shop.example.com", type: "AAAA" });
  });

  it("without a domain: CloudFront's own certificate, no alias, no certificate or record", () => {
    const p = plan("dev");
    const cf = after(p, "aws_cloudfront_distribution.this");
    expect(cf.viewer_certificate).toEqual([expect.objectContaining({ cloudfront_default_certificate: true })]);
    expect(cf.aliases ?? []).toEqual([]);
    expect(p.resource_changes.map((r) => r.type)).not.toContain("aws_acm_certificate");
    expect(p.resource_changes.map((r) => r.type)).not.toContain("aws_route53_record");
  });
});
