/** An environment's account and role: how they reach the model, its providers, its state backend, and the rules with their fixes. */
import { describe, expect, it } from "vitest";
import { modelErrors } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { renderStacks, stackFiles } from "../terraform/render.js";
import { resolveModel } from "./resolve.js";

type Raw = Record<string, unknown>;
const config = (prod: Raw, extra: Raw = {}): Raw => ({
  project: "sarc-ng",
  services: { api: { port: 8080 } },
  environments: { dev: { tier: "dev", region: "us-east-1" }, prod: { tier: "prod", region: "us-east-1", ...prod } },
  ...extra,
});
const envOf = (raw: Raw, name = "prod") => resolveModel(validateConfig(raw)).environments.find((e) => e.name === name)!;

describe("an environment's account", () => {
  it("builds the role's ARN in the account, with a session name that says berth, project and environment", () => {
    const env = envOf(config({ account: { id: "333333333333", role: "berth-deployer", externalId: "sarc-ng-ci" } }));
    expect(env.account).toBe("333333333333");
    expect(env.role).toEqual({ arn: "arn:aws:iam::333333333333:role/berth-deployer", sessionName: "berth-sarc-ng-prod", externalId: "sarc-ng-ci" });
    for (const plan of env.stacks) {
      expect(plan.providers).toEqual([expect.objectContaining({ account: "333333333333", role: env.role })]);
      expect(plan.backend).toMatchObject({ bucket: "sarc-ng-terraform-state-333333333333", role: env.role });
    }
  });

  it("keeps a role ARN with a path as given, and an account given as an id binds the providers without a role", () => {
    const arn = "arn:aws:iam::333333333333:role/ci/berth-deployer";
    expect(envOf(config({ account: { id: "333333333333", role: arn } })).role?.arn).toBe(arn);
    const env = envOf(config({ account: "333333333333" }));
    expect(env.role).toBeUndefined();
    expect(env.stacks[0]!.providers[0]).toMatchObject({ account: "333333333333", role: undefined });
  });

  it("keeps one state bucket per project for environments without an account, and per-environment state overrides win", () => {
    const raw = config({ account: "333333333333", state: { bucket: "sarc-ng-prod-state", keyPrefix: "sarc" } }, { state: { lockTable: "locks" } });
    expect(envOf(raw, "dev").state).toMatchObject({ bucket: "sarc-ng-terraform-state", keyPrefix: "sarc-ng/dev/us-east-1", lockTable: "locks" });
    expect(envOf(raw).state).toMatchObject({ bucket: "sarc-ng-prod-state", keyPrefix: "sarc/prod/us-east-1", lockTable: "locks" });
  });

  it("refuses a role ARN in another account, an external id without a role, and an id that is not 12 digits — each with its path", () => {
    expect(modelErrors(config({ account: { id: "333333333333", role: "arn:aws:iam::444444444444:role/deployer" } }))).toEqual([
      "environments.prod.account.role: the role arn:aws:iam::444444444444:role/deployer is in account 444444444444, not in the environment's account 333333333333",
    ]);
    expect(modelErrors(config({ account: { id: "333333333333", externalId: "x-1" } }))).toEqual([
      "environments.prod.account.externalId: an external id is only used when assuming a role, and no role is given",
    ]);
    expect(() => validateConfig(config({ account: "33333" }))).toThrow(/environments\.prod\.account/);
  });

  it("renders allowed_account_ids and assume_role on the provider, and assume_role on the S3 backend", () => {
    const model = resolveModel(validateConfig(config({ account: { id: "333333333333", role: "berth-deployer" } })));
    const network = renderStacks(model).find((s) => s.path === "prod/us-east-1/network")!;
    const files = Object.fromEntries(stackFiles(network));
    expect(files["providers.tf"]).toContain(
      [
        'provider "aws" {',
        '  region              = "us-east-1"',
        '  allowed_account_ids = ["333333333333"]',
        "",
        "  assume_role {",
        '    role_arn     = "arn:aws:iam::333333333333:role/berth-deployer"',
        '    session_name = "berth-sarc-ng-prod"',
        "  }",
      ].join("\n"),
    );
    expect(files["backend.tf"]).toContain(
      [
        "    assume_role = {",
        '      role_arn     = "arn:aws:iam::333333333333:role/berth-deployer"',
        '      session_name = "berth-sarc-ng-prod"',
        "    }",
      ].join("\n"),
    );
    const dev = Object.fromEntries(stackFiles(renderStacks(model).find((s) => s.path === "dev/us-east-1/network")!));
    expect(dev["providers.tf"]).not.toMatch(/assume_role|allowed_account_ids/);
  });
});
