/**
 * `berth deploy <service> --image <tag|digest>`: rolls one service to a new image; nothing else moves.
 * `berth deploy <function>` (blue/green functions): publishes its version and shifts the alias through CodeDeploy.
 * `berth deploy <site>`: builds a static site, applies its stack, uploads its folder and invalidates its distribution.
 */
import { UsageError } from "../errors.js";
import { deployFunction, deployImage, deploySite } from "../runner/deploy.js";
import { awaitReplicatedImage, REPLICATION_POLL } from "../runner/image-replication.js";
import { confirmChange, requireAllowDestroy, terminalAsk } from "../runner/guard.js";
import { pickRegion } from "../runner/day2.js";
import { destroys } from "../runner/plan-details.js";
import { functionStackId, serviceStackId, siteStackId } from "../model/stack-ids.js";
import type { Stack } from "../terraform/stack.js";
import { finish, openRun, type RunContext, type RunnerFlags } from "./run-context.js";
import { println } from "./output.js";
import { recordedApiBase, recordedUrl, regionalLoadBalancer, reportSmokeFailures, smokeApis, smokeServices } from "./smoke.js";

export interface DeployFlags extends RunnerFlags {
  /** Required for a service; a blue/green function deploys the version its apply publishes. */
  readonly image?: string;
  readonly wait: boolean;
  /** After the rollout, request the service's health URL through its load balancer (a function: the HTTP APIs it serves). */
  readonly smoke?: boolean;
}

export async function deploy(service: string, flags: DeployFlags): Promise<void> {
  const ctx = await openRun({ ...flags, stack: undefined });
  try {
    const siteStacks = ctx.stacks.filter((s) => s.id === siteStackId(service));
    if (siteStacks.length > 0) return await deployStaticSite(ctx, service, siteStacks, flags);
    const functionStacks = ctx.stacks.filter((s) => s.id === functionStackId(service) && (flags.region === undefined || s.region === flags.region));
    if (flags.image === undefined) {
      if (functionStacks.length > 0) return await deployBlueGreenFunction(ctx, service, functionStacks, flags);
      throw new UsageError(`--image is required to deploy service ${JSON.stringify(service)}`, "give --image <tag|sha256:digest>");
    }
    const image = flags.image;
    const candidates = primaryUnlessRegion(
      ctx,
      service,
      ctx.stacks.filter((s) => s.id === serviceStackId(service) && (flags.region === undefined || s.region === flags.region)),
      flags.region,
    );
    if (candidates.length === 0) {
      const names = [...new Set(ctx.model.environments.flatMap((e) => e.services.map((s) => s.name)))].sort();
      throw new UsageError(`there is no service ${JSON.stringify(service)}`, `services: ${names.join(", ")}`);
    }
    if (candidates.length > 1) {
      throw new UsageError(
        `service ${service} exists in ${candidates.length} environments (${[...new Set(candidates.map((s) => s.env))].join(", ")})`,
        "name one with --env",
      );
    }
    const stack = candidates[0]!;
    const tier = ctx.tierOf(stack.env);
    await ctx.accounts.check(ctx.model.environments.filter((e) => e.name === stack.env));
    const guard = { yes: flags.yes, allowDestroy: flags.allowDestroy, ask: terminalAsk() };
    await awaitReplication(ctx, stack, service, image, flags);
    const previous = flags.smoke ? (await ctx.session.store.read(stack))?.imageTag : undefined;
    const outcome = await deployImage(ctx.session, stack, {
      image,
      wait: flags.wait && !flags.endpoint ? await ctx.accounts.cli(stack.providers[0]?.role, stack.region) : undefined,
      aws: stack.deploy?.blueGreen ? await ctx.accounts.cli(stack.providers[0]?.role, stack.region) : undefined,
      report: (message) => ctx.report({ event: "note", message }),
      poll: process.env.BERTH_CODEDEPLOY_POLL_MS ? { intervalMs: Number(process.env.BERTH_CODEDEPLOY_POLL_MS), timeoutMs: 3_600_000 } : undefined,
      beforeApply: async (details) => {
        if (tier !== "prod") return;
        if (details && destroys(details)) requireAllowDestroy(stack.env, `deploying ${service} destroys or replaces resources`, guard);
        await confirmChange(stack.env, tier, `deploying ${service} ${image}`, guard);
      },
    });
    finish(ctx, [outcome]);
    if (flags.smoke && process.exitCode === undefined) {
      // The region deployed: with --region, its own records, reached through its own load balancer.
      const env = pickRegion(ctx.model.environments.find((e) => e.name === stack.env)!, stack.region);
      const failures = await smokeServices(
        env,
        [service],
        async () => {
          const url = ctx.session.applied.get(stack.path)?.url;
          return typeof url === "string" ? url : recordedUrl(ctx.session.store, ctx.stacks, env.name, service, env.region);
        },
        () => `berth deploy ${service} --env ${env.name}${flags.region ? ` --region ${env.region}` : ""} --image ${previous ?? "<the previous image tag>"}`,
        (s) => (flags.region ? regionalLoadBalancer(ctx.session.store, ctx.stacks, env, s) : Promise.resolve(undefined)),
      );
      reportSmokeFailures(failures);
    }
  } finally {
    ctx.interrupts.dispose();
  }
}

/**
 * In a recovery region, the image the primary's registry replicates: wait until it is there (not against
 * LocalStack, whose registry does not replicate). `BERTH_REPLICATION_POLL_MS` (`<interval>,<timeout>`) is for tests.
 */
