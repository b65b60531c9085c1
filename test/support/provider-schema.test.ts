/** Tests the schema checker against the real hashicorp/aws schema with small hand-written HCL files. */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { attr, attrs, block, data, obj, raw, resource, type HclFile } from "../../src/hcl/index.js";
import { awsProviderSchema, checkAgainstSchema, type AwsProviderSchema } from "./provider-schema.js";

let schema: AwsProviderSchema;
beforeAll(async () => {
  schema = await awsProviderSchema();
});

const file = (name: string, ...body: HclFile["body"]): HclFile => ({ name, body });

describe("awsProviderSchema", () => {
  it("reads the aws provider schema once and caches it by version", async () => {
    expect(schema.version).toMatch(/^[56]\.\d+\.\d+$/);
    expect(schema.resource_schemas.aws_s3_bucket?.block.attributes?.bucket).toMatchObject({ optional: true });
    expect(await awsProviderSchema()).toBe(schema);
    const cache = fileURLToPath(new URL("../../node_modules/.cache/berth/aws-provider-schema.json", import.meta.url));
    expect(existsSync(cache)).toBe(true);
    expect(JSON.parse(readFileSync(cache, "utf8")).version).toBe(schema.version);
  });
});

describe("checkAgainstSchema", () => {
  it("accepts valid resources, data sources, meta-arguments, nested and dynamic blocks", () => {
    const valid = file(
      "main.tf",
      block("provider", ["aws"], [attrs({ region: "us-east-1", alias: "east" }), block("default_tags", [], [attr("tags", obj({ Project: "x" }))])]),
      resource("aws_s3_bucket", "this", [
        attr("count", 1),
        attrs({ bucket: "berth-logs", force_destroy: true, tags: obj({ Name: "logs" }) }),
        attr("depends_on", raw("[aws_security_group.this]")),
        block("lifecycle", [], [attr("prevent_destroy", true)]),
      ]),
      resource("aws_lb_listener", "http", [
        attrs({ load_balancer_arn: raw("var.alb_arn"), port: 80 }),
        block("default_action", [], [attr("type", "fixed-response"), block("fixed_response", [], attrs({ content_type: "text/plain", status_code: "404" }))]),
      ]),
      // `ingress` is a set of objects in the schema that terraform also accepts as repeated blocks.
      resource("aws_security_group", "this", [
        attr("vpc_id", raw("var.vpc_id")),
        block("ingress", [], attrs({ from_port: 443, to_port: 443, protocol: "tcp" })),
      ]),
      resource("aws_s3_bucket_lifecycle_configuration", "this", [attr("bucket", "x"), block("dynamic", ["rule"], [attr("for_each", raw("var.rules"))])]),
      data("aws_iam_policy_document", "assume", [block("statement", [], [attr("actions", ["sts:AssumeRole"])])]),
      resource("random_password", "db", [attr("anything", 1)]),
    );
    expect(checkAgainstSchema([valid], schema)).toEqual([]);
  });

  it("reports typos, computed-only attributes, misplaced blocks and unknown types", () => {
    const broken = file(
      "broken.tf",
      block("provider", ["aws"], [attr("regin", "us-east-1"), block("default_tag", [], [])]),
      resource("aws_s3_bucket", "typo", [attrs({ buckett: "berth-logs", arn: "arn:aws:s3:::x" }), block("versioning", [], [attr("enabledd", true)])]),
      resource("aws_s3_bucketz", "this", []),
      data("aws_caller_identityy", "this", []),
      resource("aws_lb_listener", "http", [attr("default_action", obj({ type: "forward" })), block("port", [], [])]),
    );
    expect(checkAgainstSchema([broken], schema)).toEqual([
      'broken.tf: provider "aws": unknown attribute "regin" (did you mean "region"?)',
      'broken.tf: provider "aws": unknown block "default_tag" (did you mean "default_tags"?)',
      'broken.tf: resource "aws_s3_bucket" "typo": unknown attribute "buckett" (did you mean "bucket"?)',
      'broken.tf: resource "aws_s3_bucket" "typo": "arn" is computed by the provider and cannot be set',
      'broken.tf: resource "aws_s3_bucket" "typo" > versioning: unknown attribute "enabledd" (did you mean "enabled"?)',
      'broken.tf: resource "aws_s3_bucketz" "this": unknown resource type "aws_s3_bucketz" (did you mean "aws_s3_bucket"?)',
      'broken.tf: data "aws_caller_identityy" "this": unknown data source type "aws_caller_identityy" (did you mean "aws_caller_identity"?)',
      'broken.tf: resource "aws_lb_listener" "http": "default_action" is a block; write default_action { … }',
      'broken.tf: resource "aws_lb_listener" "http": "port" is an attribute; write port = …',
    ]);
  });
});
