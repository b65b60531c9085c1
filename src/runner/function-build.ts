/**
 * `berth build` for Lambda code: each function's `build` command (`functions.<key>.build`), run with
 * `sh -c` in its folder before berth zips the function's `dir`. Environments that share a function's
 * code share its build: one run per distinct folder and command.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { BerthError } from "../errors.js";
import type { Environment } from "../model/types.js";
import { compareText } from "../model/text-order.js";

export interface FunctionBuild {
  /** The function keys whose code this build makes, sorted. */
  readonly functions: readonly string[];
  readonly command: string;
  /** Relative to the config's folder, POSIX separators. */
  readonly dir: string;
}

/** The distinct builds of `envs`' functions, limited to `names` when some are given; sorted by folder, then command. */
export function functionBuilds(envs: readonly Environment[], names: readonly string[] = []): FunctionBuild[] {
  const byKey = new Map<string, { command: string; dir: string; functions: Set<string> }>();
  for (const env of envs) {
    for (const fn of env.functions) {
      if (!fn.build || (names.length > 0 && !names.includes(fn.key))) continue;
      const key = `${fn.build.dir}\0${fn.build.command}`;
      const seen = byKey.get(key);
      if (seen) seen.functions.add(fn.key);
      else byKey.set(key, { command: fn.build.command, dir: fn.build.dir, functions: new Set([fn.key]) });
    }
  }
  return [...byKey.values()]
    .sort((a, b) => compareText(a.dir, b.dir) || compareText(a.command, b.command))
    .map((b) => ({ functions: [...b.functions].sort(), command: b.command, dir: b.dir }));
}

/** Runs one build with its output streamed to ours; a failure names the functions and the command. */
export function runFunctionBuild(build: FunctionBuild, configDir: string, base: NodeJS.ProcessEnv = process.env): Promise<void> {
  const cwd = join(configDir, build.dir);
  if (!existsSync(cwd)) return Promise.reject(new FunctionBuildError(build, `folder ${build.dir} does not exist`));
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", build.command], { cwd, env: base, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", (err) => reject(new FunctionBuildError(build, err.message)));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new FunctionBuildError(build, `exit ${code ?? "signal"}`))));
  });
}

/** A function's build command failed; what it printed went to the terminal already. */
export class FunctionBuildError extends BerthError {
  readonly exitCode = 1;
  constructor(
    readonly build: FunctionBuild,
    reason: string,
  ) {
    super(`the build of ${build.functions.map((f) => `functions.${f}`).join(", ")} failed (${reason}): \`${build.command}\` in ${build.dir}`);
    this.name = "FunctionBuildError";
  }
}
