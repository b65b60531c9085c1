/** `berth build [service…] [--push] [--env E]`: docker buildx per service, the model's platform, tagged with the git commit. */
import { UsageError } from "../errors.js";
import type { Environment } from "../model/types.js";
import { Accounts } from "../runner/accounts.js";
import { awsCli } from "../runner/aws-cli.js";
import { alreadyPushed, buildxArgs, checkDocker, dockerCli, ecrLogin, ecrRegistry, gitRevision, imageJobs, runDocker } from "../runner/image-build.js";
import { loadModel } from "./context.js";
import { println } from "./output.js";

export interface BuildFlags {
  readonly config?: string;
  readonly env?: string;
  readonly push?: boolean;
}

export async function build(services: readonly string[], flags: BuildFlags): Promise<void> {
  const { configDir, model } = await loadModel({ config: flags.config, env: flags.env });
  const env = pickEnvironment(model.environments);
  const docker = dockerCli();
  await checkDocker(docker);
  const selected = imageJobs(env, model.project, services, { push: false }, "");
  if (selected.length === 0) {
    println(`nothing to build in ${env.name}: no service has an image of its own`);
    return;
  }
  const git = await gitRevision(configDir, [...new Set(selected.map((j) => j.build.context))]);
  if (git.dirty && flags.push) {
    throw new UsageError(
      `the build contexts have uncommitted changes; a pushed image must be exactly commit ${git.sha.slice(0, 12)}`,
      "commit or stash them, or build without --push (the local image is tagged <sha>-dirty)",
    );
  }
  const revision = git.dirty ? `${git.sha}-dirty` : git.sha;
  // The repositories are in the environment's account: log in as its role when the config names one.
  const aws = flags.push ? await new Accounts(awsCli()).cli(env.role, env.region) : awsCli();
  const registry = flags.push ? await ecrRegistry(aws, env) : undefined;
  const jobs = imageJobs(env, model.project, services, registry ? { push: true, registry } : { push: false }, revision);
  if (registry) await ecrLogin(aws, docker, env, registry);
  for (const job of jobs) {
    if (registry && (await alreadyPushed(aws, env, job))) {
      println(`${job.service}: ${job.ref} is already in its repository, whose tags are immutable; not built again`);
      continue;
    }
    println(`building ${job.service} for ${job.build.platform}: ${job.ref}`);
    await runDocker(docker, buildxArgs(job, configDir, { push: !!registry, revision }));
  }
  println(`${registry ? "pushed" : "built"} ${jobs.map((j) => j.ref).join(", ")}`);
}

function pickEnvironment(envs: readonly Environment[]): Environment {
  if (envs.length === 1) return envs[0]!;
  throw new UsageError(
    "berth build needs --env: each environment has its own repositories and may run another platform",
    `environments: ${envs.map((e) => e.name).join(", ")}`,
  );
}
