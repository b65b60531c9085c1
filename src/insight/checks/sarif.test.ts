/** SARIF output validates against the SARIF 2.1.0 JSON Schema (test/fixtures/sarif, draft-04, checked with Ajv). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ajvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../../terraform/render.js";
import { RULES } from "./catalogue.js";
import { clean } from "./rules.cases.js";
import { runChecks } from "./run.js";
import { toSarif } from "./sarif.js";

const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "..", "test", "fixtures", "sarif", "sarif-2.1.0-rtm.5.json"), "utf8")) as object;

function sarifOf(config: ReturnType<typeof clean>) {
  const model = resolveModel(config);
  const env = model.environments[0]!;
  const findings = runChecks(env, renderStacks(model));
  return {
    findings,
    sarif: toSarif(RULES, findings, "0.1.0") as { runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[] },
  };
}

describe("toSarif", () => {
  const validate = new ajvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false, logger: false }).compile(SCHEMA);

  it("is valid SARIF 2.1.0 with the catalogue in runs[0].tool.driver.rules and located, suppressed results", () => {
    const config = clean();
    delete config.environments.prod!.domain;
    config.services.web!.readonlyRootFilesystem = false;
    config.environments.prod!.checks = { suppress: [{ rule: "BERTH045", reason: "the framework writes its cache beside the code" }] };
    const { findings, sarif } = sarifOf(config);
    expect(findings.length).toBeGreaterThan(1);
    const valid = validate(sarif);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(valid).toBe(true);
    expect(sarif.runs[0]!.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const http = sarif.runs[0]!.results.find((r) => r.ruleId === "BERTH001")!;
    expect(http).toMatchObject({
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "prod/us-east-1/platform/load-balancers.tf", uriBaseId: "OUTDIR" } } }],
    });
    const accepted = sarif.runs[0]!.results.find((r) => r.ruleId === "BERTH045")!;
    expect(accepted.suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification: "the framework writes its cache beside the code",
        location: { message: { text: "environments.prod.checks.suppress[0]" } },
      },
    ]);
  });

  it("the schema does reject a malformed log (the check can fail)", () => {
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
  });
});
