/**
 * A deploy in a recovery region waits for ECR replication: the primary's registry copies each push into the
 * recovery regions' repositories of the same name, usually within minutes, and a task definition naming an
 * image that has not arrived yet would fail its tasks' pulls and trip the rollout's circuit breaker.
 */
import { UsageError } from "../errors.js";
import { AwsCliError, type AwsCli, runAws } from "./aws-cli.js";

export interface ReplicationPoll {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/** ECR replicates most images within minutes; half an hour covers a large image on a busy day. */
export const REPLICATION_POLL: ReplicationPoll = { intervalMs: 15_000, timeoutMs: 30 * 60_000 };

/** `sha256:…` names an image by digest, anything else by tag (as `berth deploy --image` takes it). */
const imageId = (image: string): string => (image.startsWith("sha256:") ? `imageDigest=${image}` : `imageTag=${image}`);

/** Whether the repository in `region` has the image; a missing repository counts as not yet. */
async function hasImage(aws: AwsCli, region: string, repository: string, image: string): Promise<boolean> {
  try {
    const out = JSON.parse(await runAws(aws, ["ecr", "describe-images", "--repository-name", repository, "--image-ids", imageId(image)], region)) as {
      imageDetails?: unknown[];
    };
    return (out.imageDetails ?? []).length > 0;
  } catch (e) {
    if (e instanceof AwsCliError && /ImageNotFound|RepositoryNotFound/.test(e.stderr)) return false;
    throw e;
  }
}

/** Polls until the image is in `region`'s repository; a usage error (the image was never pushed, or replication is off) after the timeout. */
export async function awaitReplicatedImage(
  aws: AwsCli,
  target: { readonly region: string; readonly primaryRegion: string; readonly repository: string; readonly image: string },
  opts: { readonly poll: ReplicationPoll; readonly report: (message: string) => void; readonly sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    if (await hasImage(aws, target.region, target.repository, target.image)) return;
    if (Date.now() - started >= opts.poll.timeoutMs)
      throw new UsageError(
        `${target.repository}:${target.image} has not reached ${target.region} (ECR replication from ${target.primaryRegion}) after ${Math.round(opts.poll.timeoutMs / 1000)} s`,
        `push it to ${target.primaryRegion} first (berth build --push, or berth deploy in the primary region), check the registry's replication there (aws ecr describe-registry --region ${target.primaryRegion}), then deploy again`,
      );
    if (attempt === 0) opts.report(`waiting for ECR to replicate ${target.repository}:${target.image} from ${target.primaryRegion} to ${target.region}`);
    await sleep(opts.poll.intervalMs);
  }
}
