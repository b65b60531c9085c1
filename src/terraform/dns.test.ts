/**
 * The dns stack's DNSSEC signing (`domain.dnssec`): the key-signing key in us-east-1 (a provider alias when the
 * environment is elsewhere), its policy for Route 53's DNSSEC service, zone signing and the DS record output;
 * held against `terraform fmt -check`, the real provider schema and an offline plan.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { modelErrors } from "../../test/support/config-errors.js";
import { attrExpr, attrValue, findBlock, findBlocks, jsonAttr } from "../../test/support/hcl-query.js";
import { readPlan, resource } from "../../test/support/plan-json.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { validateConfig } from "../config/validate.js";
import { printFile } from "../hcl/index.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { renderStacks } from "./render.js";
import { writeStacks } from "./write.js";

const config = (region: string, domain: Record<string, unknown>) => ({
  project: "shop",
  loadBalancers: { public: {} },
  services: { web: { port: 3000, routes: [{ loadBalancer: "public" }] } },
  environments: { prod: { tier: "prod", region, domain: { name: "shop.example.com", ...domain } } },
});
const dnsStack = (region: string, domain: Record<string, unknown> = { dnssec: true }) =>
  renderStacks(resolveModel(validateConfig(config(region, domain)))).find((s) => s.id === "dns")!;

describe("DNSSEC signing of the zone berth creates", () => {
  const frankfurt = dnsStack("eu-central-1");

  it("keeps the key-signing key in us-east-1 through a provider alias, and signs the zone with it", () => {
    expect(frankfurt.providers.map((p) => [p.alias ?? null, p.region])).toEqual([
      [null, "eu-central-1"],
      ["us_east_1", "us-east-1"],
    ]);
    const key = findBlock(frankfurt.files, "resource", "aws_kms_key", "dnssec");
    expect([attrValue(key, "provider"), attrValue(key, "customer_master_key_spec"), attrValue(key, "key_usage")]).toEqual([
      { raw: "aws.us_east_1" },
      "ECC_NIST_P256",
      "SIGN_VERIFY",
    ]);
    const ksk = findBlock(frankfurt.files, "resource", "aws_route53_key_signing_key", "this");
    expect([attrValue(ksk, "name"), attrValue(ksk, "hosted_zone_id")]).toEqual(["shop_prod_ksk", { raw: "aws_route53_zone.this.id" }]);
    expect(findBlocks(frankfurt.files, "resource", "aws_route53_hosted_zone_dnssec")).toHaveLength(1);
    expect(frankfurt.outputs.map((o) => o.name)).toContain("ds_record");
  });

  it("lets only Route 53's DNSSEC service of this account sign, and grant for AWS resources only", () => {
    const policy = jsonAttr(findBlock(frankfurt.files, "resource", "aws_kms_key_policy", "dnssec"), "policy") as { Statement: Record<string, unknown>[] };
    expect(policy.Statement.map((s) => [s.Sid, s.Action, s.Condition])).toEqual([
      ["AccountAdministersKey", "kms:*", undefined],
      [
        "Route53DnssecSigns",
        ["kms:DescribeKey", "kms:GetPublicKey", "kms:Sign"],
        { StringEquals: { "aws:SourceAccount": '${split(":", aws_kms_key.dnssec.arn)[4]}' }, ArnLike: { "aws:SourceArn": "arn:aws:route53:::hostedzone/*" } },
      ],
      ["Route53DnssecGrants", "kms:CreateGrant", { Bool: { "kms:GrantIsForAWSResource": true } }],
    ]);
  });

  it("needs no alias in us-east-1, and is off by default", () => {
    const virginia = dnsStack("us-east-1");
    expect(virginia.providers).toHaveLength(1);
    expect(attrExpr(findBlock(virginia.files, "resource", "aws_kms_key", "dnssec"), "provider")).toBeUndefined();
    expect(findBlocks(dnsStack("us-east-1", {}).files, "resource", "aws_kms_key")).toEqual([]);
  });

  it("refuses to sign a zone berth does not create, with the fix", () => {
    expect(modelErrors(config("us-east-1", { dnssec: true, zoneId: "Z0123456789ABCDEFGHIJ" }))).toContain(
      "environments.prod.domain.dnssec: signs only a zone berth creates; zone Z0123456789ABCDEFGHIJ is managed elsewhere",
    );
  });

  it("is formatted as terraform fmt writes it and uses only what the aws provider knows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-dnssec-"));
    for (const f of frankfurt.files) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, f.name), printFile(f));
    }
    expect(() => execFileSync("terraform", ["fmt", "-check", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
    expect(checkAgainstSchema(frankfurt.files, await awsProviderSchema())).toEqual([]);
  }, 600_000);

  it("plans offline: the key in us-east-1, the key-signing key and zone signing", async () => {
    const out = mkdtempSync(join(tmpdir(), "berth-dnssec-plan-"));
    writeStacks([frankfurt], out);
    const results = await planOffline([frankfurt], out, { parallelism: 1 });
    expect(results.map((r) => `${r.stack}: ${r.status}${r.error ? ` ${(r.error as Error).message}` : ""}`)).toEqual(["prod/eu-central-1/dns: succeeded"]);
    const plan = readPlan(join(out, "prod/eu-central-1/dns/plan.json"));
    expect(resource(plan, "aws_kms_key", "dnssec").values).toMatchObject({ customer_master_key_spec: "ECC_NIST_P256", key_usage: "SIGN_VERIFY" });
    expect(resource(plan, "aws_route53_key_signing_key", "this").values).toMatchObject({ name: "shop_prod_ksk", status: "ACTIVE" });
    expect(resource(plan, "aws_route53_hosted_zone_dnssec", "this").values).toMatchObject({ signing_status: "SIGNING" });
  }, 600_000);
});

describe("an existing certificate (domain.certificateArn)", () => {
  const ARN = "arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
  const WEST2 = "arn:aws:acm:us-west-2:111111111111:certificate/1a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
  const stacks = renderStacks(
    resolveModel(
      validateConfig({
        ...config("eu-west-1", { certificateArn: ARN }),
        environments: {
          prod: {
            tier: "prod",
            region: "eu-west-1",
            domain: { name: "shop.example.com", certificateArn: ARN },
            recovery: { region: "us-west-2", certificateArn: WEST2, network: { cidr: "10.1.0.0/16" } },
          },
        },
      }),
    ),
  );
  const dns = (region: string) => stacks.find((s) => s.id === "dns" && s.region === region)!;

  it("issues and validates no certificate, keeps the zone, and outputs the given ARN in each region", () => {
    for (const region of ["eu-west-1", "us-west-2"]) {
      for (const type of ["aws_acm_certificate", "aws_acm_certificate_validation", "aws_route53_record"])
        expect(findBlocks(dns(region).files, "resource", type)).toEqual([]);
    }
    expect(findBlocks(dns("eu-west-1").files, "resource", "aws_route53_zone")).toHaveLength(1);
    expect(attrValue(findBlock(dns("eu-west-1").files, "output", "certificate_arn"), "value")).toBe(ARN);
    expect(attrValue(findBlock(dns("us-west-2").files, "output", "certificate_arn"), "value")).toBe(WEST2);
  });

  it("is what the HTTPS listener reads through the usual wire", () => {
    const platform = stacks.find((s) => s.id === "platform" && s.region === "eu-west-1")!;
    expect(platform.inputs).toContainEqual({ variable: "certificate_arn", stack: "dns", output: "certificate_arn" });
    const https = findBlocks(platform.files, "resource", "aws_lb_listener").find((l) => attrValue(l, "port") === 443)!;
    expect(attrValue(https, "certificate_arn")).toEqual({ raw: "var.certificate_arn" });
  });
});
