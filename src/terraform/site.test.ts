/** The `site-<name>` stack: private bucket, origin access control, TLS, and the us-east-1 certificate with a domain. */
import { describe, expect, it } from "vitest";
import { attrValue, child, findBlock, findBlocks, jsonAttr, nested } from "../../test/support/hcl-query.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { printFile } from "../hcl/index.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "../model/resolve.js";
import { renderStacks } from "./render.js";
import type { Stack } from "./stack.js";

type Raw = Record<string, unknown>;
const render = (env: Raw, site: Raw = {}): Stack[] =>
  renderStacks(
    resolveModel(
      validateConfig({
        project: "shop",
        loadBalancers: { public: {} },
        services: { api: { port: 8080, routes: [{ loadBalancer: "public", path: "/api/*" }] } },
        sites: { web: { dir: "web/dist", ...site } },
        environments: { prod: { tier: "prod", region: "eu-west-1", ...env } },
      }),
    ),
  );
const stack = (stacks: Stack[], id: string): Stack => {
  const s = stacks.find((x) => x.id === id);
  if (!s) throw new Error(`no stack ${id}; have ${stacks.map((x) => x.id).join(", ")}`);
  return s;
};

describe("a site without a domain", () => {
  const site = stack(render({}), "site-web");

  it("is a stack of its own that reads nothing upstream and outputs the bucket, the distribution and the URL", () => {
    expect(site.dependsOn).toEqual([]);
    expect(site.providers.map((p) => [p.alias, p.region])).toEqual([[undefined, "eu-west-1"]]);
    expect(site.outputs.map((o) => o.name)).toEqual(["bucket_name", "distribution_id", "url"]);
    expect(site.files.map((f) => f.name)).not.toContain("domain.tf");
  });

  it("keeps the bucket private, encrypted and versioned", () => {
    expect(attrValue(findBlock(site, "resource", "aws_s3_bucket", "this"), "bucket")).toBe("shop-prod-web-site");
    // Prod keeps the bucket's files when the stack is destroyed; other tiers empty it (build output).
    expect(attrValue(findBlock(site, "resource", "aws_s3_bucket", "this"), "force_destroy")).toBe(false);
    const dev = stack(render({ tier: "dev" }), "site-web");
    expect(attrValue(findBlock(dev, "resource", "aws_s3_bucket", "this"), "force_destroy")).toBe(true);
    const pab = findBlock(site, "resource", "aws_s3_bucket_public_access_block", "this");
    for (const a of ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]) expect(attrValue(pab, a)).toBe(true);
    const sse = findBlock(site, "resource", "aws_s3_bucket_server_side_encryption_configuration", "this");
    expect(attrValue(child(child(sse, "rule"), "apply_server_side_encryption_by_default"), "sse_algorithm")).toBe("AES256");
    expect(attrValue(child(findBlock(site, "resource", "aws_s3_bucket_versioning", "this"), "versioning_configuration"), "status")).toBe("Enabled");
  });

  it("lets only the distribution read, and only over TLS", () => {
    const policy = jsonAttr(findBlock(site, "resource", "aws_s3_bucket_policy", "this"), "policy") as { Statement: Raw[] };
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "cloudfront.amazonaws.com" },
        Action: "s3:GetObject",
        Condition: { StringEquals: { "AWS:SourceArn": { raw: "aws_cloudfront_distribution.this.arn" } } },
      }),
      expect.objectContaining({ Effect: "Allow", Action: "s3:ListBucket", Resource: { raw: "aws_s3_bucket.this.arn" } }),
      expect.objectContaining({ Effect: "Deny", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    ]);
  });

  it("serves through origin access control over HTTPS on CloudFront's certificate, with no SPA fallback", () => {
    const oac = findBlock(site, "resource", "aws_cloudfront_origin_access_control", "this");
    expect([attrValue(oac, "origin_access_control_origin_type"), attrValue(oac, "signing_behavior")]).toEqual(["s3", "always"]);
    const cf = findBlock(site, "resource", "aws_cloudfront_distribution", "this");
    expect(attrValue(cf, "default_root_object")).toBe("index.html");
    expect(attrValue(child(cf, "origin"), "origin_access_control_id")).toEqual({ raw: "aws_cloudfront_origin_access_control.this.id" });
    const behavior = child(cf, "default_cache_behavior");
    expect(attrValue(behavior, "viewer_protocol_policy")).toBe("redirect-to-https");
    expect(attrValue(behavior, "cache_policy_id")).toBe("658327ea-f89d-4fab-a63d-7e88639e58f6");
    expect(attrValue(child(cf, "viewer_certificate"), "cloudfront_default_certificate")).toBe(true);
    expect(nested(cf, "custom_error_response")).toEqual([]);
    expect(attrValue(findBlock({ files: site.files }, "output", "url"), "value")).toBe("https://${aws_cloudfront_distribution.this.domain_name}");
  });
});

describe("a site with the environment's domain", () => {
  const stacks = render({ domain: { name: "shop.example.com" }, account: "111111111111" }, { spa: true, host: "www" });
  const site = stack(stacks, "site-web");

  it("has a us-east-1 provider for its certificate and reads the zone from the dns stack", () => {
    expect(site.providers.map((p) => [p.alias, p.region])).toEqual([
      [undefined, "eu-west-1"],
      ["us_east_1", "us-east-1"],
    ]);
    expect(site.dependsOn).toEqual(["dns"]);
    expect(site.inputs).toEqual([{ variable: "zone_id", stack: "dns", output: "zone_id" }]);
  });

  it("names the bucket with the account, serves www on its own certificate with TLS 1.2 and alias records", () => {
    expect(attrValue(findBlock(site, "resource", "aws_s3_bucket", "this"), "bucket")).toBe("shop-prod-web-site-111111111111");
    const cert = findBlock(site, "resource", "aws_acm_certificate", "this");
    expect(attrValue(cert, "provider")).toEqual({ raw: "aws.us_east_1" });
    expect(attrValue(cert, "domain_name")).toBe("www.shop.example.com");
    expect(attrValue(findBlock(site, "resource", "aws_acm_certificate_validation", "this"), "provider")).toEqual({ raw: "aws.us_east_1" });
    const cf = findBlock(site, "resource", "aws_cloudfront_distribution", "this");
    expect(attrValue(cf, "aliases")).toEqual(["www.shop.example.com"]);
    const cert2 = child(cf, "viewer_certificate");
    expect(attrValue(cert2, "minimum_protocol_version")).toBe("TLSv1.2_2021");
    expect(attrValue(cert2, "ssl_support_method")).toBe("sni-only");
    expect(attrValue(findBlock(site, "resource", "aws_route53_record", "this"), "for_each")).toEqual({ raw: 'toset(["A", "AAAA"])' });
  });

  it("answers missing paths with index.html for a single-page app", () => {
    const cf = findBlock(site, "resource", "aws_cloudfront_distribution", "this");
    expect(
      nested(cf, "custom_error_response").map((b) => [attrValue(b, "error_code"), attrValue(b, "response_code"), attrValue(b, "response_page_path")]),
    ).toEqual([[404, 200, "/index.html"]]);
  });

  it("prints every file, and every attribute and block is in the AWS provider's schema", async () => {
    for (const f of site.files) expect(printFile(f)).not.toContain("undefined");
    expect(findBlocks(site, "resource", "aws_route53_record")).toHaveLength(2);
    const schema = await awsProviderSchema();
    expect(checkAgainstSchema(site.files, schema)).toEqual([]);
    expect(checkAgainstSchema(stack(render({}), "site-web").files, schema)).toEqual([]);
  }, 120_000);
});
