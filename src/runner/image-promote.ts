/**
 * `berth promote`: the image a lower environment tested, copied by digest to the next environment's
 * repository under the same tag (`docker buildx imagetools create`), so production runs the very bytes
 * that passed staging's smoke test instead of a rebuild of the same commit. The copy is registry to
 * registry (every platform of the manifest, attestations included); nothing is pulled into a local engine.
 */
import { UsageError } from "../errors.js";
import type { Environment } from "../model/types.js";
import { type AwsCli, AwsCliError, runAws } from "./aws-cli.js";

export interface Promotion {
  readonly service: string;
  /** `<registry>/<repository>@<digest>` in the source environment. */
  readonly source: string;
  /** `<registry>/<repository>:<tag>` in the target environment. */
  readonly target: string;
}

/** The services both environments build, refusing one whose platform differs (the tested image would not run). */
export function promotedServices(from: Environment, to: Environment, names: readonly string[]): { service: string; fromRepo: string; toRepo: string }[] {
  const built = to.services.filter((s) => s.build && (names.length === 0 || names.includes(s.name)));
  const unknown = names.filter((n) => !built.some((s) => s.name === n));
  if (unknown.length > 0)
    throw new UsageError(
      `${unknown.map((n) => JSON.stringify(n)).join(", ")}: not a service berth builds in ${to.name}`,
      `services with an image: ${
        to.services
          .filter((s) => s.build)
          .map((s) => s.name)
          .join(", ") || "none"
      }`,
    );
  return built.map((s) => {
    const source = from.services.find((f) => f.name === s.name)?.build;
    if (!source)
      throw new UsageError(
        `${s.name} has no image of its own in ${from.name}, so there is nothing to promote`,
        `build it for ${to.name} instead: berth build ${s.name} --env ${to.name} --push`,
      );
    if (source.platform !== s.build!.platform)
      throw new UsageError(
        `${s.name} runs on ${source.platform} in ${from.name} but ${s.build!.platform} in ${to.name}: the tested image would not run there`,
        `build it for ${to.name} instead: berth build ${s.name} --env ${to.name} --push`,
      );
    return { service: s.name, fromRepo: source.repository, toRepo: s.build!.repository };
  });
}

/**
 * The digest a tag points at in a repository, or null when the repository has no such tag (a re-run checks
 * this first: with immutable tags, pushing an existing tag again fails).
 */
export async function existingDigest(aws: AwsCli, env: Environment, repository: string, tag: string): Promise<string | null> {
  try {
    const out = JSON.parse(await runAws(aws, ["ecr", "describe-images", "--repository-name", repository, "--image-ids", `imageTag=${tag}`], env.region)) as {
      imageDetails: { imageDigest: string }[];
    };
    return out.imageDetails[0]?.imageDigest ?? null;
  } catch (e) {
    if (e instanceof AwsCliError && /ImageNotFound/.test(e.stderr)) return null;
    throw e;
  }
}

/** The digest the tag points at in the source repository; a missing image is a user error naming the build to run. */
export async function imageDigest(aws: AwsCli, env: Environment, repository: string, tag: string): Promise<string> {
  try {
    const out = JSON.parse(await runAws(aws, ["ecr", "describe-images", "--repository-name", repository, "--image-ids", `imageTag=${tag}`], env.region)) as {
      imageDetails: { imageDigest: string }[];
    };
    const digest = out.imageDetails[0]?.imageDigest;
    if (!digest) throw new Error("no image details");
    return digest;
  } catch (e) {
    if (e instanceof AwsCliError && /ImageNotFound|RepositoryNotFound/.test(e.stderr))
      throw new UsageError(
        `${repository}:${tag} is not in ${env.name}'s registry, so there is nothing to promote`,
        `build and push it there first: berth build --env ${env.name} --push (at that commit)`,
      );
    throw e;
  }
}

/** `docker buildx imagetools create --tag <target> <source>`: a registry-side copy of the manifest list by digest. */
export const imagetoolsArgs = (p: Promotion): string[] => ["buildx", "imagetools", "create", "--tag", p.target, p.source];
