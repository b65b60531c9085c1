/**
 * Accounts end to end with the built CLI and the fake `terraform` and `aws` (test/fake-terraform): an
 * environment bound to an account is refused with credentials of another before anything changes, and
 * one that names a role is bootstrapped, planned, applied and recorded with that role's credentials.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { berth, fakeTools, ROOT } from "../support/fake-tools.js";

/** The runner fixture with staging bound to account 222222222222 (`account` is its YAML value). */
function world(account: string) {
  const dir = mkdtempSync(join(tmpdir(), "berth-accounts-"));
  cpSync(join(ROOT, "test", "fixtures", "runner", "berth.yaml"), join(dir, "berth.yaml"));
  const yaml = readFileSync(join(dir, "berth.yaml"), "utf8").replace("    tier: staging\n", `    tier: staging\n    account: ${account}\n`);
  writeFileSync(join(dir, "berth.yaml"), yaml);
  const fakes = fakeTools(dir);
  fakes.fakeAws({ callerAccount: "111111111111" });
  const run = (args: string[]) => berth([...args, "--config", join(dir, "berth.yaml"), "--env", "staging"], { cwd: dir, env: fakes.env });
  const awsCalls = fakes.awsCalls;
  const tfCalls = () => fakes.terraformCalls().map((c) => c.args[0]);
  return { dir, run, awsCalls, tfCalls };
}

describe("an environment bound to an account", { timeout: 120_000 }, () => {
  it("is refused (exit 2) with credentials of another account, before terraform runs", async () => {
    const w = world('"222222222222"');
    const plan = await w.run(["plan", "--out", join(w.dir, "infra")]);
    expect(plan.code, plan.stderr).toBe(0);
    const before = w.tfCalls().length;
    const apply = await w.run(["apply", "--out", join(w.dir, "infra"), "--yes"]);
    expect(apply.code).toBe(2);
    expect(apply.stderr).toContain(
      "the AWS credentials in use are for account 111111111111 (arn:aws:iam::111111111111:user/ci), but environment staging is in account 222222222222; nothing was changed",
    );
    expect(w.tfCalls().slice(before)).not.toContain("apply");
  });

  it("with a role: bootstraps its own state bucket, applies and records everything as the role", async () => {
    const w = world("{ id: '222222222222', role: berth-deployer }");
    const boot = await w.run(["bootstrap"]);
    expect(boot.code, boot.stderr).toBe(0);
    expect(boot.stdout).toContain(
      "staging: state bucket shop-terraform-state-222222222222 in eu-west-1, lock table shop-terraform-locks (account 222222222222, as arn:aws:iam::222222222222:role/berth-deployer)",
    );
    expect((await w.run(["plan", "--out", join(w.dir, "infra")])).code).toBe(0);
    const apply = await w.run(["apply", "--out", join(w.dir, "infra"), "--yes"]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const calls = w.awsCalls();
    const s3 = calls.filter((c) => c.args[0] === "s3api" || c.args[0] === "dynamodb");
    expect(s3.length).toBeGreaterThan(0);
    expect(s3.every((c) => c.key === "ASIAFAKE222222222222")).toBe(true);
    expect(s3.some((c) => c.args[1] === "put-object" && c.args.includes("shop-terraform-state-222222222222"))).toBe(true);
    const assumed = calls.filter((c) => c.args[1] === "assume-role");
    expect(assumed[0]!.args).toEqual(
      expect.arrayContaining(["--role-arn", "arn:aws:iam::222222222222:role/berth-deployer", "--role-session-name", "berth-shop-staging"]),
    );
    const providers = readFileSync(join(w.dir, "infra", "staging", "eu-west-1", "network", "providers.tf"), "utf8");
    expect(providers).toContain('allowed_account_ids = ["222222222222"]');
  });
});
