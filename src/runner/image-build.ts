/**
 * `berth build`: one `docker buildx build` per service, for the platform the model decides, tagged with
 * the git commit. Without `--push` the image is loaded into the local engine as `<project>-<service>:<sha>`
 * (for scans and local runs); with `--push` it goes to the environment's ECR repository, with an SBOM
 * and max-mode provenance attested, after an ECR login whose password reaches docker on stdin only.
 */
import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { BerthError, UsageError } from "../errors.js";
import { localImageName } from "../model/delivery.js";
import type { Environment, ImageBuild } from "../model/types.js";
import { type AwsCli, AwsCliError, runAws } from "./aws-cli.js";

export interface Docker {
  /** `docker` by default; `BERTH_DOCKER_BINARY` overrides it. */
  readonly binary: string;
  readonly env: NodeJS.ProcessEnv;
}

export const dockerCli = (base: NodeJS.ProcessEnv = process.env): Docker => ({ binary: base.BERTH_DOCKER_BINARY || "docker", env: base });

export interface ImageJob {
  readonly service: string;
  readonly build: ImageBuild;
  /** The full reference the image gets: `<registry>/<repository>:<tag>` or `<project>-<service>:<tag>`. */
  readonly ref: string;
  readonly tag: string;
  /** The ECR repository's tags cannot be overwritten (the prod default): a tag already there is not pushed again. */
  readonly immutable: boolean;
}

/** A buildx cache backend: `gha`, the GitHub Actions cache service (inside a workflow job). */
export type ImageCache = "gha";

/** The arguments of `docker buildx build` for one image. */
export function buildxArgs(job: ImageJob, configDir: string, opts: { push: boolean; revision: string; cache?: ImageCache; project?: string }): string[] {
  const context = join(configDir, job.build.context);
  // One cache scope per service and platform, so images do not evict each other's layers.
  const scope = `${opts.project ? `${opts.project}-` : ""}${job.service}-${job.build.platform.replace(/\//g, "-")}`;
  return [
    "buildx",
    "build",
    "--platform",
    job.build.platform,
    "--file",
    join(context, job.build.dockerfile),
    "--tag",
    job.ref,
    "--label",
    `org.opencontainers.image.revision=${opts.revision}`,
    ...(opts.cache === "gha" ? ["--cache-from", `type=gha,scope=${scope}`, "--cache-to", `type=gha,mode=max,scope=${scope}`] : []),
    // Attestations need a registry: the classic local image store cannot hold them.
    ...(opts.push ? ["--sbom=true", "--provenance=mode=max", "--push"] : ["--provenance=false", "--load"]),
    context,
  ];
}

/**
 * The git commit the images are tagged with, and whether tracked files in the build contexts differ
 * from it (untracked files such as berth's own `infra/` output do not count).
 */
export async function gitRevision(cwd: string, contexts: readonly string[], base: NodeJS.ProcessEnv = process.env): Promise<{ sha: string; dirty: boolean }> {
  const git = (args: string[]) =>
    new Promise<string>((resolve, reject) => execFile("git", args, { cwd, env: base }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))));
  let sha: string;
  try {
    sha = await git(["rev-parse", "HEAD"]);
  } catch {
    throw new UsageError(
      `berth build tags images with the git commit, but ${cwd} is not in a git repository with a commit`,
      "commit the sources first (git init && git commit)",
    );
  }
  const changes = await git(["status", "--porcelain", "--untracked-files=no", "--", ...contexts]).catch(() => "");
  return { sha, dirty: changes !== "" };
}

/** Refuses to start without the docker client, buildx, or a running engine (exit 2, with how to fix it). */
export async function checkDocker(docker: Docker): Promise<void> {
  const run = (args: string[]) =>
    new Promise<{ ok: boolean; missing: boolean; stderr: string }>((resolve) =>
      execFile(docker.binary, args, { env: docker.env }, (err, _out, stderr) =>
        resolve({ ok: !err, missing: (err as NodeJS.ErrnoException | null)?.code === "ENOENT", stderr: String(stderr) }),
      ),
    );
  const buildx = await run(["buildx", "version"]);
  if (buildx.missing)
    throw new UsageError(
      `docker was not found (${docker.binary}); berth build runs docker buildx`,
      "install Docker (Engine or Desktop) with the buildx plugin, or point BERTH_DOCKER_BINARY at it",
    );
  if (!buildx.ok) throw new UsageError(`docker buildx is not available: ${lastLine(buildx.stderr)}`, "install the docker-buildx plugin");
  const info = await run(["info", "--format", "{{.ServerVersion}}"]);
  if (!info.ok)
    throw new UsageError(`no Docker engine is running (docker info: ${lastLine(info.stderr)})`, "start Docker, or set DOCKER_HOST to a running engine");
}

const lastLine = (text: string): string => text.trim().split("\n").at(-1) ?? "";

/** The environment's ECR registry host: the config's account or the caller's (`sts get-caller-identity`). */
export async function ecrRegistry(aws: AwsCli, env: Environment): Promise<string> {
  const account = env.account ?? (JSON.parse(await runAws(aws, ["sts", "get-caller-identity"], env.region)) as { Account: string }).Account;
  return `${account}.dkr.ecr.${env.region}.amazonaws.com`;
}

/** `aws ecr get-login-password | docker login --password-stdin`: the password never appears in arguments or output. */
export async function ecrLogin(aws: AwsCli, docker: Docker, env: Environment, registry: string): Promise<void> {
  const password = (await runAws(aws, ["ecr", "get-login-password"], env.region)).trim();
  await runDocker(docker, ["login", "--username", "AWS", "--password-stdin", registry], password);
}

/** Runs docker with its output streamed to ours; rejects on a non-zero exit. */
export function runDocker(docker: Docker, args: readonly string[], stdin?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(docker.binary, args, { env: docker.env, stdio: [stdin === undefined ? "ignore" : "pipe", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new DockerError(args, code))));
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}

/** A docker command failed; what it printed went to the terminal already. */
export class DockerError extends BerthError {
  readonly exitCode = 1;
  constructor(
    readonly args: readonly string[],
    readonly dockerExit: number | null,
  ) {
    super(`docker ${args.slice(0, 2).join(" ")} failed (exit ${dockerExit ?? "signal"})`);
    this.name = "DockerError";
  }
}

/** The images to build for `env`: the named services (all with a build when none is named). */
export function imageJobs(
  env: Environment,
  project: string,
  services: readonly string[],
  target: { push: false } | { push: true; registry: string },
  tag: string,
): ImageJob[] {
  const known = env.services.filter((s) => s.build).map((s) => s.name);
  const unknown = services.filter((s) => !known.includes(s));
  if (unknown.length > 0) {
    throw new UsageError(
      `${unknown.map((s) => JSON.stringify(s)).join(", ")} ${unknown.length === 1 ? "is not a service" : "are not services"} berth builds in ${env.name}`,
      `services with an image to build: ${known.join(", ") || "none"}`,
    );
  }
  return env.services
    .filter((s) => s.build && (services.length === 0 || services.includes(s.name)))
    .map((s) => ({
      service: s.name,
      build: s.build!,
      ref: target.push ? `${target.registry}/${s.build!.repository}:${tag}` : `${localImageName(project, s.name)}:${tag}`,
      tag,
      immutable: env.repositories.some((r) => r.name === s.build!.repository && !r.mutable),
    }));
}
