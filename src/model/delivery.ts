/**
 * What a delivery pipeline reads from the model: environments in the order changes reach them (tier
 * `dev`, then `staging`, then `prod`; by name among equals), and each service's image build with every
 * platform some environment runs it on.
 */
import type { BerthConfig } from "../config/schema/app.js";
import type { Delivery, Environment, Model, Tier } from "./types.js";
import { compareText } from "./text-order.js";

/**
 * Above this many stacks (every environment's), a pull request's offline plan fans out: one matrix job per
 * stack the change touches (`berth changed`), instead of one job planning them all.
 */
export const PLAN_MATRIX_STACKS = 20;

export function resolveDelivery(config: BerthConfig, environments: readonly Environment[]): Delivery {
  const ci = config.ci ?? {};
  const stacks = environments.reduce((n, e) => n + e.stacks.length, 0);
  return {
    planMatrix: ci.planMatrix ?? stacks > PLAN_MATRIX_STACKS,
    branch: ci.branch ?? "main",
    approvers: ci.approvers ?? `${config.project}-approvers`,
    checkSeverity: ci.checkSeverity ?? "high",
    github: ci.github ? { repository: ci.github.repository } : null,
    jenkins: ci.jenkins ? { principal: ci.jenkins.principal ?? null } : null,
  };
}

const TIER_RANK: Readonly<Record<Tier, number>> = { dev: 0, staging: 1, prod: 2 };

/** Environments in promotion order: lower tiers first, then by name. */
export function promotionOrder(model: Model): Environment[] {
  return [...model.environments].sort((a, b) => TIER_RANK[a.tier] - TIER_RANK[b.tier] || compareText(a.name, b.name));
}

export interface ServiceImage {
  readonly service: string;
  /** Build context relative to the config's folder, and the Dockerfile relative to it. */
  readonly context: string;
  readonly dockerfile: string;
  /** Every platform an environment runs the service on, sorted. */
  readonly platforms: readonly string[];
  /** The local image name `berth build` tags without `--push`: `<project>-<service>`. */
  readonly localName: string;
}

/** The images berth builds, by service name; services that run an image from elsewhere have none. */
export function serviceImages(model: Model): ServiceImage[] {
  const byName = new Map<string, { context: string; dockerfile: string; platforms: Set<string> }>();
  for (const env of promotionOrder(model)) {
    for (const s of env.services) {
      if (!s.build) continue;
      const seen = byName.get(s.name);
      if (seen) seen.platforms.add(s.build.platform);
      else byName.set(s.name, { context: s.build.context, dockerfile: s.build.dockerfile, platforms: new Set([s.build.platform]) });
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([service, b]) => ({
      service,
      context: b.context,
      dockerfile: b.dockerfile,
      platforms: [...b.platforms].sort(),
      localName: localImageName(model.project, service),
    }));
}

/** The name `berth build` gives an image it keeps in the local engine (no registry). */
export const localImageName = (project: string, service: string): string => `${project}-${service}`;

/**
 * Where a prod-tier environment's images come from instead of a rebuild: the environment just before it
 * in promotion order, when that one is of a lower tier and builds every image `env` builds for the same
 * platform (so the digest it tested runs unchanged). Null otherwise: the environment builds its own.
 */
export function promotionSource(model: Model, env: Environment): Environment | null {
  if (env.tier !== "prod") return null;
  const order = promotionOrder(model);
  const before = order[order.findIndex((e) => e.name === env.name) - 1];
  if (!before || before.tier === "prod") return null;
  const built = env.services.filter((s) => s.build);
  if (built.length === 0) return null;
  const same = built.every((s) => before.services.some((b) => b.name === s.name && b.build?.platform === s.build!.platform));
  return same ? before : null;
}

/** Whether some function has code to build before berth zips it (`functions.<key>.build`). */
export const hasFunctionBuilds = (model: Model): boolean => model.environments.some((e) => e.functions.some((f) => f.build));

/**
 * The services a pipeline deploys in the environment's recovery regions, after the primary's, as
 * `[region, service]`: each built service that runs there (scheduled jobs stay in the primary). The image
 * is the one pushed to the primary; ECR replicates it, and `berth deploy --region` waits for it.
 */
export const recoveryDeploys = (env: Environment): [string, string][] =>
  env.recovery.flatMap((r) => r.services.filter((s) => s.build).map((s): [string, string] => [r.region, s.name]));
