import { describe, expect, it } from "vitest";
import { configSchema } from "../../config/schema/app.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../../terraform/render.js";
import { RULES } from "./catalogue.js";
import { type Fixture, RULE_CASES } from "./rules.cases.js";
import { runChecks } from "./run.js";

function findings(f: Fixture) {
  configSchema.parse(f.config);
  const model = resolveModel(f.config);
  const env = f.model ? f.model(model.environments[0]!) : model.environments[0]!;
  const stacks = renderStacks({ ...model, environments: [env] });
  return runChecks(env, f.stacks ? f.stacks(stacks) : stacks);
}

describe("the rule catalogue", () => {
  it("has at least 50 rules, each with an id, severity, why, fix and config path", () => {
    expect(RULES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^BERTH\d{3}$/);
      expect(
        [r.title, r.why, r.fix, r.configPath].every((s) => s.length > 3),
        r.id,
      ).toBe(true);
      if (r.checkov) expect(r.checkov).toMatch(/^CKV2?_AWS_\d+$/);
      if (r.trivy) expect(r.trivy).toMatch(/^AVD-AWS-\d{4}$/);
    }
  });

  it("has a failing and a passing fixture for every rule", () => {
    expect(RULE_CASES.map((c) => c.rule).sort()).toEqual(RULES.map((r) => r.id));
  });

  it("the clean fixture passes every rule", () => {
    expect(findings(RULE_CASES[0]!.pass).map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });

  describe.each(RULE_CASES.map((c) => [c.rule, c] as const))("%s", (id, c) => {
    it("fires on its failing fixture, with a location in the rendered Terraform", () => {
      const hits = findings(c.fail).filter((f) => f.rule === id);
      expect(hits.length).toBeGreaterThan(0);
      for (const h of hits) expect(h.location?.file).toMatch(/^prod\/us-east-1\/[a-z0-9-]+\/[a-z0-9_-]+\.tf$/);
    });
    it("stays quiet on its passing fixture", () => {
      expect(findings(c.pass).filter((f) => f.rule === id)).toEqual([]);
    });
  });
});
