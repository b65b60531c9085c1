/**
 * The environment terraform child processes run in: which binary, a shared provider plugin cache
 * (so each `init` links the ~700 MB AWS provider instead of copying it), an optional filesystem
 * mirror from `TF_PROVIDER_MIRROR`, and a check that terraform is installed and recent enough.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { UsageError } from "../errors.js";

/** S3 native state locking (`use_lockfile`) needs 1.10. */
export const MIN_TERRAFORM_VERSION = "1.10.0";

export interface TerraformEnv {
  readonly binary: string;
  readonly env: NodeJS.ProcessEnv;
}

export interface TerraformEnvOptions {
  /** The environment to start from; defaults to `process.env`. */
  readonly base?: NodeJS.ProcessEnv;
  /** Where `.cache/berth` lives; defaults to the user's home directory. */
  readonly home?: string;
}

/** Builds the child environment; creates the plugin cache dir and, with a mirror, a CLI config file. */
export function terraformEnv(opts: TerraformEnvOptions = {}): TerraformEnv {
  const base = opts.base ?? process.env;
  const cacheRoot = join(opts.home ?? homedir(), ".cache", "berth");
  const env: NodeJS.ProcessEnv = { ...base, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };

  if (!base.TF_PLUGIN_CACHE_DIR) {
    env.TF_PLUGIN_CACHE_DIR = join(cacheRoot, "terraform-plugins");
    mkdirSync(env.TF_PLUGIN_CACHE_DIR, { recursive: true });
  }
  // A config file that does not exist is ignored by terraform (with a warning), so it counts as unset.
  const cliConfig = base.TF_CLI_CONFIG_FILE;
  if ((!cliConfig || !existsSync(cliConfig)) && base.TF_PROVIDER_MIRROR) {
    env.TF_CLI_CONFIG_FILE = writeMirrorConfig(cacheRoot, base.TF_PROVIDER_MIRROR);
  }
  return { binary: base.BERTH_TF_BINARY || "terraform", env };
}

/** The CLI config that installs every provider from a local filesystem mirror. */
export function mirrorConfig(mirror: string): string {
  return `provider_installation {
  filesystem_mirror {
    path    = ${JSON.stringify(mirror)}
    include = ["registry.terraform.io/*/*"]
  }
}
`;
}

function writeMirrorConfig(cacheRoot: string, mirror: string): string {
  mkdirSync(cacheRoot, { recursive: true });
  const file = join(cacheRoot, "terraform-mirror.tfrc");
  // Write then rename, so a terraform started by a parallel berth never reads a half-written file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, mirrorConfig(mirror));
  renameSync(tmp, file);
  return file;
}

const INSTALL_HINT = `Install Terraform ${MIN_TERRAFORM_VERSION} or later: https://developer.hashicorp.com/terraform/install
(e.g. \`brew install hashicorp/tap/terraform\`, or \`tfenv install latest\`),
or use OpenTofu ${MIN_TERRAFORM_VERSION} or later (https://opentofu.org/docs/intro/install/) with --tf-binary tofu,
or point --tf-binary / BERTH_TF_BINARY at a terraform binary.`;

/** Checks that the binary runs and is recent enough; returns its version. */
export async function checkTerraform(tf: TerraformEnv): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)(tf.binary, ["version", "-json"], { env: tf.env }));
  } catch (err) {
    throw terraformNotFound(tf.binary, err);
  }
  // `-json` output since 0.13; older releases print `Terraform v0.12.31`.
  const version = /(?:"terraform_version"\s*:\s*"|Terraform v)(\d+\.\d+\.\d+\S*?)["\s]/.exec(stdout)?.[1];
  if (!version || compareVersions(version, MIN_TERRAFORM_VERSION) < 0) {
    throw new UsageError(
      `terraform ${version ?? "(unknown version)"} at ${tf.binary} is too old; berth needs ${MIN_TERRAFORM_VERSION} or later.`,
      INSTALL_HINT,
    );
  }
  return version;
}

/** The UsageError for a terraform binary that cannot be started. */
export function terraformNotFound(binary: string, cause?: unknown): UsageError {
  const why = (cause as NodeJS.ErrnoException | undefined)?.code === "ENOENT" ? "was not found" : "could not be run";
  return new UsageError(`terraform ${why} (${binary}); berth needs terraform ${MIN_TERRAFORM_VERSION} or later on PATH.`, INSTALL_HINT);
}

/** Compares dotted versions numerically; a pre-release suffix (`1.10.0-beta1`) is ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, "").split(/[-+]/)[0]!.split(".").map(Number);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return d;
  }
  return 0;
}
