/**
 * Property tests: whatever the config, berth answers with a result or a `ConfigError` whose every issue
 * names where it is (a config path, or a line for a syntax error) — never a crash ("internal error",
 * exit 1) or a stack trace. Inputs: values derived from the config's JSON Schema, random mutations of
 * every example, and YAML text with a character changed.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { configJsonSchema } from "../../src/config/json-schema.js";
import { loadConfig } from "../../src/config/load.js";
import { ConfigError, type ConfigIssue, UsageError } from "../../src/errors.js";
import { EXAMPLES_DIR, exampleNames } from "../support/examples.js";
import { runPipeline } from "./pipeline.js";
import { fromSchema, mutate, mutation } from "./schema-arbitrary.js";

function expectLocated(issues: readonly ConfigIssue[], raw: unknown): void {
  const rootIsObject = typeof raw === "object" && raw !== null && !Array.isArray(raw);
  for (const i of issues) {
    expect(Array.isArray(i.path)).toBe(true);
    // Only a problem with the whole config (not an object, an unknown top-level key) sits at the root.
    if (i.path.length === 0 && rootIsObject) expect(i.message).toMatch(/unknown key|declare at least one environment|invalid YAML|syntax error/);
    expect(i.message).not.toMatch(/Cannot read|is not a function|undefined \(reading|\bat .*\.js:\d+/);
  }
}

function check(raw: unknown): void {
  const out = runPipeline(raw);
  if (!out.ok) expectLocated(out.error.issues, raw);
}

let examples: { name: string; config: unknown }[] = [];
beforeAll(async () => {
  examples = await Promise.all(
    exampleNames().map(async (name) => ({ name, config: (await loadConfig({ config: join(EXAMPLES_DIR, name, "berth.config.ts") })).config })),
  );
});

describe("berth never crashes on a config", () => {
  it("derived from the schema, shaped as it allows", () => {
    fc.assert(fc.property(fromSchema(configJsonSchema(), 0), check), { numRuns: 300 });
  });

  it("derived from the schema, with wrong values and special keys mixed in", () => {
    fc.assert(fc.property(fromSchema(configJsonSchema(), 1), check), { numRuns: 300 });
  });

  it("made by mutating an example", () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (pick, ms) => {
        const example = examples[pick % examples.length];
        check(mutate(example?.config, ms));
      }),
      { numRuns: 300 },
    );
  });

  it("written as YAML with one character changed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-prop-"));
    const file = join(dir, "berth.yaml");
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.constantFrom(":", " ", "\n", "-", "{", "[", '"', "'", "#", "&", "*", "", "\t"), async (pick, at, ch) => {
        const text = stringify(examples[pick % examples.length]?.config);
        const i = at % text.length;
        writeFileSync(file, text.slice(0, i) + ch + text.slice(i + 1));
        try {
          await loadConfig({ config: file });
        } catch (e) {
          if (e instanceof UsageError) return;
          expect(e).toBeInstanceOf(ConfigError);
          const issues = (e as ConfigError).issues;
          for (const i of issues) if (i.path.length === 0) expect(i.line, i.message).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150 },
    );
  });
});
