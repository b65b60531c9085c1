/**
 * The AWS CLI as berth's one way to talk to AWS outside terraform (state bucket, apply records, ECS
 * waits): no SDK in the dependency tree, the user's own profiles and SSO, and a fake `aws` in tests.
 */
import { execFile, spawn } from "node:child_process";
import { UsageError } from "../errors.js";

export interface AwsCli {
  /** `aws` by default; `BERTH_AWS_BINARY` overrides it. */
  readonly binary: string;
  readonly env: NodeJS.ProcessEnv;
  /** A LocalStack-style endpoint for every service (`--endpoint-url`). */
  readonly endpoint?: string;
}

export function awsCli(opts: { endpoint?: string; base?: NodeJS.ProcessEnv } = {}): AwsCli {
  const base = opts.base ?? process.env;
  const env = opts.endpoint ? { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", ...base } : base;
  return { binary: base.BERTH_AWS_BINARY || "aws", env, endpoint: opts.endpoint };
}

/** A failed `aws` call: its exit code and what it printed on stderr. */
export class AwsCliError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`aws ${args.slice(0, 2).join(" ")} failed (exit ${exitCode ?? "signal"}): ${stderr.trim().split("\n").slice(-3).join(" ")}`);
    this.name = "AwsCliError";
  }

  /** The object, bucket, table or IAM role does not exist. */
  get notFound(): boolean {
    return /NoSuchKey|NoSuchBucket|NoSuchEntity|Not Found|\(404\)|ResourceNotFoundException/.test(this.stderr);
  }
}

/** Runs `aws <args> --output json`; resolves with stdout. */
export function runAws(cli: AwsCli, args: readonly string[], region?: string): Promise<string> {
  const full = [...args, "--output", "json", ...(region ? ["--region", region] : []), ...(cli.endpoint ? ["--endpoint-url", cli.endpoint] : [])];
  return new Promise((resolve, reject) => {
    execFile(cli.binary, full, { env: cli.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        return reject(
          new UsageError(
            `the AWS CLI was not found (${cli.binary}); berth uses it for the state bucket, apply records and deployments.`,
            "install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html) or point BERTH_AWS_BINARY at it",
          ),
        );
      }
      reject(new AwsCliError(args, typeof err.code === "number" ? err.code : null, stderr));
    });
  });
}

/**
 * Runs `aws <args>` attached to the terminal (logs that follow, interactive sessions); resolves with
 * its exit code. A missing CLI is the same user error as for `runAws`.
 */
export function attachAws(cli: AwsCli, args: readonly string[], region?: string): Promise<number> {
  const full = [...args, ...(region ? ["--region", region] : []), ...(cli.endpoint ? ["--endpoint-url", cli.endpoint] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(cli.binary, full, { env: cli.env, stdio: "inherit" });
    child.on("error", (err: NodeJS.ErrnoException) =>
      reject(err.code === "ENOENT" ? new UsageError(`the AWS CLI was not found (${cli.binary})`, "install AWS CLI v2 or point BERTH_AWS_BINARY at it") : err),
    );
    child.on("exit", (code, signal) => resolve(code ?? (signal === "SIGINT" ? 130 : 1)));
  });
}
