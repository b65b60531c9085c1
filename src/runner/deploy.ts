/**
 * `berth deploy <service> --image <tag|digest>`: plans and applies the one service stack with a new
 * `image_tag`, records the tag beside its state (so every later plan, on any machine, renders the
 * same task definition: no perpetual drift), then waits for the ECS rollout. A blue/green service's
 * apply only registers the task definition: berth then starts its CodeDeploy deployment and follows the
 * traffic shift (`codedeploy.ts`). `berth deploy <site>` builds and uploads a static site (`site-upload.ts`).
 */
import { UsageError } from "../errors.js";
import type { DeployContract } from "../model/stacks.js";
import type { Site } from "../model/types.js";
import * as wires from "../model/wires.js";
import type { Wire } from "../model/wires.js";
import type { Stack } from "../terraform/stack.js";
import { applyStack } from "./apply-run.js";
import type { AwsCli } from "./aws-cli.js";
import { type Rollout, waitForRollout } from "./ecs-rollout.js";
import {
  aliasVersion,
  type BlueGreenOutcome,
  ecsAppSpec,
  ecsTraffic,
  followDeployment,
  lambdaAppSpec,
  lambdaTraffic,
  startDeployment,
  stopCommand,
} from "./codedeploy.js";
import type { TerraformContext } from "./driver.js";
import type { StackOutcome } from "./events.js";
import type { PlanDetails } from "./plan-details.js";
import { planStack } from "./plan-run.js";
import { runStacks, type Session } from "./session.js";
import { buildSite, siteDir, type UploadResult, uploadSite } from "./site-upload.js";

