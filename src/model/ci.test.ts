/** CI roles in the model: one OIDC provider per account, the account required, one CI system. */
import { describe, expect, it } from "vitest";
import type { BerthConfig } from "../config/schema/app.js";
import { resolveModel } from "./resolve.js";

const base: BerthConfig = {
  project: "shop",
  ci: { github: { repository: "acme/shop" } },
  services: { api: { port: 8080 } },
  environments: {
    dev: { tier: "dev", region: "eu-west-1", account: "111111111111" },
    staging: { tier: "staging", region: "eu-west-1", account: "222222222222" },
    prod: { tier: "prod", region: "eu-west-1", account: "222222222222" },
    qa: { tier: "staging", region: "eu-west-1", account: "222222222222" },
  },
};

describe("CI roles", () => {
  it("name the roles per environment and let the first environment of each account, in promotion order, create the OIDC provider", () => {
    const model = resolveModel(base);
    const ci = Object.fromEntries(model.environments.map((e) => [e.name, e.ci]));
    expect(ci.prod).toEqual({
      planRole: "shop-prod-ci-plan",
      deployRole: "shop-prod-ci-deploy",
      trust: { kind: "github", repository: "acme/shop", branch: "main", createsProvider: false },
    });
    expect(Object.entries(ci).map(([name, c]) => [name, c?.trust.kind === "github" && c.trust.createsProvider])).toEqual([
      ["dev", true],
      ["prod", false],
      ["qa", true],
      ["staging", false],
    ]);
    expect(model.environments.every((e) => e.stacks.some((s) => s.id === "ci" && s.kind === "ci"))).toBe(true);
  });

  it("trust a Jenkins principal instead", () => {
    const principal = "arn:aws:iam::333333333333:role/jenkins-agent";
    const model = resolveModel({ ...base, ci: { jenkins: { principal } } });
    expect(model.environments[0]!.ci!.trust).toEqual({ kind: "jenkins", principal });
  });

  it("make no ci stack without a CI identity to trust", () => {
    const model = resolveModel({ ...base, ci: { approvers: "oncall", jenkins: {} } });
    expect(model.environments.map((e) => e.ci)).toEqual([null, null, null, null]);
    expect(model.environments.some((e) => e.stacks.some((s) => s.id === "ci"))).toBe(false);
  });

  it("require the account of every environment, and one CI system", () => {
    const { account: _, ...prod } = base.environments.prod!;
    expect(() => resolveModel({ ...base, environments: { ...base.environments, prod } })).toThrow(
      /environments\.prod\.account: is required with ci\.github or ci\.jenkins\.principal/,
    );
    expect(() => resolveModel({ ...base, ci: { github: { repository: "acme/shop" }, jenkins: { principal: "arn:aws:iam::333333333333:role/j" } } })).toThrow(
      /ci: names both github and jenkins\.principal/,
    );
  });
});
