/**
 * `berth bootstrap`: the S3 state bucket (versioning, default encryption, public access blocked, a
 * policy that denies plain HTTP), when the config names one, the DynamoDB lock table, and with
 * `state.replicateTo` a copy of the bucket in that region that S3 replicates every state version to. Every step
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
  await stateBucket(aws, bucket, region, step);

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
  if (state.replica) await replicate(aws, state, state.replica, step);
  return steps;
}

/** A versioned, encrypted, private, TLS-only bucket in `region`: created, or kept when it is there. */
async function stateBucket(aws: AwsCli, bucket: string, region: string, step: (s: BootstrapStep) => void): Promise<void> {
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
}

type Replica = NonNullable<StateBackend["replica"]>;

/**
 * `state.replicateTo`: a copy of the bucket in another region, and S3 replication of every object version
 * (and delete marker) to it, re-encrypted there with S3's key of that region. S3 replicates as a role of
 * the account's: created once, with exactly the replication permissions on these two buckets.
 */
async function replicate(aws: AwsCli, state: StateBackend, replica: Replica, step: (s: BootstrapStep) => void): Promise<void> {
  await stateBucket(aws, replica.bucket, replica.region, step);
  const { Account: account } = JSON.parse(await runAws(aws, ["sts", "get-caller-identity"])) as { Account: string };
  const role = `arn:aws:iam::${account}:role/${replica.roleName}`;
  if (await exists(() => runAws(aws, ["iam", "get-role", "--role-name", replica.roleName]))) {
    step({ resource: role, action: "exists", detail: "kept" });
  } else {
    await runAws(aws, ["iam", "create-role", "--role-name", replica.roleName, "--assume-role-policy-document", JSON.stringify(S3_TRUST)]);
    step({ resource: role, action: "created", detail: "assumed by S3 to replicate the state" });
  }
  const policy = replicationPolicy(state.bucket, state.region, replica);
  await runAws(aws, [
    "iam",
    "put-role-policy",
    "--role-name",
    replica.roleName,
    "--policy-name",
    "state-replication",
    "--policy-document",
    JSON.stringify(policy),
  ]);
  step({ resource: role, action: "configured", detail: `may replicate s3://${state.bucket} to s3://${replica.bucket} only` });
  const config = replicationConfiguration(role, replica, account);
  await runAws(aws, ["s3api", "put-bucket-replication", "--bucket", state.bucket, "--replication-configuration", JSON.stringify(config)], state.region);
  step({ resource: `s3://${state.bucket}`, action: "configured", detail: `replicates every version to s3://${replica.bucket} in ${replica.region}` });
}

const S3_TRUST = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
};

export function replicationPolicy(bucket: string, region: string, replica: Replica) {
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: `arn:aws:s3:::${bucket}` },
      {
        Effect: "Allow",
        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        Resource: `arn:aws:s3:::${bucket}/*`,
      },
      { Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `arn:aws:s3:::${replica.bucket}/*` },
      // The state is encrypted with S3's AWS-managed key in each region; S3 decrypts and re-encrypts on the role's behalf.
      { Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } } },
      { Effect: "Allow", Action: "kms:Encrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": `s3.${replica.region}.amazonaws.com` } } },
    ],
  };
}

export function replicationConfiguration(role: string, replica: Replica, account: string) {
  return {
    Role: role,
    Rules: [
      {
        ID: "berth-state",
        Priority: 1,
        Status: "Enabled",
        Filter: {},
        DeleteMarkerReplication: { Status: "Enabled" },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "Enabled" } },
        Destination: {
          Bucket: `arn:aws:s3:::${replica.bucket}`,
          EncryptionConfiguration: { ReplicaKmsKeyID: `arn:aws:kms:${replica.region}:${account}:alias/aws/s3` },
        },
      },
    ],
  };
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
