/** The `berth import` test workspaces, imported into a copy of themselves the way the CLI does it, then loaded and rendered. */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import { importCompose, importCopilot } from "../../src/import/run.js";
import { resolveModel } from "../../src/model/resolve.js";
import { renderStacks } from "../../src/terraform/render.js";
import type { Stack } from "../../src/terraform/stack.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "import");

/** A copy of a test workspace, imported into `<copy>/<out>`, loaded and rendered. */
export async function importFixture(kind: "compose" | "copilot", fixture: string, out: string) {
  const dir = mkdtempSync(join(tmpdir(), `berth-import-${fixture}-`));
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  const run = kind === "compose" ? importCompose : importCopilot;
  const result = await run(undefined, { cwd: dir, out, region: "eu-west-1" });
  const { config } = await loadConfig({ config: join(dir, out) });
  const stacks = renderStacks(resolveModel(config));
  const stack = (env: string, id: string): Stack => {
    const s = stacks.find((x) => x.env === env && x.id === id);
    if (!s) throw new Error(`no stack ${env}/${id}; have ${stacks.map((x) => `${x.env}/${x.id}`).join(", ")}`);
    return s;
  };
  return { dir, result, stacks, stack };
}
