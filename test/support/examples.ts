/** The bundled examples, loaded and rendered the way the CLI does it, for tests that need real stacks. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import { resolveModel } from "../../src/model/resolve.js";
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
 * Builds the example's functions whose code needs a build (`functions/<name>/package.json` with a `build`
 * script), so their `dist/` folders exist for berth to zip, as a user runs it before `berth synth`.
 */
export function buildExampleFunctions(name: string): void {
  const dir = join(EXAMPLES_DIR, name, "functions");
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).sort()) {
    const pkg = join(dir, f, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { scripts?: Record<string, string> }).scripts?.build)
      execFileSync("npm", ["run", "--silent", "build"], { cwd: join(dir, f), stdio: "pipe" });
  }
}

export async function loadExample(name: string): Promise<{ model: Model; stacks: Stack[] }> {
  const { config } = await loadConfig({ config: join(EXAMPLES_DIR, name, "berth.config.ts") });
  const model = resolveModel(config);
  return { model, stacks: renderStacks(model) };
}
