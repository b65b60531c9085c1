/**
 * `berth deploy <service> --image <tag|digest>`: plans and applies the one service stack with a new
 * `image_tag`, records the tag beside its state (so every later plan, on any machine, renders the
 * same task definition: no perpetual drift), then waits for the ECS rollout.
 */
import { UsageError } from "../errors.js";
import type { Stack } from "../terraform/stack.js";
import { applyStack } from "./apply-run.js";
import type { AwsCli } from "./aws-cli.js";
import { type Rollout, waitForRollout } from "./ecs-rollout.js";
import type { StackOutcome } from "./events.js";
import type { PlanDetails } from "./plan-details.js";
import { planStack } from "./plan-run.js";
import { runStacks, type Session } from "./session.js";

export interface DeployOptions {
  readonly image: string;
  /** Called with the plan before it is applied: confirmation, `--allow-destroy`. */
  readonly beforeApply?: (details: PlanDetails | undefined) => Promise<void>;
  /** Wait for the ECS rollout through the AWS CLI. */
  readonly wait?: AwsCli;
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

export async function deployImage(session: Session, stack: Stack, opts: DeployOptions): Promise<StackOutcome & { rollout?: Rollout }> {
  checkImage(opts.image);
  const contract = stack.deploy;
  if (!contract) throw new UsageError(`stack ${stack.path} is not a service stack; only service stacks can be deployed`);
  let rollout: Rollout | undefined;
  const [outcome] = await runStacks(session, "deploy", "apply", [stack], `deploying ${opts.image}`, async (s, ctx) => {
    const planned = await planStack(session, s, ctx, { all: true, imageTag: opts.image });
    if (planned.state === "deferred")
      throw new UsageError(`cannot deploy ${s.path}: it ${planned.message}`, "run `berth plan` and `berth apply` for the environment first");
    await opts.beforeApply?.(planned.details);
    const applied = await applyStack(session, s, ctx);
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
  return { ...outcome!, rollout };
}
