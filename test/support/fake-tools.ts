/**
 * End-to-end tests of the built CLI against the fakes of `test/fake-terraform` (`terraform`, `aws`) and
 * `test/fake-docker`: the environment that puts them first on PATH with their behaviour and logs in the
 * test's folder, what they logged, and `berth` run as a user runs it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
export const BIN = join(ROOT, "bin", "berth.js");
const FAKE_TERRAFORM = join(ROOT, "test", "fake-terraform");
const FAKE_DOCKER = join(ROOT, "test", "fake-docker");

/** A call of the fake terraform: the stack folder's name, the folder it ran in and its arguments. */
export interface TerraformCall {
  readonly stack: string;
  readonly cwd: string;
  readonly args: readonly string[];
}

/** A call of the fake aws: its arguments and the access key it ran with. */
export interface AwsCall {
  readonly args: readonly string[];
  readonly key?: string;
}

export interface FakeTools {
  /** The test's environment: the fakes first on PATH, their files in the test's folder. */
  readonly env: NodeJS.ProcessEnv;
  /** Where the fake aws keeps its buckets, parameters and state. */
  readonly awsDir: string;
  /** Replaces the fake terraform's behaviour (see fake-terraform.mjs). */
  fakeTerraform(behaviour: object): void;
  /** Replaces the fake aws's behaviour (see fake-aws.mjs). */
  fakeAws(behaviour: object): void;
  /** The fake terraform's calls since the last `clearLogs`. */
  terraformCalls(): TerraformCall[];
  /** The fake aws's calls since the last `clearLogs`. */
  awsCalls(): AwsCall[];
  clearLogs(): void;
}

/**
 * The fakes for a test working in `dir`; `docker` puts the fake docker on PATH too. `extra` is added to
 * the environment (e.g. `FAKE_AWS_RECORDED`).
 */
export function fakeTools(dir: string, opts: { docker?: boolean; extra?: NodeJS.ProcessEnv } = {}): FakeTools {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [...(opts.docker ? [FAKE_DOCKER] : []), FAKE_TERRAFORM, process.env.PATH].join(":"),
    // The developer's own binaries, if set, would bypass the fakes.
    BERTH_TF_BINARY: "",
    BERTH_AWS_BINARY: "",
    FAKE_TF_CONFIG: join(dir, "fake-tf.json"),
    FAKE_TF_LOG: join(dir, "tf.log"),
    FAKE_AWS_DIR: join(dir, "aws"),
    FAKE_AWS_LOG: join(dir, "aws.log"),
    FAKE_AWS_CONFIG: join(dir, "fake-aws.json"),
    ...(opts.docker ? { BERTH_DOCKER_BINARY: "", FAKE_DOCKER_LOG: join(dir, "docker.log") } : {}),
    ...opts.extra,
  };
  return {
    env,
    awsDir: env.FAKE_AWS_DIR!,
    fakeTerraform: (behaviour) => writeFileSync(env.FAKE_TF_CONFIG!, JSON.stringify(behaviour)),
    fakeAws: (behaviour) => writeFileSync(env.FAKE_AWS_CONFIG!, JSON.stringify(behaviour)),
    terraformCalls: () => jsonLines<TerraformCall>(env.FAKE_TF_LOG!),
    awsCalls: () => jsonLines<AwsCall>(env.FAKE_AWS_LOG!),
    clearLogs: () => {
      writeFileSync(env.FAKE_TF_LOG!, "");
      writeFileSync(env.FAKE_AWS_LOG!, "");
    },
  };
}

/** The records of a JSON-lines log; none when it does not exist yet. */
export function jsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as T);
}

export interface BerthRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI without blocking the test worker (so a test can signal it or serve it meanwhile). */
export function berth(args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<BerthRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: opts.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the built CLI and waits for it. */
export function berthSync(args: readonly string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): BerthRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: opts.env, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
