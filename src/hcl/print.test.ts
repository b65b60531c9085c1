import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attr, attrs, blank, block, comment, jsonencode, list, obj, raw, resource, tpl, value } from "./ast.js";
import { printFile } from "./print.js";

const sample = printFile({
  name: "main.tf",
  body: [
    comment("####################\n# Load balancer\n####################"),
    resource("aws_lb", "this", [
      attr("count", raw("var.enabled ? 1 : 0")),
      attrs({ name: "skyfox-devprod-ext", internal: false, subnets: raw("var.public_subnet_ids") }),
      block("access_logs", [], attrs({ bucket: raw("aws_s3_bucket.logs.id"), enabled: true })),
      attr("tags", obj({ Name: "x", "kubernetes.io/role": "y" })),
    ]),
    resource("aws_iam_role", "task", [
      attr("name", tpl("${var.name}-task")),
      attr(
        "assume_role_policy",
        jsonencode({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ecs-tasks.amazonaws.com" } }],
        }),
      ),
      attr("managed_policy_arns", list([])),
      blank,
      attr("description", 'quote " and ${literal}'),
      attr("long_list", value(Array.from({ length: 12 }, (_, i) => `10.0.${i}.0/24`))),
    ]),
  ],
});

describe("printFile", () => {
  it("aligns assignments and lays out blocks like terraform-aws-modules", () => {
    expect(sample).toContain('  name     = "skyfox-devprod-ext"\n  internal = false\n');
    expect(sample).toContain("  count = var.enabled ? 1 : 0\n\n  name ");
    expect(sample).toContain("\n\n  access_logs {\n    bucket  = aws_s3_bucket.logs.id\n    enabled = true\n  }\n\n  tags = {\n");
    expect(sample).toContain('"kubernetes.io/role" = "y"');
  });

  it("never starts, ends or doubles a blank line, and ends an aligned run at blanks, comments and multi-line values", () => {
    const text = printFile({
      name: "x.tf",
      body: [
        resource("null_resource", "a", [
          blank,
          attrs({ a: 1, bbb: 2 }),
          blank,
          blank,
          attr("cc", 3),
          comment("note"),
          attr("d", 4),
          attr("eeeee", obj({ k: 1, long_key: "v" })),
          attr("f", 5),
          blank,
        ]),
      ],
    });
    expect(text).toBe(
      [
        'resource "null_resource" "a" {',
        "  a   = 1",
        "  bbb = 2",
        "",
        "  cc = 3",
        "  # note",
        "  d = 4",
        "  eeeee = {",
        "    k        = 1",
        '    long_key = "v"',
        "  }",
        "  f = 5",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("escapes literal strings so they never interpolate", () => {
    expect(sample).toContain('description = "quote \\" and $${literal}"');
  });

  it("is left unchanged by terraform fmt", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-hcl-"));
    writeFileSync(join(dir, "main.tf"), sample);
    // `terraform fmt -check` exits 3 and lists the file when it would change it.
    expect(() => execFileSync("terraform", ["fmt", "-check", "-diff", dir], { encoding: "utf8" })).not.toThrow();
  });
});
