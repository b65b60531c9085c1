/**
 * The berth and shell commands the generated pipelines run, in one place for GitHub Actions and
 * Jenkins, so a test can run each berth command with `--help` and check every flag exists.
 */

/** Quotes a word for POSIX sh when it needs it. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface CommandContext {
  /** The config file, relative to the repository root (the pipeline's working directory). */
  readonly config: string;
  /** Where stacks, saved plans and apply logs live in the job's workspace. */
  readonly out: string;
}

/** Where the pipelines keep stacks and plans (berth's own default). */
export const PIPELINE_OUT = "infra";

/** Words that are pipeline expressions (`$GIT_COMMIT`, `${{ … }}`) or a quoted shell variable (`"$BASE"`) stay as they are. */
const berth = (args: readonly string[]): string =>
  ["npx", "berth", ...args].map((a) => (a.startsWith("$") || /^"\$[A-Z_]+"$/.test(a) ? a : shellWord(a))).join(" ");
const cfg = (ctx: CommandContext): string[] => ["--config", ctx.config];
const runner = (ctx: CommandContext, env: string): string[] => [...cfg(ctx), "--out", ctx.out, "--env", env];

/** Every stack with mocked upstream outputs and fake credentials: no AWS account. */
export const planOffline = (ctx: CommandContext): string => berth(["plan", "--offline", ...cfg(ctx), "--out", ctx.out]);
/** One stack, offline (a matrix job of a large platform's pull request). */
export const planOfflineStack = (ctx: CommandContext, env: string, stack: string): string =>
  berth(["plan", "--offline", ...cfg(ctx), "--out", ctx.out, "--env", env, "--stack", stack]);
/** The stacks a change touches since `base`, as JSON for a matrix. */
export const changed = (ctx: CommandContext, base: string): string => berth(["changed", ...cfg(ctx), "--base", base, "--json"]);
export const validate = (ctx: CommandContext): string => berth(["validate", ...cfg(ctx)]);
/** The rule catalogue over every environment; exits 1 on an open finding at or above `severity`. */
export const check = (ctx: CommandContext, severity: string): string => berth(["check", ...cfg(ctx), "--severity", severity]);
export const plan = (ctx: CommandContext, env: string): string => berth(["plan", ...runner(ctx, env)]);
/** `--yes`: CI confirms prod-tier applies by running; destroying plans still need `--allow-destroy`, which the pipeline never passes. */
export const apply = (ctx: CommandContext, env: string): string => berth(["apply", ...runner(ctx, env), "--yes"]);
/**
 * Plan, then apply only when the plan has changes (`--detailed-exitcode`: 3): with nothing to change
 * `berth plan` saves no plan, and `berth apply` refuses to run without one. One line of POSIX sh.
 */
export const planAndApply = (ctx: CommandContext, env: string): string =>
  `code=0; ${berth(["plan", ...runner(ctx, env), "--detailed-exitcode"])} || code=$?; ` +
  `if [ "$code" -eq 3 ]; then ${apply(ctx, env)}; elif [ "$code" -ne 0 ]; then exit "$code"; fi`;
/**
 * Builds every service's image for `env`'s platforms; with `push`, pushes it to the environment's repositories.
 * `cache`: buildx's GitHub Actions cache (in GitHub workflows only).
 */
export const build = (ctx: CommandContext, env: string, push: boolean, cache = false): string =>
  berth(["build", ...cfg(ctx), "--env", env, ...(push ? ["--push"] : []), ...(cache ? ["--cache", "gha"] : [])]);
/** Builds one service's image into the local engine, for scanning. */
export const buildLocal = (ctx: CommandContext, service: string, env: string, cache = false): string =>
  berth(["build", service, ...cfg(ctx), "--env", env, ...(cache ? ["--cache", "gha"] : [])]);
/** Runs the functions' build commands (the code berth zips), before anything synthesizes their stacks. */
export const buildFunctions = (ctx: CommandContext): string => berth(["build", "--functions", ...cfg(ctx)]);
/** Copies the images `from` tested to `env`'s repositories by digest, under the commit's tag. */
export const promote = (ctx: CommandContext, from: string, env: string, image: string): string =>
  berth(["promote", ...cfg(ctx), "--from", from, "--env", env, "--image", image]);
/** `region`: a recovery region's copy of the service (berth waits there for ECR to replicate the image). */
export const deploy = (ctx: CommandContext, env: string, service: string, image: string, smoke: boolean, region?: string): string =>
  berth(["deploy", service, ...runner(ctx, env), ...(region ? ["--region", region] : []), "--image", image, "--yes", ...(smoke ? ["--smoke"] : [])]);
export const smoke = (ctx: CommandContext, env: string): string => berth(["smoke", ...runner(ctx, env)]);
/** Builds a static site, applies its stack, uploads its folder and invalidates its distribution. */
export const deploySite = (ctx: CommandContext, env: string, site: string): string => berth(["deploy", site, ...runner(ctx, env), "--yes"]);
