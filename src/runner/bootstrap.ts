/**
 * `berth bootstrap`: the S3 state bucket (versioning, default encryption, public access blocked, a
 * policy that denies plain HTTP) and, when the config names one, the DynamoDB lock table. Every step
 * is idempotent (an existing bucket or table is kept and its settings re-applied), so it can run again
 * on every account and region. A bucket that already exists in another region than the config's, or
 * that another account owns, is a config error with the fix, before anything is changed.
 */
import { ConfigError } from "../errors.js";
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

  const found = await findBucket(aws, bucket, region);
  if (found.exists) {
    if (found.region !== region) throw elsewhere(bucket, region, found.region);
    step({ resource: `s3://${bucket}`, action: "exists", detail: "kept" });
  } else {
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
          "dynamodb",
          "create-table",
          "--table-name",
          table,
          "--attribute-definitions",
          "AttributeName=LockID,AttributeType=S",
          "--key-schema",
          "AttributeName=LockID,KeyType=HASH",
          "--billing-mode",
          "PAY_PER_REQUEST",
          "--sse-specification",
          "Enabled=true",
        ],
        region,
      );
      step({ resource: `dynamodb:${table}`, action: "created", detail: "LockID key, on-demand, encrypted" });
    }
  }
  return steps;
}

type Found = { readonly exists: false } | { readonly exists: true; readonly region: string | undefined };

/**
 * Whether the bucket exists and where. AWS CLI v2 follows S3's redirect and reports `BucketRegion`;
 * an older one fails with 301, and then `get-bucket-location` says where it is.
 */
async function findBucket(aws: AwsCli, bucket: string, region: string): Promise<Found> {
  try {
    const out = await runAws(aws, ["s3api", "head-bucket", "--bucket", bucket], region);
    return { exists: true, region: (out.trim() ? (JSON.parse(out) as { BucketRegion?: string }).BucketRegion : undefined) ?? region };
  } catch (e) {
    if (!(e instanceof AwsCliError)) throw e;
    if (e.notFound) return { exists: false };
    if (/\(301\)|Moved Permanently|PermanentRedirect/.test(e.stderr)) return { exists: true, region: await locate(aws, bucket) };
    if (/\(403\)|Forbidden|AccessDenied/.test(e.stderr)) {
      throw new ConfigError({
        path: ["state", "bucket"],
        message: `the state bucket ${bucket} exists but these credentials may not use it (403): another AWS account owns the name, or your role lacks s3:ListBucket on it`,
        hint: 'bucket names are global: choose another with state: { bucket: "<project>-<account id>-terraform-state" }, or run bootstrap with credentials of the account that owns it',
      });
    }
    throw e;
  }
}

/** The bucket's region from `get-bucket-location` (null means us-east-1, "EU" the old name of eu-west-1). */
async function locate(aws: AwsCli, bucket: string): Promise<string | undefined> {
  try {
    const { LocationConstraint: at } = JSON.parse(await runAws(aws, ["s3api", "get-bucket-location", "--bucket", bucket])) as {
      LocationConstraint?: string | null;
    };
    return at === null || at === undefined || at === "" ? "us-east-1" : at === "EU" ? "eu-west-1" : at;
  } catch {
    return undefined;
  }
}

function elsewhere(bucket: string, region: string, actual: string | undefined): ConfigError {
  const where = actual ?? "another region";
  const keep = actual
    ? `to keep your state in it, set state: { region: "${actual}" } in the config`
    : `find its region with \`aws s3api get-bucket-location --bucket ${bucket}\` and set state.region to it`;
  return new ConfigError({
    path: ["state", "region"],
    message: `the state bucket ${bucket} already exists in ${where}, not in ${region} where the config puts the state; nothing was changed`,
    hint: `${keep}; or, for a new bucket in ${region}, choose another name with state.bucket (bucket names are global)`,
  });
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