async function awaitReplication(ctx: RunContext, stack: Stack, service: string, image: string, flags: DeployFlags): Promise<void> {
  const env = ctx.model.environments.find((e) => e.name === stack.env)!;
  const repository = env.recovery.find((r) => r.region === stack.region)?.services.find((s) => s.name === service)?.build?.repository;
  if (!repository || flags.endpoint) return;
  const [intervalMs, timeoutMs] = (process.env.BERTH_REPLICATION_POLL_MS ?? "").split(",").map(Number);
  await awaitReplicatedImage(
    await ctx.accounts.cli(stack.providers[0]?.role, stack.region),
    { region: stack.region, primaryRegion: env.region, repository, image },
    {
      poll: intervalMs !== undefined && timeoutMs !== undefined && timeoutMs >= 0 ? { intervalMs, timeoutMs } : REPLICATION_POLL,
      report: (message) => ctx.report({ event: "note", message }),
    },
  );
}

/**
 * A service of one environment that also runs in its recovery region: without `--region`, the primary
 * region's stack (what a pipeline deploys), with a note naming the others.
 */
function primaryUnlessRegion(ctx: RunContext, service: string, candidates: Stack[], region: string | undefined): Stack[] {
  if (region !== undefined || candidates.length < 2 || new Set(candidates.map((s) => s.env)).size > 1) return candidates;
  const env = ctx.model.environments.find((e) => e.name === candidates[0]!.env)!;
  const others = candidates.filter((s) => s.region !== env.region).map((s) => s.region);
  ctx.report({ event: "note", message: `deploying ${service} in ${env.region}, the primary region; deploy ${others.join(", ")} with --region` });
  return candidates.filter((s) => s.region === env.region);
}

/** A blue/green function of one environment: apply (publishing a version), then the CodeDeploy shift of its alias. */
async function deployBlueGreenFunction(ctx: RunContext, name: string, stacks: Stack[], flags: DeployFlags): Promise<void> {
  if (stacks.length > 1) {
    throw new UsageError(
      `function ${name} exists in ${stacks.length} environments (${[...new Set(stacks.map((s) => s.env))].join(", ")})`,
      "name one with --env",
    );
  }
  const stack = stacks[0]!;
  if (!stack.functionDeploy) {
    throw new UsageError(
      `function ${name} deploys with \`berth apply\` (each apply points its alias at the version it publishes)`,
      `set functions.${name}.deployment: { strategy: "blue-green" } to shift its traffic through CodeDeploy with berth deploy`,
    );
  }
  const tier = ctx.tierOf(stack.env);
  await ctx.accounts.check(ctx.model.environments.filter((e) => e.name === stack.env));
  const guard = { yes: flags.yes, allowDestroy: flags.allowDestroy, ask: terminalAsk() };
  const outcome = await deployFunction(ctx.session, stack, {
    aws: await ctx.accounts.cli(stack.providers[0]?.role, stack.region),
    wait: flags.wait,
    report: (message) => ctx.report({ event: "note", message }),
    poll: process.env.BERTH_CODEDEPLOY_POLL_MS ? { intervalMs: Number(process.env.BERTH_CODEDEPLOY_POLL_MS), timeoutMs: 3_600_000 } : undefined,
    beforeApply: async (details) => {
      if (tier !== "prod") return;
      if (details && destroys(details)) requireAllowDestroy(stack.env, `deploying ${name} destroys or replaces resources`, guard);
      await confirmChange(stack.env, tier, `deploying function ${name}`, guard);
    },
  });
  finish(ctx, [outcome]);
  if (flags.smoke && process.exitCode === undefined) {
    // The HTTP APIs whose routes run the function, at their health check paths.
    const env = pickRegion(ctx.model.environments.find((e) => e.name === stack.env)!, stack.region);
    const apis = env.httpApis.filter((a) => a.routes.some((r) => r.function === name)).map((a) => a.key);
    if (apis.length === 0) println(`smoke ${env.name}/${name}: skipped (no HTTP API routes to the function)`);
    reportSmokeFailures(await smokeApis(env, apis, (api) => recordedApiBase(ctx.session.store, ctx.stacks, env, api, flags.region !== undefined)));
  }
}

/** A static site of one environment: build, apply its stack, upload, invalidate. */
async function deployStaticSite(ctx: RunContext, name: string, stacks: Stack[], flags: DeployFlags): Promise<void> {
  if (flags.image !== undefined)
    throw new UsageError(`site ${name} deploys its folder, not an image`, `drop --image: berth deploy ${name} builds and uploads sites.${name}.dir`);
  if (stacks.length > 1) {
    throw new UsageError(`site ${name} exists in ${stacks.length} environments (${stacks.map((s) => s.env).join(", ")})`, "name one with --env");
  }
  const stack = stacks[0]!;
  const env = ctx.model.environments.find((e) => e.name === stack.env)!;
  const site = env.sites.find((s) => s.key === stack.site)!;
  const tier = ctx.tierOf(stack.env);
  await ctx.accounts.check([env]);
  const guard = { yes: flags.yes, allowDestroy: flags.allowDestroy, ask: terminalAsk() };
  const outcome = await deploySite(ctx.session, stack, {
    site,
    configDir: ctx.configDir,
    aws: await ctx.accounts.cli(stack.providers[0]?.role, stack.region),
    report: (message) => ctx.report({ event: "note", message }),
    beforeApply: async (details) => {
      if (tier !== "prod") return;
      if (details && destroys(details)) requireAllowDestroy(stack.env, `deploying ${name} destroys or replaces resources`, guard);
      await confirmChange(stack.env, tier, `deploying site ${name}`, guard);
    },
  });
  finish(ctx, [outcome]);
}
