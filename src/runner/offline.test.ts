/**
 * Offline plan against real terraform and the real AWS provider: two hand-built stacks, the second
 * fed a mock of the first one's output. Fails (never skips) when terraform is missing: CI must run it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { attr, attrs, block, obj, printFile, raw, resource, type HclFile } from "../hcl/index.js";
import type { Stack } from "../terraform/stack.js";
import { testStack } from "../../test/support/stack.js";
import { mockInputs, providerOverride } from "./mocks.js";
import { planOffline } from "./offline.js";
import { countChanges } from "./plan-details.js";
import { checkTerraform, terraformEnv } from "./terraform-env.js";

function versionsTf(key: string): HclFile {
  return {
    name: "versions.tf",
    body: [
      block(
        "terraform",
        [],
        [
          attr("required_version", ">= 1.10"),
          block("required_providers", [], [attr("aws", obj({ source: "hashicorp/aws", version: ">= 5.100, < 7" }))]),
          block("backend", ["s3"], attrs({ bucket: "berth-test-state", key, region: "us-east-1", use_lockfile: true, encrypt: true })),
        ],
      ),
      block("provider", ["aws"], [attr("region", "us-east-1")]),
    ],
  };
}

const network: Stack = testStack({
  id: "network",
  files: [versionsTf("dev/network.tfstate"), { name: "outputs.tf", body: [block("output", ["bucket_prefix"], attrs({ description: "x", value: "real-" }))] }],
  dependsOn: [],
  inputs: [],
  outputs: [{ name: "bucket_prefix", description: "Prefix of the logs bucket", mock: "mock-logs-" }],
});

const storage: Stack = testStack({
  id: "storage",
  providers: [
    { alias: undefined, region: "us-east-1", defaultTags: {} },
    { alias: "global", region: "us-east-1", defaultTags: {} },
  ],
  files: [
    versionsTf("dev/storage.tfstate"),
    { name: "global.tf", body: [block("provider", ["aws"], attrs({ alias: "global", region: "us-east-1" }))] },
    { name: "variables.tf", body: [block("variable", ["bucket_prefix"], [attr("description", "From network"), attr("type", raw("string"))])] },
    { name: "main.tf", body: [resource("aws_s3_bucket", "this", [attr("bucket_prefix", raw("var.bucket_prefix"))])] },
  ],
  dependsOn: ["network"],
  inputs: [{ variable: "bucket_prefix", stack: "network", output: "bucket_prefix" }],
});

function writeStacks(stacks: readonly Stack[]): string {
  const out = mkdtempSync(join(tmpdir(), "berth-offline-"));
  for (const s of stacks) {
    mkdirSync(join(out, s.path), { recursive: true });
    for (const f of s.files) writeFileSync(join(out, s.path, f.name), printFile(f));
  }
  return out;
}

describe("planOffline (real terraform)", () => {
  beforeAll(async () => {
    // Throws a UsageError naming the missing binary or old version: this test must fail, not skip.
    await checkTerraform(terraformEnv());
  });

  it("plans each stack with a local backend, fake credentials and mocked upstream outputs", async () => {
    const out = writeStacks([storage, network]);
    const messages: string[] = [];
    const results = await planOffline([storage, network], out, { log: (m) => messages.push(m) });

    const failed = results.find((r) => r.status !== "succeeded");
    if (failed) {
      throw new Error(
        `${failed.stack} ${failed.status}: ${String(failed.error)}\nlog: ${failed.logFile}\n` +
          "Offline init needs the AWS provider locally: set TF_CLI_CONFIG_FILE to a CLI config with a filesystem_mirror, or TF_PROVIDER_MIRROR.",
      );
    }
    expect(results.map((r) => r.stack)).toEqual(["dev/us-east-1/network", "dev/us-east-1/storage"]);
    expect(results[0]!.changes).toEqual({ create: 0, update: 0, delete: 0, replace: 0 });
    expect(results[1]!.changes).toEqual({ create: 1, update: 0, delete: 0, replace: 0 });

    const planFile = join(out, storage.path, "plan.json");
    expect(results[1]!.planFile).toBe(planFile);
    const planJson = JSON.parse(readFileSync(planFile, "utf8"));
    expect(planJson.variables.bucket_prefix.value).toBe("mock-logs-");
    expect(planJson.resource_changes).toMatchObject([
      { address: "aws_s3_bucket.this", change: { actions: ["create"], after: { bucket_prefix: "mock-logs-" } } },
    ]);

    expect(existsSync(join(out, storage.path, ".terraform"))).toBe(false);
    expect(readFileSync(results[1]!.logFile, "utf8")).toMatch(
      /mock upstream outputs .*never used for apply.*\n {2}bucket_prefix = "mock-logs-" {2}\(mock of network\.bucket_prefix\)/,
    );
    expect(messages).toEqual(["dev/us-east-1/storage: planning with mock outputs of network"]);
  }, 300_000);
});

describe("offline helpers", () => {
  it("overrides every aws provider block, by alias", () => {
    const text = providerOverride(storage);
    expect(text.match(/^provider "aws" \{$/gm)).toHaveLength(2);
    expect(text).toContain('  alias                       = "global"\n  access_key                  = "mock-access-key"\n');
    expect(text).toContain("  skip_credentials_validation = true\n  skip_requesting_account_id  = true\n  skip_metadata_api_check     = true\n");
  });

  it("lifts the account binding: allowed_account_ids unset and an empty role, so no STS call is made", () => {
    const role = { arn: "arn:aws:iam::333333333333:role/berth-deployer", sessionName: "berth-shop-dev", externalId: undefined };
    const bound = testStack({ id: "bound", providers: [{ alias: undefined, region: "us-east-1", defaultTags: {}, account: "333333333333", role }] });
    const text = providerOverride(bound);
    expect(text).toContain('  allowed_account_ids         = null\n\n  assume_role {\n    role_arn = ""\n  }\n}\n');
    expect(providerOverride(storage)).not.toMatch(/assume_role|allowed_account_ids/);
  });

  it("fills inputs from upstream mocks and names a missing upstream stack", () => {
    expect(mockInputs(storage, [network, storage])).toEqual({ bucket_prefix: "mock-logs-" });
    expect(() => mockInputs(storage, [storage])).toThrow(/stack dev\/us-east-1\/storage reads outputs of stack network, which is not among the stacks to plan/);
  });

  it("counts replacements once and ignores no-op and read", () => {
    const plan = {
      resource_changes: [["create"], ["delete", "create"], ["create", "delete"], ["update"], ["delete"], ["no-op"], ["read"]].map((actions) => ({
        change: { actions },
      })),
    };
    expect(countChanges(plan)).toEqual({ create: 1, update: 1, delete: 1, replace: 2 });
    expect(countChanges({})).toEqual({ create: 0, update: 0, delete: 0, replace: 0 });
  });
});
