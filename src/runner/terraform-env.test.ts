/** Tests the terraform child environment: plugin cache, mirror config, binary override and version check. */
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { checkTerraform, compareVersions, terraformEnv } from "./terraform-env.js";

const thisFile = fileURLToPath(import.meta.url);
const home = () => mkdtempSync(join(tmpdir(), "berth-home-"));

describe("terraformEnv", () => {
  it("sets automation flags and creates a plugin cache under the home directory", () => {
    const h = home();
    const tf = terraformEnv({ base: { PATH: "/bin" }, home: h });
    expect(tf.binary).toBe("terraform");
    expect(tf.env).toMatchObject({ PATH: "/bin", TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" });
    expect(tf.env.TF_PLUGIN_CACHE_DIR).toBe(join(h, ".cache/berth/terraform-plugins"));
    expect(existsSync(tf.env.TF_PLUGIN_CACHE_DIR!)).toBe(true);
    expect(tf.env.TF_CLI_CONFIG_FILE).toBeUndefined();
  });

  it("keeps a plugin cache, CLI config and binary the user chose", () => {
    const tf = terraformEnv({
      base: { TF_PLUGIN_CACHE_DIR: "/x/cache", TF_CLI_CONFIG_FILE: thisFile, TF_PROVIDER_MIRROR: "/m", BERTH_TF_BINARY: "/opt/tf" },
      home: home(),
    });
    expect(tf).toMatchObject({ binary: "/opt/tf", env: { TF_PLUGIN_CACHE_DIR: "/x/cache", TF_CLI_CONFIG_FILE: thisFile } });
  });

  it("writes a filesystem-mirror CLI config from TF_PROVIDER_MIRROR", () => {
    const h = home();
    const tf = terraformEnv({ base: { TF_PROVIDER_MIRROR: "/srv/tf mirror" }, home: h });
    expect(tf.env.TF_CLI_CONFIG_FILE).toBe(join(h, ".cache/berth/terraform-mirror.tfrc"));
    const text = readFileSync(tf.env.TF_CLI_CONFIG_FILE!, "utf8");
    expect(text).toContain('path    = "/srv/tf mirror"');
    expect(text).toContain('include = ["registry.terraform.io/*/*"]');
  });

  it("treats a CLI config file that does not exist as unset when a mirror is given", () => {
    const tf = terraformEnv({ base: { TF_CLI_CONFIG_FILE: "/nope/.terraformrc", TF_PROVIDER_MIRROR: "/m" }, home: home() });
    expect(tf.env.TF_CLI_CONFIG_FILE).toMatch(/terraform-mirror\.tfrc$/);
  });
});

describe("checkTerraform", () => {
  function fakeTerraform(stdout: string): string {
    const file = join(home(), "terraform");
    writeFileSync(file, `#!/bin/sh\necho '${stdout}'\n`);
    chmodSync(file, 0o755);
    return file;
  }
  const check = (binary: string) => checkTerraform({ binary, env: process.env });

  it("returns the version of a recent terraform", async () => {
    expect(await check(fakeTerraform('{"terraform_version": "1.11.4", "platform": "linux_amd64"}'))).toBe("1.11.4");
  });

  it("rejects an old terraform with an install hint", async () => {
    const err = await check(fakeTerraform('{"terraform_version": "1.9.8"}')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toMatch(/terraform 1\.9\.8 at .* is too old; berth needs 1\.10\.0 or later/);
    expect((err as UsageError).hint).toMatch(/developer\.hashicorp\.com\/terraform\/install/);
    await expect(check(fakeTerraform("Terraform v0.12.31"))).rejects.toThrow(/0\.12\.31 .* too old/);
  });

  it("reports a missing binary as a usage error", async () => {
    await expect(check("/nonexistent/terraform")).rejects.toThrow(/terraform was not found \(\/nonexistent\/terraform\)/);
  });

  it("compares versions numerically", () => {
    expect(compareVersions("1.10.0", "1.9.8")).toBeGreaterThan(0);
    expect(compareVersions("1.10.0-beta1", "1.10.0")).toBe(0);
    expect(compareVersions("v1.2", "1.2.1")).toBeLessThan(0);
  });
});
