/**
 * `berth bootstrap`: the S3 state bucket (versioning, default encryption, public access blocked, a
 * policy that denies plain HTTP) and, when the config names one, the DynamoDB lock table. Every step
 * is idempotent (an existing bucket or table is kept and its settings re-applied), so it can run again
 * on every account and region.
 */
import type { StateBackend } from "../model/types.js";
import { type AwsCli, AwsCliError, runAws } from "./aws-cli.js";

export interface BootstrapStep {
  readonly resource: string;
  readonly action: "created" | "exists" | "configured";
  readonly detail: string;
}

export async function bootstrapState(aws: AwsCli, state: StateBackend, log: (step: BootstrapStep) => void = () => {}): Promise<BootstrapStep[]> {
  const steps: BootstrapStep[] = [];
  const step = (s: BootstrapStep) => {
    steps.push(s);
    log(s);
  };
  const { bucket, region } = state;
  const s3 = (args: string[]) => runAws(aws, ["s3api", ...args, "--bucket", bucket], region);

  if (await exists(() => s3(["head-bucket"]))) step({ resource: `s3://${bucket}`, action: "exists", detail: "kept" });
  else {
    const where = region === "us-east-1" ? [] : ["--create-bucket-configuration", `LocationConstraint=${region}`];
    await s3(["create-bucket", ...where, "--object-ownership", "BucketOwnerEnforced"]);
    step({ resource: `s3://${bucket}`, action: "created", detail: `in ${region}` });
  }
  await s3(["put-bucket-versioning", "--versioning-configuration", "Status=Enabled"]);
  step({ resource: `s3://${bucket}`, action: "configured", detail: "versioning on" });
  await s3(["put-bucket-encryption", "--server-side-encryption-configuration", JSON.stringify(ENCRYPTION)]);
  step({ resource: `s3://${bucket}`, action: "configured", detail: "default encryption aws:kms with bucket key" });
  await s3(["put-public-access-block", "--public-access-block-configuration", PUBLIC_ACCESS_BLOCK]);
  step({ resource: `s3://${bucket}`, action: "configured", detail: "public access blocked" });
  await s3(["put-bucket-policy", "--policy", JSON.stringify(tlsOnlyPolicy(bucket))]);
  step({ resource: `s3://${bucket}`, action: "configured", detail: "policy denies requests without TLS" });

  if (state.lockTable) {
    const table = state.lockTable;
    if (await exists(() => runAws(aws, ["dynamodb", "describe-table", "--table-name", table], region))) {
      step({ resource: `dynamodb:${table}`, action: "exists", detail: "kept" });
    } else {
      await runAws(
        aws,
        [
          "dynamodb", "create-table", "--table-name", table,
          "--attribute-definitions", "AttributeName=LockID,AttributeType=S",
          "--key-schema", "AttributeName=LockID,KeyType=HASH",
          "--billing-mode", "PAY_PER_REQUEST",
          "--sse-specification", "Enabled=true",
        ],
        region,
      );
      step({ resource: `dynamodb:${table}`, action: "created", detail: "LockID key, on-demand, encrypted" });
    }
  }
  return steps;
}

async function exists(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (e) {
    if (e instanceof AwsCliError && e.notFound) return false;
    throw e;
  }
}

const ENCRYPTION = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" }, BucketKeyEnabled: true }] };
const PUBLIC_ACCESS_BLOCK = "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true";

export function tlsOnlyPolicy(bucket: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
