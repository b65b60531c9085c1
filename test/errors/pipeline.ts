/** Runs a raw config through the whole pipeline as the CLI does (validate, resolve, render, print), reporting the outcome. */
import { validateConfig } from "../../src/config/validate.js";
import { ConfigError } from "../../src/errors.js";
import { resolveModel, withModelIssues } from "../../src/model/resolve.js";
import { renderStacks, stackFiles } from "../../src/terraform/render.js";

export type Outcome = { ok: true; files: Map<string, string> } | { ok: false; error: ConfigError };

/** Throws anything that is not a `ConfigError`: that would be a crash ("internal error") in the CLI. */
export function runPipeline(raw: unknown): Outcome {
  try {
    let config;
    try {
      config = validateConfig(raw, "berth.yaml");
    } catch (e) {
      throw e instanceof ConfigError ? withModelIssues(e, { file: "berth.yaml" }) : e;
    }
    const model = resolveModel(config, { file: "berth.yaml" });
    const files = new Map<string, string>();
    for (const stack of renderStacks(model)) for (const [name, text] of stackFiles(stack)) files.set(`${stack.path}/${name}`, text);
    return { ok: true, files };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, error: e };
    throw e;
  }
}