export interface DeployOptions {
  readonly image: string;
  /** Called with the plan before it is applied: confirmation, `--allow-destroy`. */
  readonly beforeApply?: (details: PlanDetails | undefined) => Promise<void>;
  /** Wait for the ECS rollout (or the blue/green deployment) through the AWS CLI. */
  readonly wait?: AwsCli;
  /** The AWS CLI that starts a blue/green service's CodeDeploy deployment (also without waiting). */
  readonly aws?: AwsCli;
  /** Progress of a blue/green deployment: its id, the stop command, status and traffic changes. */
  readonly report?: (message: string) => void;
  /** How often a blue/green deployment is polled, and for how long at most. */
  readonly poll?: { readonly intervalMs: number; readonly timeoutMs: number };
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export function checkImage(image: string): void {
  if (!TAG.test(image) && !DIGEST.test(image)) {
    throw new UsageError(
      `--image ${JSON.stringify(image)} is neither an image tag nor a digest`,
      'give a tag such as "1.4.2" (letters, digits, _ . -, up to 128) or a digest "sha256:<64 hex digits>"',
    );
  }
}

/**
 * A deploy's apply: the stack planned in full (a deferred one stops the deploy: its upstream stacks are
 * not applied yet), `beforeApply` to confirm or refuse, then the apply; `imageTag` for a service's image.
 */
async function planThenApply(
  session: Session,
  s: Stack,
  ctx: TerraformContext,
  beforeApply: ((details: PlanDetails | undefined) => Promise<void>) | undefined,
  imageTag?: string,
): Promise<{ planned: Awaited<ReturnType<typeof planStack>>; applied: Awaited<ReturnType<typeof applyStack>> }> {
  const planned = await planStack(session, s, ctx, imageTag === undefined ? { all: true } : { all: true, imageTag });
  if (planned.state === "deferred")
    throw new UsageError(`cannot deploy ${s.path}: it ${planned.message}`, "run `berth plan` and `berth apply` for the environment first");
  await beforeApply?.(planned.details);
  return { planned, applied: await applyStack(session, s, ctx) };
}

export async function deployImage(
  session: Session,
  stack: Stack,
  opts: DeployOptions,
): Promise<StackOutcome & { rollout?: Rollout; blueGreen?: BlueGreenOutcome }> {
  checkImage(opts.image);
  const contract = stack.deploy;
  if (!contract) throw new UsageError(`stack ${stack.path} is not a service stack; only service stacks can be deployed`);
  let rollout: Rollout | undefined;
  let blueGreen: BlueGreenOutcome | undefined;
  const [outcome] = await runStacks(session, "deploy", "apply", [stack], `deploying ${opts.image}`, async (s, ctx) => {
    const { planned, applied } = await planThenApply(session, s, ctx, opts.beforeApply, opts.image);
    if (contract.blueGreen && contract.service) {
      blueGreen = await deployBlueGreen(session, s, contract as BlueGreenContract, opts);
      return { ...applied, details: planned.details, message: `image ${opts.image}, ${describe(blueGreen)}` };
    }
    if (opts.wait && contract.service) {
      const outputs = session.applied.get(s.path) ?? {};
      const cluster = String((await session.store.read(s))?.vars[contract.cluster.name] ?? "");
      rollout = await waitForRollout(opts.wait, s.region, cluster, String(outputs[contract.service.name]), String(outputs[contract.taskDefinition.name]));
      if (rollout.state !== "completed")
        throw new Error(
          `rollout ${rollout.state}${rollout.reason ? `: ${rollout.reason}` : ""}; the service runs ${rollout.taskDefinition ?? "an earlier task definition"}`,
        );
    }
    return { ...applied, details: planned.details, message: `image ${opts.image}${rollout ? `, rollout ${rollout.state}` : ""}` };
  });
  return { ...outcome!, rollout, blueGreen };
}

type BlueGreenContract = DeployContract & { readonly blueGreen: NonNullable<DeployContract["blueGreen"]>; readonly service: Wire };

/** Starts the CodeDeploy deployment of the task definition the apply registered; follows it when asked to wait. */
async function deployBlueGreen(session: Session, s: Stack, contract: BlueGreenContract, opts: DeployOptions): Promise<BlueGreenOutcome> {
  const aws = opts.aws ?? opts.wait;
  if (!aws) throw new Error("bug: a blue/green deploy needs the AWS CLI");
  const report = opts.report ?? (() => {});
  const outputs = session.applied.get(s.path) ?? {};
  const cluster = String((await session.store.read(s))?.vars[contract.cluster.name] ?? "");
  const bg = contract.blueGreen;
  const taskDefinition = String(outputs[contract.taskDefinition.name]);
  const id = await startDeployment(aws, s.region, {
    application: bg.application,
    deploymentGroup: bg.deploymentGroup,
    appSpec: ecsAppSpec({ taskDefinition, container: bg.container, port: bg.port }),
    description: `berth deploy ${opts.image}`,
  });
  report(`blue/green deployment ${id} started (${taskDefinition}); stop it and roll back with: ${stopCommand(id, s.region)}`);
  if (!opts.wait) return { deploymentId: id, state: "in progress" };
  const targetId = `${cluster.split("/").pop()}:${String(outputs[contract.service.name])}`;
  const outcome = await followDeployment(opts.wait, s.region, id, {
    report,
    trafficOf: () => ecsTraffic(opts.wait!, s.region, id, targetId),
    pollMs: opts.poll?.intervalMs ?? 15_000,
    timeoutMs: opts.poll?.timeoutMs ?? 3_600_000,
  });
  if (outcome.state === "failed" || outcome.state === "stopped")
    throw new Error(`${describe(outcome)}; the service keeps running the previous task definition`);
  return outcome;
}

function describe(o: BlueGreenOutcome): string {
  const what = `blue/green deployment ${o.deploymentId}`;
  if (o.state === "in progress") return `${what} in progress`;
  return `${what} ${o.state}${o.rollback ? ` (rolled back by ${o.rollback})` : ""}${o.reason ? `: ${o.reason}` : ""}`;
}

export interface FunctionDeployOptions {
  readonly beforeApply?: (details: PlanDetails | undefined) => Promise<void>;
  /** The AWS CLI that reads the alias and starts the deployment. */
  readonly aws: AwsCli;
  /** Follow the deployment to its end. */
  readonly wait: boolean;
  readonly report?: (message: string) => void;
  readonly poll?: { readonly intervalMs: number; readonly timeoutMs: number };
}

/**
 * `berth deploy <function>` of a blue/green function: applies its stack (which publishes a version when the
 * code or configuration changed; the alias stays where CodeDeploy left it), then shifts the alias to the
 * published version through CodeDeploy, unless it already serves it.
 */
export async function deployFunction(session: Session, stack: Stack, opts: FunctionDeployOptions): Promise<StackOutcome & { blueGreen?: BlueGreenOutcome }> {
  const contract = stack.functionDeploy;
  if (!contract) throw new UsageError(`stack ${stack.path} is not a blue/green function stack`);
  const report = opts.report ?? (() => {});
  let blueGreen: BlueGreenOutcome | undefined;
  const [outcome] = await runStacks(session, "deploy", "apply", [stack], "publishing and shifting", async (s, ctx) => {
    const { planned, applied } = await planThenApply(session, s, ctx, opts.beforeApply);
    const target = String((session.applied.get(s.path) ?? {}).version ?? "");
    if (!/^\d+$/.test(target)) throw new Error(`the function stack did not output a published version (got ${JSON.stringify(target)})`);
    const current = (await aliasVersion(opts.aws, s.region, contract.functionName, contract.alias)).version;
    if (current === target) return { ...applied, details: planned.details, message: `version ${target} already takes all of ${contract.alias}'s traffic` };
    const id = await startDeployment(opts.aws, s.region, {
      application: contract.application,
      deploymentGroup: contract.deploymentGroup,
      appSpec: lambdaAppSpec({ functionName: contract.functionName, alias: contract.alias, current, target }),
      description: `berth deploy: ${contract.functionName} ${current} -> ${target}`,
    });
    report(
      `blue/green deployment ${id} started (${contract.alias}: version ${current} -> ${target}); stop it and roll back with: ${stopCommand(id, s.region)}`,
    );
    blueGreen = opts.wait
      ? await followDeployment(opts.aws, s.region, id, {
          report,
          trafficOf: () => lambdaTraffic(opts.aws, s.region, contract.functionName, contract.alias, target),
          pollMs: opts.poll?.intervalMs ?? 15_000,
          timeoutMs: opts.poll?.timeoutMs ?? 3_600_000,
        })
      : { deploymentId: id, state: "in progress" };
    if (blueGreen.state === "failed" || blueGreen.state === "stopped") throw new Error(`${describe(blueGreen)}; ${contract.alias} stays on version ${current}`);
    return { ...applied, details: planned.details, message: `version ${target}, ${describe(blueGreen)}` };
  });
  return { ...outcome!, blueGreen };
}

export interface SiteDeployOptions {
  readonly site: Site;
  /** The config file's folder: the site's `dir` and build `cwd` are relative to it. */
  readonly configDir: string;
  readonly aws: AwsCli;
  readonly beforeApply?: (details: PlanDetails | undefined) => Promise<void>;
  readonly report?: (message: string) => void;
}

/**
 * `berth deploy <site>`: builds the site (a failed build changes nothing), checks its folder, applies its
 * stack (bucket and distribution), uploads the folder and invalidates the distribution.
 */
export async function deploySite(session: Session, stack: Stack, opts: SiteDeployOptions): Promise<StackOutcome & { upload?: UploadResult }> {
  const { site } = opts;
  const report = opts.report ?? (() => {});
  if (site.build) report(`building ${site.key}: ${site.build.command}`);
  await buildSite(site, opts.configDir, session.signal);
  const dir = siteDir(site, opts.configDir);
  let upload: UploadResult | undefined;
  const [outcome] = await runStacks(session, "deploy", "apply", [stack], `uploading ${site.dir}`, async (s, ctx) => {
    const { planned, applied } = await planThenApply(session, s, ctx, opts.beforeApply);
    const outputs = session.applied.get(s.path) ?? {};
    const bucket = String(outputs[wires.site.bucketName(site).name] ?? "");
    const distributionId = String(outputs[wires.site.distributionId(site).name] ?? "");
    if (!bucket || !distributionId) throw new Error(`the site stack did not output its bucket and distribution (got ${JSON.stringify(outputs)})`);
    upload = await uploadSite(opts.aws, site, dir, { bucket, distributionId, region: s.region });
    return { ...applied, details: planned.details, message: `${site.dir} uploaded to ${bucket}, invalidation ${upload.invalidationId}` };
  });
  return { ...outcome!, upload };
}
