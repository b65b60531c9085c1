/**
 * `berth build [name…] [--push] [--env E] [--functions] [--cache gha]`: first each function's `build`
 * command (the code berth zips), then docker buildx per service, the model's platform, tagged with the git commit.
 */
import { UsageError } from "../errors.js";
import type { Environment, Model } from "../model/types.js";
import { Accounts } from "../runner/accounts.js";
import { awsCli } from "../runner/aws-cli.js";
import { functionBuilds, runFunctionBuild } from "../runner/function-build.js";
import {
  buildxArgs,
  checkDocker,
  dockerCli,
  ecrLogin,
  ecrRegistry,
  gitRevision,
  type ImageCache,
  type ImageJob,
  imageJobs,
  runDocker,
} from "../runner/image-build.js";
import { existingDigest } from "../runner/image-promote.js";
import { loadModel } from "./context.js";
import { println } from "./output.js";

export interface BuildFlags {
  readonly config?: string;
  readonly env?: string;
  readonly push?: boolean;
  /** Only the functions' code: no images, no Docker. */
  readonly functions?: boolean;
  readonly cache?: string;
}

export async function build(names: readonly string[], flags: BuildFlags): Promise<void> {
  const { configDir, model } = await loadModel({ config: flags.config, env: flags.env });
  const cache = parseCache(flags.cache);
  if (flags.functions && (flags.push || cache))
    throw new UsageError("--functions builds only the functions' code: --push and --cache are for images", "drop --functions, or --push/--cache");
  const functionKeys = new Set(model.environments.flatMap((e) => e.functions.map((f) => f.key)));
  const serviceNames = names.filter((n) => !functionKeys.has(n));
  const functionNames = names.filter((n) => functionKeys.has(n));
  // Named services only: their images. Named functions only: their code. Nothing named: everything.
  const withFunctions = names.length === 0 || functionNames.length > 0;
  const withImages = !flags.functions && (names.length === 0 || serviceNames.length > 0);
  if (flags.functions && serviceNames.length > 0) {
    throw new UsageError(
      `${serviceNames.map((s) => JSON.stringify(s)).join(", ")}: not a function (--functions builds functions' code)`,
      `functions: ${[...functionKeys].sort().join(", ") || "none"}`,
    );
  }

  if (withFunctions) {
    for (const b of functionBuilds(model.environments, functionNames)) {
      println(`building the code of ${b.functions.join(", ")}: ${b.command} (in ${b.dir})`);
      await runFunctionBuild(b, configDir);
    }
  }
  if (withImages) await buildImages(model, configDir, serviceNames, { push: !!flags.push, cache });
}

async function buildImages(
  model: Model,
  configDir: string,
  services: readonly string[],
  opts: { push: boolean; cache: ImageCache | undefined },
): Promise<void> {
  const env = pickEnvironment(model.environments);
  const selected = imageJobs(env, model.project, services, { push: false }, "");
  if (selected.length === 0) {
    println(`no image to build in ${env.name}: no service has an image of its own`);
    return;
  }
  const docker = dockerCli();
  await checkDocker(docker);
  const git = await gitRevision(configDir, [...new Set(selected.map((j) => j.build.context))]);
  if (git.dirty && opts.push) {
    throw new UsageError(
      `the build contexts have uncommitted changes; a pushed image must be exactly commit ${git.sha.slice(0, 12)}`,
      "commit or stash them, or build without --push (the local image is tagged <sha>-dirty)",
    );
  }
  const revision = git.dirty ? `${git.sha}-dirty` : git.sha;
  // The repositories are in the environment's account: log in as its role when the config names one.
  const aws = opts.push ? await new Accounts(awsCli()).cli(env.role, env.region) : awsCli();
  const registry = opts.push ? await ecrRegistry(aws, env) : undefined;
  const all = imageJobs(env, model.project, services, registry ? { push: true, registry } : { push: false }, revision);
  // A re-run pushes nothing twice to an immutable repository (it would refuse the tag): a tag already there is
  // that commit's image. Mutable repositories are not asked: a `<sha>-dirty` tag there is replaced by a new build.
  const jobs: ImageJob[] = [];
  for (const job of all) {
    const there = registry && job.immutable ? await existingDigest(aws, env, job.build.repository, revision) : null;
    if (there) println(`${job.service}: ${job.ref} is in the repository already (${there}); not rebuilt`);
    else jobs.push(job);
  }
  if (jobs.length === 0) return;
  if (registry) await ecrLogin(aws, docker, env, registry);
  for (const job of jobs) {
    println(`building ${job.service} for ${job.build.platform}: ${job.ref}`);
    await runDocker(docker, buildxArgs(job, configDir, { push: !!registry, revision, cache: opts.cache, project: model.project }));
  }
  println(`${registry ? "pushed" : "built"} ${jobs.map((j) => j.ref).join(", ")}`);
}

/** `--cache gha`: buildx's GitHub Actions cache backend (the only one berth wires up). */
function parseCache(value: string | undefined): ImageCache | undefined {
  if (value === undefined) return undefined;
  if (value === "gha") return "gha";
  throw new UsageError(`--cache ${value}: unknown cache`, "--cache gha (GitHub Actions' cache, for builds in GitHub workflows)");
}

function pickEnvironment(envs: readonly Environment[]): Environment {
  if (envs.length === 1) return envs[0]!;
  throw new UsageError(
    "berth build needs --env for images: each environment has its own repositories and may run another platform",
    `environments: ${envs.map((e) => e.name).join(", ")} (berth build --functions needs none)`,
  );
}
