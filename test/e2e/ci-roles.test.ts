/**
 * The CI roles from `plan.json` of an offline plan (real terraform and AWS provider): the deploy role
 * reaches only this environment's repositories, services, task roles and state; the trust is limited to
 * the repository and, for deploys, to the job's GitHub environment; one OIDC provider per account.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PlanJson, readPlan, resource, resources } from "../support/plan-json.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const CONFIG = "test/fixtures/ci/berth.yaml";
const ENVS = { dev: "111111111111", staging: "222222222222", prod: "222222222222" } as const;

type Statement = {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string>;
  Condition?: Record<string, Record<string, unknown>>;
};
const statements = (r: { values: Record<string, unknown> }, attribute: string): Statement[] =>
  (JSON.parse(r.values[attribute] as string) as { Statement: Statement[] }).Statement;
const list = (v: string | string[] | undefined) => (v === undefined ? [] : typeof v === "string" ? [v] : v);

let out: string;
const plans: Record<string, PlanJson> = {};

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "berth-ci-roles-"));
  const r = spawnSync(process.execPath, [BIN, "plan", "--offline", "--config", CONFIG, "--out", out, "--stack", "ci"], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  for (const env of Object.keys(ENVS)) plans[env] = readPlan(join(out, env, "eu-west-1", "ci", "plan.json"));
}, 300_000);

describe("the ci stack's roles", () => {
  it("create GitHub's OIDC provider once per account: in dev's account and in staging's, which prod shares", () => {
    expect(Object.fromEntries(Object.entries(plans).map(([env, p]) => [env, resources(p, "aws_iam_openid_connect_provider").length]))).toEqual({
      dev: 1,
      staging: 1,
      prod: 0,
    });
    expect(resource(plans.staging!, "aws_iam_openid_connect_provider", "github").values).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  it("trust only the repository: deploys from the job's GitHub environment, plans also from the branch and (outside prod) pull requests", () => {
    for (const [env, account] of Object.entries(ENVS)) {
      const plan = plans[env]!;
      for (const key of ["plan", "deploy"]) {
        const [trust, ...rest] = statements(resource(plan, "aws_iam_role", key), "assume_role_policy");
        expect(rest).toEqual([]);
        expect(trust!.Action).toBe("sts:AssumeRoleWithWebIdentity");
        expect(trust!.Principal).toEqual({ Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` });
        const subjects = trust!.Condition!.StringEquals!["token.actions.githubusercontent.com:sub"];
        expect(trust!.Condition!.StringEquals!["token.actions.githubusercontent.com:aud"]).toBe("sts.amazonaws.com");
        expect(Object.keys(trust!.Condition!)).toEqual(["StringEquals"]);
        if (key === "deploy") expect(subjects).toEqual([`repo:acme/shop:environment:${env}`]);
        else
          expect(subjects).toEqual([
            `repo:acme/shop:environment:${env}`,
            ...(env === "prod" ? [] : ["repo:acme/shop:pull_request"]),
            "repo:acme/shop:ref:refs/heads/main",
          ]);
      }
    }
  });

  it("let the deploy role push to, roll and pass roles of this environment's services only", () => {
    for (const [env, account] of Object.entries(ENVS)) {
      const deploy = statements(resource(plans[env]!, "aws_iam_role_policy", "deploy"), "policy");
      const bySid = Object.fromEntries(deploy.map((s) => [s.Sid, s]));
      expect(list(bySid.PushImages!.Resource)).toEqual([
        `arn:aws:ecr:eu-west-1:${account}:repository/shop-${env}-api`,
        `arn:aws:ecr:eu-west-1:${account}:repository/shop-${env}-web`,
      ]);
      expect(list(bySid.UpdateServices!.Resource)).toEqual(
        ["api", "proxy", "web"].map((s) => `arn:aws:ecs:eu-west-1:${account}:service/shop-${env}-cluster/shop-${env}-${s}`),
      );
      expect(list(bySid.PassTaskRoles!.Resource)).toEqual(
        ["api", "proxy", "web"].flatMap((s) => [`arn:aws:iam::${account}:role/shop-${env}-${s}-exec`, `arn:aws:iam::${account}:role/shop-${env}-${s}-task`]),
      );
      expect(bySid.PassTaskRoles!.Condition).toEqual({ StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } });
      expect(list(bySid.WriteState!.Resource)).toEqual([
        // Each account keeps its own state bucket.
        `arn:aws:s3:::shop-terraform-state-${account}/shop/${env}/eu-west-1/*.tflock`,
        `arn:aws:s3:::shop-terraform-state-${account}/shop/${env}/eu-west-1/service-*`,
      ]);
      // "*" only where the action takes no resource.
      const wildcard = deploy.filter((s) => list(s.Resource).includes("*")).flatMap((s) => list(s.Action));
      expect(wildcard.sort()).toEqual(["ecr:GetAuthorizationToken", "ecs:DeregisterTaskDefinition", "ecs:RegisterTaskDefinition"]);
      // Nothing of another environment or account.
      const text = JSON.stringify(deploy);
      for (const other of Object.keys(ENVS).filter((e) => e !== env)) expect(text).not.toContain(`shop-${other}`);
      expect(text.match(/\d{12}/g)?.every((a) => a === account)).toBe(true);
      expect(resource(plans[env]!, "aws_iam_role_policy_attachment", "deploy_read_only").values.policy_arn).toBe("arn:aws:iam::aws:policy/ReadOnlyAccess");
    }
  });

  it("let the plan role write nothing but lock files", () => {
    const plan = statements(resource(plans.prod!, "aws_iam_role_policy", "plan"), "policy");
    const writes = plan.filter((s) => list(s.Action).some((a) => /Put|Delete/.test(a)));
    expect(writes.map((s) => [s.Sid, list(s.Resource)])).toEqual([
      ["WriteState", ["arn:aws:s3:::shop-terraform-state-222222222222/shop/prod/eu-west-1/*.tflock"]],
      ["LockTable", ["arn:aws:dynamodb:eu-west-1:222222222222:table/shop-terraform-locks"]],
    ]);
    expect(JSON.stringify(plan)).not.toMatch(/ecr:|ecs:|iam:/);
  });
});
