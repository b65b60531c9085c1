/** `berth deploy <service> --image <tag|digest>`: rolls one service to a new image; nothing else moves. */
import { UsageError } from "../errors.js";
import { deployImage } from "../runner/deploy.js";
import { confirmChange, requireAllowDestroy, terminalAsk } from "../runner/guard.js";
import { destroys } from "../runner/plan-details.js";
import { serviceStackId } from "../model/stack-ids.js";
import { finish, openRun, type RunnerFlags } from "./run-context.js";
import { recordedUrl, smokeServices } from "./smoke.js";

export interface DeployFlags extends RunnerFlags {
  readonly image: string;
  readonly wait: boolean;
  /** After the rollout, request the service's health URL through its load balancer. */
  readonly smoke?: boolean;
}

export async function deploy(service: string, flags: DeployFlags): Promise<void> {
  const ctx = await openRun({ ...flags, stack: undefined });
  try {
    const candidates = ctx.stacks.filter((s) => s.id === serviceStackId(service) && (flags.region === undefined || s.region === flags.region));
    if (candidates.length === 0) {
      const names = [...new Set(ctx.model.environments.flatMap((e) => e.services.map((s) => s.name)))].sort();
      throw new UsageError(`there is no service ${JSON.stringify(service)}`, `services: ${names.join(", ")}`);
    }
    if (candidates.length > 1) {
      throw new UsageError(
        `service ${service} exists in ${candidates.length} places (${candidates.map((s) => `${s.env}/${s.region}`).join(", ")})`,
        "name one with --env (and --region for an environment's recovery region)",
      );
    }
    const stack = candidates[0]!;
    const tier = ctx.tierOf(stack.env);
    await ctx.accounts.check(ctx.model.environments.filter((e) => e.name === stack.env));
    const guard = { yes: flags.yes, allowDestroy: flags.allowDestroy, ask: terminalAsk() };
    const previous = flags.smoke ? (await ctx.session.store.read(stack))?.imageTag : undefined;
    const outcome = await deployImage(ctx.session, stack, {
      image: flags.image,
      wait: flags.wait && !flags.endpoint ? await ctx.accounts.cli(stack.providers[0]?.role, stack.region) : undefined,
      beforeApply: async (details) => {
        if (tier !== "prod") return;
        if (details && destroys(details)) requireAllowDestroy(stack.env, `deploying ${service} destroys or replaces resources`, guard);
        await confirmChange(stack.env, tier, `deploying ${service} ${flags.image}`, guard);
      },
    });
    finish(ctx, [outcome]);
    if (flags.smoke && process.exitCode === undefined) {
      const env = ctx.model.environments.find((e) => e.name === stack.env)!;
      const failures = await smokeServices(
        env,
        [service],
        async () => {
          const url = ctx.session.applied.get(stack.path)?.url;
          return typeof url === "string" ? url : recordedUrl(ctx.session.store, ctx.stacks, env.name, service);
        },
        () => `berth deploy ${service} --env ${env.name} --image ${previous ?? "<the previous image tag>"}`,
      );
      for (const f of failures) process.stderr.write(`error: ${f}\n`);
      if (failures.length > 0) process.exitCode = 1;
    }
  } finally {
    ctx.interrupts.dispose();
  }
}
