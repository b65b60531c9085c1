/** Accounts against the fake AWS CLI: roles assumed once per run, and credentials of another account refused before anything changes. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { Accounts } from "./accounts.js";
import { awsCli, runAws } from "./aws-cli.js";

const FAKE = join(import.meta.dirname, "..", "..", "test", "fake-terraform", "aws");
const ROLE = { arn: "arn:aws:iam::333333333333:role/berth-deployer", sessionName: "berth-shop-prod", externalId: "ext-1" };

function fakeAws(behaviour: object = {}) {
  const dir = mkdtempSync(join(tmpdir(), "berth-accounts-"));
  const log = join(dir, "aws.log");
  writeFileSync(join(dir, "fake-aws.json"), JSON.stringify(behaviour));
  const env = {
    ...process.env,
    BERTH_AWS_BINARY: FAKE,
    FAKE_AWS_DIR: dir,
    FAKE_AWS_LOG: log,
    FAKE_AWS_CONFIG: join(dir, "fake-aws.json"),
    AWS_PROFILE: "mine",
  };
  const calls = () =>
    readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { args: string[]; key?: string });
  return { accounts: new Accounts(awsCli({ base: env })), calls };
}

describe("Accounts", () => {
  it("assumes a role once per run, with its session name and external id, and acts with its keys without the caller's profile", async () => {
    const { accounts, calls } = fakeAws();
    const a = await accounts.cli(ROLE, "us-east-1");
    const b = await accounts.cli(ROLE, "us-east-1");
    expect(b).toBe(a);
    expect(a.env.AWS_ACCESS_KEY_ID).toBe("ASIAFAKE333333333333");
    expect(a.env.AWS_PROFILE).toBeUndefined();
    await runAws(a, ["sts", "get-caller-identity"]);
    expect(calls().map((c) => [c.args.slice(0, 2).join(" "), c.key])).toEqual([
      ["sts assume-role", undefined],
      ["sts get-caller-identity", "ASIAFAKE333333333333"],
    ]);
    expect(calls()[0]!.args).toEqual(expect.arrayContaining(["--role-arn", ROLE.arn, "--role-session-name", "berth-shop-prod", "--external-id", "ext-1"]));
  });

  it("passes an environment whose account is the caller's, and refuses one in another account with the fix", async () => {
    const { accounts, calls } = fakeAws({ callerAccount: "111111111111" });
    await accounts.check([{ name: "dev", region: "us-east-1", account: "111111111111", role: undefined }]);
    const wrong = accounts.check([{ name: "prod", region: "us-east-1", account: "333333333333", role: undefined }]);
    await expect(wrong).rejects.toThrow(UsageError);
    await expect(wrong).rejects.toThrow(
      "the AWS credentials in use are for account 111111111111 (arn:aws:iam::111111111111:user/ci), but environment prod is in account 333333333333; nothing was changed",
    );
    expect(calls().filter((c) => c.args[1] === "get-caller-identity")).toHaveLength(1); // once per run
  });

  it("refuses a role the caller may not assume, saying why", async () => {
    const { accounts } = fakeAws({ deniedRoles: [ROLE.arn] });
    const refused = accounts.check([{ name: "prod", region: "us-east-1", account: "333333333333", role: ROLE }]);
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(/cannot assume the role arn:aws:iam::333333333333:role\/berth-deployer: .*not authorized to perform: sts:AssumeRole/);
  });

  it("checks nothing and assumes nothing against a LocalStack endpoint", async () => {
    const accounts = new Accounts(awsCli({ endpoint: "http://localhost:4566", base: { BERTH_AWS_BINARY: "/nonexistent/aws" } }));
    await accounts.check([{ name: "prod", region: "us-east-1", account: "333333333333", role: ROLE }]);
    expect(await accounts.cli(ROLE)).toBe(accounts.base);
  });
});
