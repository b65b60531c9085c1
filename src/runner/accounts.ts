/**
 * The AWS accounts of a run. An environment that names its account is bound to it: the AWS CLI calls
 * berth makes for it (state records, rollout waits) use its role's credentials, assumed once per run
 * (`aws sts assume-role`), and before anything changes, `check` refuses credentials that would act in
 * another account — terraform's `allowed_account_ids` would stop it too, but only stack by stack,
 * after the upstream stacks were already applied. With a LocalStack endpoint no role is assumed.
 */
import { UsageError } from "../errors.js";
import type { AssumedRole } from "../model/account.js";
import { type AwsCli, AwsCliError, runAws } from "./aws-cli.js";

/** What `check` needs of an environment. */
export interface AccountBinding {
  readonly name: string;
  readonly region: string;
  readonly account: string | undefined;
  readonly role: AssumedRole | undefined;
}

interface StsCredentials {
  readonly Credentials: { readonly AccessKeyId: string; readonly SecretAccessKey: string; readonly SessionToken: string };
  readonly AssumedRoleUser: { readonly Arn: string };
}

export class Accounts {
  private readonly assumed = new Map<string, Promise<AwsCli>>();
  private caller: Promise<{ Account: string; Arn: string }> | undefined;

  constructor(readonly base: AwsCli) {}

  /** The AWS CLI acting as `role` (assumed once per run), or as the caller without one. */
  cli(role: AssumedRole | undefined, region?: string): Promise<AwsCli> {
    if (role === undefined || this.base.endpoint !== undefined) return Promise.resolve(this.base);
    let cli = this.assumed.get(role.arn);
    if (!cli) {
      cli = this.assume(role, region);
      this.assumed.set(role.arn, cli);
    }
    return cli;
  }

  /**
   * Refuses (exit 2) to go on when an environment's account cannot be reached: without a role, the
   * caller's credentials must be in the account; with one, the role must be assumable and in it.
   */
  async check(envs: readonly AccountBinding[]): Promise<void> {
    if (this.base.endpoint !== undefined) return;
    for (const env of envs) {
      if (env.account === undefined) continue;
      if (env.role !== undefined) {
        await this.cli(env.role, env.region); // refuses with the reason when the role cannot be assumed
        continue;
      }
      const caller = await this.whoAmI(env.region);
      if (caller.Account !== env.account) {
        throw new UsageError(
          `the AWS credentials in use are for account ${caller.Account} (${caller.Arn}), but environment ${env.name} is in account ${env.account}; nothing was changed`,
          `use credentials of account ${env.account} (e.g. AWS_PROFILE=<its profile>), or let berth assume a role there: account: { id: "${env.account}", role: "<role name>" }`,
        );
      }
    }
  }

  private whoAmI(region: string): Promise<{ Account: string; Arn: string }> {
    this.caller ??= runAws(this.base, ["sts", "get-caller-identity"], region)
      .then((out) => JSON.parse(out) as { Account: string; Arn: string })
      .catch((e: unknown) => {
        throw noCredentials(e);
      });
    return this.caller;
  }

  private async assume(role: AssumedRole, region: string | undefined): Promise<AwsCli> {
    const args = ["sts", "assume-role", "--role-arn", role.arn, "--role-session-name", role.sessionName];
    if (role.externalId !== undefined) args.push("--external-id", role.externalId);
    let got: StsCredentials;
    try {
      got = JSON.parse(await runAws(this.base, args, region)) as StsCredentials;
    } catch (e) {
      if (!(e instanceof AwsCliError)) throw e;
      throw new UsageError(
        `cannot assume the role ${role.arn}: ${e.stderr.trim().split("\n").at(-1) ?? `exit ${e.exitCode}`}; nothing was changed`,
        "the role's trust policy must allow your credentials' principal (sts:AssumeRole), with the external id when the config gives one",
      );
    }
    const env: NodeJS.ProcessEnv = { ...this.base.env };
    // Keys in the environment win over a profile only when no profile is named: drop the profile.
    delete env.AWS_PROFILE;
    delete env.AWS_DEFAULT_PROFILE;
    env.AWS_ACCESS_KEY_ID = got.Credentials.AccessKeyId;
    env.AWS_SECRET_ACCESS_KEY = got.Credentials.SecretAccessKey;
    env.AWS_SESSION_TOKEN = got.Credentials.SessionToken;
    return { ...this.base, env };
  }
}

function noCredentials(e: unknown): unknown {
  if (!(e instanceof AwsCliError)) return e;
  return new UsageError(
    `berth could not tell which AWS account your credentials are in (aws sts get-caller-identity: ${e.stderr.trim().split("\n").at(-1) ?? `exit ${e.exitCode}`}); nothing was changed`,
    "sign in first (aws sso login, or AWS_PROFILE / AWS_ACCESS_KEY_ID), then run berth again",
  );
}
