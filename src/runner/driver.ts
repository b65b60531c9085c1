/**
 * Spawns terraform in a stack's directory, streams what it prints into the stack's log file and
 * returns its output; a failure becomes a TerraformError with the tail of stderr. Aborting sends SIGINT.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import lockfile from "proper-lockfile";
import { TerraformError } from "../errors.js";
import type { TfValue } from "../terraform/stack.js";
import { terraformNotFound, type TerraformEnv } from "./terraform-env.js";

/** Where and for which stack terraform runs. */
export interface TerraformContext {
  readonly tf: TerraformEnv;
  /** Working directory: the root module. */
  readonly dir: string;
  /** Named in errors, e.g. the stack path. */
  readonly stack: string;
  /** Appended to; created with its directory if missing. */
  readonly logFile: string;
  /** First abort: one SIGINT, terraform's graceful stop (finish in-flight changes, write state, release the lock). */
  readonly signal?: AbortSignal;
  /** Second abort: a second SIGINT, terraform's immediate exit. */
  readonly hardSignal?: AbortSignal;
  /** How terraform gets the AWS provider (see provider-pool.ts); absent: it starts the provider itself. */
  readonly provider?: ProviderUse;
}

/**
 * Asked before each command (and once more before `init` takes the plugin cache lock): the environment
 * to run it with, and how it gets the provider, said in the log. Calls for one stack must be cheap after the first.
 */
export interface ProviderUse {
  prepare(command: string, dir: string): Promise<{ readonly env: NodeJS.ProcessEnv; readonly note: string }>;
}

export interface RunOptions {
  /** Exit codes that are not failures; default `[0]`. */
  readonly okExitCodes?: readonly number[];
  /** Copy stdout into the log (default true); off for large machine output such as `show -json`. */
  readonly logStdout?: boolean;
}

export interface TerraformResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const TAIL_LINES = 20;

/** Runs `terraform <args>`; resolves with its output, or rejects with a TerraformError. */
export async function runTerraform(ctx: TerraformContext, args: readonly string[], opts: RunOptions = {}): Promise<TerraformResult> {
  const command = args[0] ?? "";
  if (ctx.signal?.aborted) throw new TerraformError(ctx.stack, command, null, "interrupted before it started");
  const use = await ctx.provider?.prepare(command, ctx.dir);
  return spawnTerraform(use ? { ...ctx, tf: { ...ctx.tf, env: use.env } } : ctx, args, opts, use?.note);
}

