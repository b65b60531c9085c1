/** `berth promote [service…] --from E1 --env E2 [--image TAG]`: copy E1's tested images to E2's repositories by digest. */
import { UsageError } from "../errors.js";
import { Accounts } from "../runner/accounts.js";
import { awsCli } from "../runner/aws-cli.js";
import { checkDocker, dockerCli, ecrLogin, ecrRegistry, gitRevision, runDocker } from "../runner/image-build.js";
import { existingDigest, imageDigest, imagetoolsArgs, type Promotion, promotedServices } from "../runner/image-promote.js";
import { loadModel } from "./context.js";
import { println } from "./output.js";

export interface PromoteFlags {
  readonly config?: string;
  readonly env?: string;
  readonly from?: string;
  readonly image?: string;
}

export async function promote(services: readonly string[], flags: PromoteFlags): Promise<void> {
  if (!flags.env || !flags.from)
    throw new UsageError("berth promote needs --from <environment> and --env <environment>", "e.g. berth promote --from staging --env prod");
  if (flags.env === flags.from)
    throw new UsageError(`--from and --env are both ${flags.env}`, "promote from the environment that tested the image to the next one");
  const { configDir, model } = await loadModel({ config: flags.config });
  const find = (name: string, flag: string) => {
    const env = model.environments.find((e) => e.name === name);
    if (!env) throw new UsageError(`${flag} ${name}: no such environment`, `environments: ${model.environments.map((e) => e.name).join(", ")}`);
    return env;
  };
  const from = find(flags.from, "--from");
  const to = find(flags.env, "--env");
  const pairs = promotedServices(from, to, services);
  if (pairs.length === 0) {
    println(`nothing to promote: no service has an image of its own in ${to.name}`);
    return;
  }
  const tag = flags.image ?? (await gitRevision(configDir, [])).sha;
  const docker = dockerCli();
  await checkDocker(docker);
  const accounts = new Accounts(awsCli());
  const fromAws = await accounts.cli(from.role, from.region);
  const toAws = await accounts.cli(to.role, to.region);
  const fromRegistry = await ecrRegistry(fromAws, from);
  const toRegistry = await ecrRegistry(toAws, to);
  const promotions: Promotion[] = [];
  for (const p of pairs) {
    const digest = await imageDigest(fromAws, from, p.fromRepo, tag);
    // A re-run: the tag is there already (immutable tags refuse a second push).
    const there = await existingDigest(toAws, to, p.toRepo, tag);
    if (there === digest) {
      println(`${p.service}: ${toRegistry}/${p.toRepo}:${tag} is ${digest} already`);
      continue;
    }
    if (there !== null)
      throw new UsageError(
        `${toRegistry}/${p.toRepo}:${tag} exists with another digest (${there}) than ${from.name} tested (${digest})`,
        "a tag names one image: deploy the one that is there, or build and promote a new commit",
      );
    promotions.push({ service: p.service, source: `${fromRegistry}/${p.fromRepo}@${digest}`, target: `${toRegistry}/${p.toRepo}:${tag}` });
  }
  if (promotions.length === 0) return;
  await ecrLogin(fromAws, docker, from, fromRegistry);
  if (toRegistry !== fromRegistry) await ecrLogin(toAws, docker, to, toRegistry);
  for (const p of promotions) {
    println(`promoting ${p.service}: ${p.source} → ${p.target}`);
    await runDocker(docker, imagetoolsArgs(p));
  }
  println(`promoted ${promotions.map((p) => p.target).join(", ")}`);
}
