/** The bundled examples, loaded and rendered the way the CLI does it, for tests that need real stacks. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import { resolveModel } from "../../src/model/resolve.js";
import { functionBuilds } from "../../src/runner/function-build.js";
import type { Model } from "../../src/model/types.js";
import { renderStacks } from "../../src/terraform/render.js";
import type { Stack } from "../../src/terraform/stack.js";

export const EXAMPLES_DIR = join(import.meta.dirname, "..", "..", "examples");

export function exampleNames(): string[] {
  return (
    readdirSync(EXAMPLES_DIR, { withFileTypes: true })
      // A folder holds an example once it has its config (an application may land before its config).
      .filter((d) => d.isDirectory() && existsSync(join(EXAMPLES_DIR, d.name, "berth.config.ts")))
      .map((d) => d.name)
      .sort()
  );
}

/**
 * Runs the example's function builds (`functions.<name>.build`, as `berth build --functions` does), so
 * their output folders exist for berth to zip.
 */
export function buildExampleFunctions(name: string, model: Model): void {
  for (const b of functionBuilds(model.environments)) execFileSync("sh", ["-c", b.command], { cwd: join(EXAMPLES_DIR, name, b.dir), stdio: "pipe" });
}

export async function loadExample(name: string): Promise<{ model: Model; stacks: Stack[] }> {
  const { config } = await loadConfig({ config: join(EXAMPLES_DIR, name, "berth.config.ts") });
  const model = resolveModel(config);
  return { model, stacks: renderStacks(model) };
}
