/**
 * Apply records: what berth applied to a stack last (fingerprint, the variables it fed, the outputs
 * terraform reported, the deployed image tag). They live beside the state, where the whole team sees
 * them: `<state key>.berth.json` in the S3 state bucket, or a JSON file for local backends and tests.
 * Sensitive outputs are never recorded.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { Stack, TfValue } from "../terraform/stack.js";
import type { Accounts } from "./accounts.js";
import { type AwsCli, AwsCliError, runAws } from "./aws-cli.js";

export interface StackRecord {
  readonly stack: string;
  readonly fingerprint: string;
  readonly filesHash: string;
  /** The variables of the applied plan (upstream outputs and berth-owned values such as `image_tag`). */
  readonly vars: Readonly<Record<string, TfValue>>;
  /** Non-sensitive outputs after the apply. */
  readonly outputs: Readonly<Record<string, TfValue>>;
  /** The image tag `berth deploy` set, kept by every later plan. */
  readonly imageTag?: string;
  readonly appliedAt: string;
  readonly appliedBy: string;
}

export interface RecordStore {
  read(stack: Stack): Promise<StackRecord | undefined>;
  write(stack: Stack, record: StackRecord): Promise<void>;
  remove(stack: Stack): Promise<void>;
  /** Where the record of a stack lives, for messages. */
  where(stack: Stack): string;
}

/**
 * Where a command keeps apply records: with a LocalStack endpoint beside the stacks (`<out>/.berth/records`),
 * else in the state buckets, as each environment's role, with that local folder as the fallback.
 */
export function recordStore(accounts: Accounts, outDir: string): RecordStore {
  const local = new LocalRecordStore(resolve(outDir, ".berth", "records"));
  return accounts.base.endpoint !== undefined ? local : new S3RecordStore(accounts, local);
}

/** Records as files: `<dir>/<stack path>.json`. */
export class LocalRecordStore implements RecordStore {
  constructor(readonly dir: string) {}

  private file(stack: Stack): string {
    return join(this.dir, `${stack.path}.json`);
  }

  async read(stack: Stack): Promise<StackRecord | undefined> {
    try {
      return JSON.parse(readFileSync(this.file(stack), "utf8")) as StackRecord;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  async write(stack: Stack, record: StackRecord): Promise<void> {
    const file = this.file(stack);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    renameSync(`${file}.tmp`, file);
  }

  async remove(stack: Stack): Promise<void> {
    rmSync(this.file(stack), { force: true });
  }

  where(stack: Stack): string {
    return this.file(stack);
  }
}

/** Records as S3 objects beside each stack's state, through the AWS CLI; local backends fall back to `local`. */
export class S3RecordStore implements RecordStore {
  constructor(
    readonly accounts: Accounts,
    readonly local: RecordStore,
  ) {}

  private location(stack: Stack) {
    const b = stack.backend;
    return { bucket: b.bucket, key: b.key.replace(/\.tfstate$/, "") + ".berth.json", region: b.region };
  }

  /** The AWS CLI of the stack's state: as the backend's role when it assumes one. */
  private cli(stack: Stack): Promise<AwsCli> {
    return this.accounts.cli(stack.backend.role, stack.backend.region);
  }

  async read(stack: Stack): Promise<StackRecord | undefined> {
    const at = this.location(stack);
    if (!at) return this.local.read(stack);
    const dir = mkdtempSync(join(tmpdir(), "berth-record-"));
    try {
      await runAws(await this.cli(stack), ["s3api", "get-object", "--bucket", at.bucket, "--key", at.key, join(dir, "record.json")], at.region);
      return JSON.parse(readFileSync(join(dir, "record.json"), "utf8")) as StackRecord;
    } catch (e) {
      if (e instanceof AwsCliError && e.notFound) return undefined;
      throw e;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async write(stack: Stack, record: StackRecord): Promise<void> {
    const at = this.location(stack);
    if (!at) return this.local.write(stack, record);
    const dir = mkdtempSync(join(tmpdir(), "berth-record-"));
    try {
      writeFileSync(join(dir, "record.json"), `${JSON.stringify(record, null, 2)}\n`);
      await runAws(
        await this.cli(stack),
        ["s3api", "put-object", "--bucket", at.bucket, "--key", at.key, "--body", join(dir, "record.json"), "--content-type", "application/json"],
        at.region,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async remove(stack: Stack): Promise<void> {
    const at = this.location(stack);
    if (!at) return this.local.remove(stack);
    await runAws(await this.cli(stack), ["s3api", "delete-object", "--bucket", at.bucket, "--key", at.key], at.region);
  }

  where(stack: Stack): string {
    const at = this.location(stack);
    return at ? `s3://${at.bucket}/${at.key}` : this.local.where(stack);
  }
}
