/** Extension files from `terraform/` beside the config: copied into their stacks, replaced per environment, removed with their source. */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { put, read, stacksOf, tempDir, tree } from "../../test/support/write-fixtures.js";
import { writeStacks } from "./write.js";

const WAF = 'resource "aws_wafv2_web_acl" "this" {}\n';

describe("writeStacks with terraform/ extension files", () => {
  it("copies terraform/<stack>/*.tf into that stack in every environment, with a header naming the source", () => {
    const config = tempDir();
    put(config, "terraform/service-api/waf.tf", WAF);
    put(config, "terraform/service-api/README.md", "notes, not copied\n");
    const out = tempDir();
    const result = writeStacks([...stacksOf("prod", ["api", "web"]), ...stacksOf("staging", ["api"])], out, { configDir: config });
    const copied = "# Copied by berth from terraform/service-api/waf.tf; edit that file, not this copy.\n\n" + WAF;
    expect(read(out, "prod/eu-west-1/service-api/waf.tf")).toBe(copied);
    expect(read(out, "staging/eu-west-1/service-api/waf.tf")).toBe(copied);
    expect(tree(out).filter((f) => f.includes("README") || f.includes("service-web/waf"))).toEqual([]);
    expect(result.files).toBe(4 + 2 + 4 + 2);
  });

  it("lets terraform/<stack>/<env>/ add files for one environment and replace a shared one of the same name", () => {
    const config = tempDir();
    put(config, "terraform/network/flow.tf", "# shared\n");
    put(config, "terraform/network/prod/flow.tf", "# prod only\n");
    put(config, "terraform/network/prod/vpc_override.tf", 'resource "aws_vpc" "this" {\n  enable_dns_support = true\n}\n');
    const out = tempDir();
    writeStacks([...stacksOf("prod", []), ...stacksOf("staging", [])], out, { configDir: config });
    expect(read(out, "prod/eu-west-1/network/flow.tf")).toMatch(/from terraform\/network\/prod\/flow\.tf[^]*# prod only\n$/);
    expect(read(out, "staging/eu-west-1/network/flow.tf")).toMatch(/# shared\n$/);
    expect(tree(out).filter((f) => f.endsWith("vpc_override.tf"))).toEqual(["prod/eu-west-1/network/vpc_override.tf"]);
  });

  it("removes the copy when its source is removed, and picks up changes", () => {
    const config = tempDir();
    put(config, "terraform/network/a.tf", "# a\n");
    put(config, "terraform/network/b.tf", "# b\n");
    const out = tempDir();
    writeStacks(stacksOf("prod", []), out, { configDir: config });
    rmSync(join(config, "terraform/network/a.tf"));
    put(config, "terraform/network/b.tf", "# b2\n");
    expect(writeStacks(stacksOf("prod", []), out, { configDir: config })).toMatchObject({ written: 1, removed: 1, unchanged: 2 });
    expect(tree(out)).toEqual(["prod/eu-west-1/network/b.tf", "prod/eu-west-1/network/versions.tf", "prod/eu-west-1/network/vpc.tf"]);
    expect(read(out, "prod/eu-west-1/network/b.tf")).toMatch(/# b2\n$/);
  });

  it("refuses an extension file with the name of a rendered file, suggesting an override file", () => {
    const config = tempDir();
    put(config, "terraform/network/vpc.tf", "# mine\n");
    const out = tempDir();
    expect(() => writeStacks(stacksOf("prod", []), out, { configDir: config })).toThrow(/terraform\/network\/vpc\.tf has the name of a file berth renders/);
    expect(tree(out)).toEqual([]);
  });

  it("notes folders that match no stack or environment", () => {
    const config = tempDir();
    put(config, "terraform/servce-api/waf.tf", WAF);
    put(config, "terraform/network/prdo/x.tf", "# x\n");
    const result = writeStacks(stacksOf("prod", ["api"]), tempDir(), { configDir: config });
    expect(result.notes).toEqual([
      "terraform/servce-api/ matches no stack written (stacks: network, service-api); its files are not copied",
      "terraform/network/prdo/ matches no environment written (prod); its files are not copied",
    ]);
  });
});