function spawnTerraform(ctx: TerraformContext, args: readonly string[], opts: RunOptions, providerNote?: string): Promise<TerraformResult> {
  const command = args[0] ?? "";
  mkdirSync(dirname(ctx.logFile), { recursive: true });
  const log = createWriteStream(ctx.logFile, { flags: "a" });
  log.write(`\n$ ${ctx.tf.binary} ${args.join(" ")}\n  (in ${ctx.dir})\n${providerNote ? `  (AWS provider: ${providerNote})\n` : ""}`);

  return new Promise((resolve, reject) => {
    // Its own process group: a Ctrl-C in the terminal reaches berth only, which forwards exactly one SIGINT.
    const child = spawn(ctx.tf.binary, args, { cwd: ctx.dir, env: ctx.tf.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => {
      out.push(chunk);
      if (opts.logStdout !== false) log.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err.push(chunk);
      log.write(chunk);
    });

    const interrupt = () => child.kill("SIGINT");
    ctx.signal?.addEventListener("abort", interrupt, { once: true });
    const abort = () => ctx.signal?.aborted && child.kill("SIGINT");
    ctx.hardSignal?.addEventListener("abort", abort, { once: true });
    let settled = false;
    const settle = (fn: () => void) => {
      settled = true;
      ctx.signal?.removeEventListener("abort", interrupt);
      ctx.hardSignal?.removeEventListener("abort", abort);
      log.end(fn);
    };

    log.on("error", (e) => {
      if (!settled) child.kill("SIGINT");
      settled = true;
      reject(e);
    });
    child.on("error", (e) => settled || settle(() => reject(terraformNotFound(ctx.tf.binary, e))));
    child.on("close", (code) => {
      if (settled) return;
      const result = { exitCode: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
      if (opts.logStdout === false) log.write(`(${result.stdout.length} characters of output not logged)\n`);
      log.write(`exit ${code ?? "signal"}\n`);
      const ok = code !== null && (opts.okExitCodes ?? [0]).includes(code) && !ctx.signal?.aborted;
      settle(() => (ok ? resolve(result) : reject(new TerraformError(ctx.stack, command, code, tail(result.stderr || result.stdout)))));
    });
  });
}

/** The last lines of terraform's output, without the blank lines and box drawing around diagnostics. */
export function tail(text: string, lines = TAIL_LINES): string {
  const kept = text.split("\n").filter((l) => l.trim() !== "" && !/^[╷╵]\s*$/.test(l));
  return kept.slice(-lines).join("\n");
}

/**
 * `terraform init`. With a shared plugin cache (`TF_PLUGIN_CACHE_DIR`), inits take turns: terraform
 * documents the cache as unsafe for concurrent writers, and two inits filling it at once fail with
 * "file exists" or "no package cached". The lock is a directory inside the cache, so it also holds
 * across processes (parallel stacks, several berth runs, test workers); a holder that dies leaves a
 * lock that goes stale after 30 s.
 */
export async function init(ctx: TerraformContext, args: readonly string[] = []): Promise<TerraformResult> {
  // Settled before the lock: getting the provider ready may run an init of its own (the pin).
  await ctx.provider?.prepare("init", ctx.dir);
  const run = () => runTerraform(ctx, ["init", "-input=false", "-no-color", ...args]);
  const cache = ctx.tf.env.TF_PLUGIN_CACHE_DIR;
  if (!cache) return run();
  mkdirSync(cache, { recursive: true });
  const release = await lockfile.lock(cache, {
    lockfilePath: join(cache, ".berth-init.lock"),
    realpath: false,
    stale: 30_000,
    retries: { retries: 10_000, minTimeout: 50, maxTimeout: 500, factor: 1.5 },
  });
  try {
    return await run();
  } finally {
    await release().catch(() => undefined);
  }
}

export const plan = (ctx: TerraformContext, args: readonly string[] = [], opts: RunOptions = {}) =>
  runTerraform(ctx, ["plan", "-input=false", "-no-color", ...args], opts);

/** `terraform output -json`, without sensitive values: those are never recorded or printed. */
export async function outputsJson(ctx: TerraformContext): Promise<Record<string, TfValue>> {
  const { stdout } = await runTerraform(ctx, ["output", "-json", "-no-color"], { logStdout: false });
  const parsed = JSON.parse(stdout || "{}") as Record<string, { sensitive?: boolean; value: TfValue }>;
  return Object.fromEntries(
    Object.entries(parsed)
      .filter(([, o]) => !o.sensitive)
      .map(([k, o]) => [k, o.value]),
  );
}

export const validate = (ctx: TerraformContext) => runTerraform(ctx, ["validate", "-no-color"]);

/** `terraform show -json <planFile>`, parsed. */
export async function showJson(ctx: TerraformContext, planFile: string): Promise<unknown> {
  const { stdout } = await runTerraform(ctx, ["show", "-json", "-no-color", planFile], { logStdout: false });
  return JSON.parse(stdout);
}

/** `terraform fmt -check`: the files it would rewrite (empty when all are formatted). */
export async function fmtCheck(ctx: TerraformContext): Promise<string[]> {
  // fmt exits 3 when some files are not formatted; other non-zero codes are real failures.
  const { stdout } = await runTerraform(ctx, ["fmt", "-check", "-list=true", "-no-color"], { okExitCodes: [0, 3] });
  return stdout.split("\n").filter(Boolean);
}
