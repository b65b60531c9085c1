/**
 * The AWS provider berth pins for an output directory: resolved once by a real `terraform init` of
 * berth's own version constraint in `<out>/.berth/providers/`, kept there with terraform's lock file,
 * and installed into each work dir (that lock file and a link to the same package, as terraform's
 * plugin cache does) so `terraform init` there neither resolves nor installs it again. The same
 * version then serves every stack, attached to a provider server or not.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AWS_PROVIDER_CONSTRAINT } from "../terraform/common/files.js";
import { init } from "./driver.js";
import type { TerraformEnv } from "./terraform-env.js";

export const AWS_PROVIDER_ADDRESS = "registry.terraform.io/hashicorp/aws";
const LOCK_FILE = ".terraform.lock.hcl";
const PIN_FILE = "pin.json";

export interface PinnedProvider {
  readonly address: string;
  readonly version: string;
  /** `<os>_<arch>`, as terraform names package folders. */
  readonly platform: string;
  /** The unpacked package (real path), holding the binary. */
  readonly packageDir: string;
  readonly binary: string;
  /** terraform's lock file for exactly this version. */
  readonly lockFile: string;
}

interface PinRecord {
  readonly constraint: string;
  readonly tfBinary: string;
  readonly version: string;
  readonly platform: string;
  readonly binaryName: string;
}

/**
 * The pinned provider for `root` (`<out>/.berth/providers`): read from the last pin when berth's
 * constraint and terraform binary are the same and the package is still there, else resolved with
 * `terraform init -backend=false`. Throws when terraform installed no `hashicorp/aws` from the
 * Terraform registry (OpenTofu installs from its own).
 */
export async function pinProvider(tf: TerraformEnv, root: string, signal?: AbortSignal): Promise<PinnedProvider> {
  const kept = readPin(root, tf);
  if (kept) return kept;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "versions.tf"), versionsTf());
  await init({ tf, dir: root, stack: "provider pin", logFile: join(root, "init.log"), signal }, ["-backend=false"]);
  const found = installedPackage(root);
  if (!found) throw new Error(`terraform init installed no ${AWS_PROVIDER_ADDRESS} package under ${join(root, ".terraform", "providers")}`);
  const record: PinRecord = { constraint: AWS_PROVIDER_CONSTRAINT, tfBinary: tf.binary, ...found };
  writeFileSync(join(root, PIN_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return pinned(root, record);
}

/** Writes the pin's lock file into `dir` and links its package where `terraform init` would put it. */
export function installPinned(pin: PinnedProvider, dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOCK_FILE), readFileSync(pin.lockFile));
  const parent = join(dir, ".terraform", "providers", ...pin.address.split("/"), pin.version);
  const link = join(parent, pin.platform);
  try {
    if (realpathSync(link) === pin.packageDir) return;
  } catch {
    // Not installed yet.
  }
  mkdirSync(parent, { recursive: true });
  rmSync(link, { recursive: true, force: true });
  symlinkSync(pin.packageDir, link, "dir");
}

function versionsTf(): string {
  return `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ${JSON.stringify(AWS_PROVIDER_CONSTRAINT)}
    }
  }
}
`;
}

function readPin(root: string, tf: TerraformEnv): PinnedProvider | undefined {
  let record: PinRecord;
  try {
    record = JSON.parse(readFileSync(join(root, PIN_FILE), "utf8")) as PinRecord;
  } catch {
    return undefined;
  }
  if (record.constraint !== AWS_PROVIDER_CONSTRAINT || record.tfBinary !== tf.binary) return undefined;
  try {
    return pinned(root, record);
  } catch {
    return undefined;
  }
}

function pinned(root: string, r: PinRecord): PinnedProvider {
  const packageDir = realpathSync(join(root, ".terraform", "providers", ...AWS_PROVIDER_ADDRESS.split("/"), r.version, r.platform));
  const binary = join(packageDir, r.binaryName);
  const lockFile = join(root, LOCK_FILE);
  if (!existsSync(binary) || !existsSync(lockFile)) throw new Error(`the pinned provider at ${packageDir} is gone`);
  return { address: AWS_PROVIDER_ADDRESS, version: r.version, platform: r.platform, packageDir, binary, lockFile };
}

/** `<version>/<os_arch>/terraform-provider-aws_v<version>_x<protocol>` under `.terraform/providers`. */
function installedPackage(root: string): Pick<PinRecord, "version" | "platform" | "binaryName"> | undefined {
  const base = join(root, ".terraform", "providers", ...AWS_PROVIDER_ADDRESS.split("/"));
  const list = (d: string) => (existsSync(d) ? readdirSync(d).sort() : []);
  for (const version of list(base)) {
    for (const platform of list(join(base, version))) {
      const binaryName = list(join(base, version, platform)).find((f) => f.startsWith("terraform-provider-aws"));
      if (binaryName) return { version, platform, binaryName };
    }
  }
  return undefined;
}
