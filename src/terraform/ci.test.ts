/** The ci stack's HCL: Jenkins trust, and the stack's outputs (the GitHub trust and policies are checked from plan.json in test/e2e/ci-roles.test.ts). */
import { describe, expect, it } from "vitest";
import { resolveModel } from "../model/resolve.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { findBlock, jsonAttr } from "../../test/support/hcl-query.js";
import { renderStacks, stackFiles } from "./render.js";

describe("the ci stack", () => {
  it("trusts the Jenkins principal with sts:AssumeRole, creates no OIDC provider, and outputs both role ARNs", () => {
    const principal = "arn:aws:iam::333333333333:role/jenkins-agent";
    const model = resolveModel({
      project: "shop",
      ci: { jenkins: { principal } },
      services: { api: { port: 80 } },
      environments: { prod: { tier: "prod", region: "us-east-1", account: "222222222222" } },
    });
    const stack = renderStacks(model).find((s) => s.id === "ci")!;
    const files = Object.fromEntries(stackFiles(stack));
    expect(files["ci.tf"]).not.toContain("aws_iam_openid_connect_provider");
    expect(files["ci.tf"]!.match(/Action = "sts:AssumeRole"\n\s+Principal = \{\n\s+AWS = "arn:aws:iam::333333333333:role\/jenkins-agent"/g)).toHaveLength(2);
    expect(files["outputs.tf"]).toContain('output "plan_role_arn"');
    expect(files["outputs.tf"]).toContain('output "deploy_role_arn"');
    expect(stack.dependsOn).toEqual([]);
  });

  it("lets the deploy role start and follow exactly the CodeDeploy deployments of blue/green services", () => {
    const model = resolveModel({
      project: "shop",
      ci: { jenkins: { principal: "arn:aws:iam::333333333333:role/jenkins-agent" } },
      loadBalancers: { public: {} },
      services: { api: { port: 80, routes: [{ loadBalancer: "public" }], deployment: { strategy: "blue-green" } }, web: { port: 80 } },
      environments: { prod: { tier: "prod", region: "us-east-1", account: "222222222222" } },
    });
    const ci = Object.fromEntries(stackFiles(renderStacks(model).find((s) => s.id === "ci")!))["ci.tf"]!;
    expect(ci).toContain('"arn:aws:codedeploy:us-east-1:222222222222:deploymentgroup:shop-prod-api/shop-prod-api"');
    expect(ci).toContain('"arn:aws:codedeploy:us-east-1:222222222222:application:shop-prod-api"');
    expect(ci).toContain('"arn:aws:codedeploy:us-east-1:222222222222:deploymentconfig:CodeDeployDefault.ECSAllAtOnce"');
    expect(ci).not.toContain("shop-prod-web/");
  });

  it("lets the deploy role roll the services and write the service state of every recovery region, and push to the primary's repositories only", () => {
    const model = resolveModel({
      project: "shop",
      ci: { jenkins: { principal: "arn:aws:iam::333333333333:role/jenkins-agent" } },
      services: { api: { port: 80 } },
      environments: {
        prod: {
          tier: "prod",
          region: "us-east-1",
          account: "222222222222",
          recovery: [
            { region: "us-west-2", network: { cidr: "10.1.0.0/16" }, routing: "latency" },
            { region: "eu-west-1", network: { cidr: "10.2.0.0/16" } },
          ],
        },
      },
    });
    const stack = renderStacks(model).find((s) => s.id === "ci")!;
    const policy = (key: string) =>
      Object.fromEntries(
        (jsonAttr(findBlock(stack, "resource", "aws_iam_role_policy", key), "policy") as { Statement: { Sid: string; Resource: unknown }[] }).Statement.map(
          (st) => [st.Sid, st.Resource],
        ),
      );
    const deploy = policy("deploy");
    expect(deploy.UpdateServices).toEqual([
      "arn:aws:ecs:us-east-1:222222222222:service/shop-prod-cluster/shop-prod-api",
      "arn:aws:ecs:us-west-2:222222222222:service/shop-prod-cluster/shop-prod-api",
      "arn:aws:ecs:eu-west-1:222222222222:service/shop-prod-cluster/shop-prod-api",
    ]);
    expect(deploy.PassTaskRoles).toEqual(
      expect.arrayContaining(["arn:aws:iam::222222222222:role/shop-prod-api-task-usw2", "arn:aws:iam::222222222222:role/shop-prod-api-exec-euw1"]),
    );
    expect(deploy.WriteState).toEqual(expect.arrayContaining(["arn:aws:s3:::shop-terraform-state-222222222222/shop/prod/eu-west-1/service-*"]));
    expect(deploy.PushImages).toEqual(["arn:aws:ecr:us-east-1:222222222222:repository/shop-prod-api"]);
    expect(policy("plan").ReadState).toEqual([
      "arn:aws:s3:::shop-terraform-state-222222222222/shop/prod/us-east-1/*",
      "arn:aws:s3:::shop-terraform-state-222222222222/shop/prod/us-west-2/*",
      "arn:aws:s3:::shop-terraform-state-222222222222/shop/prod/eu-west-1/*",
    ]);
  });

  it("uses only attributes and blocks the aws provider knows (GitHub and Jenkins trust)", async () => {
    const schema = await awsProviderSchema();
    const envs = { staging: { tier: "staging" as const, region: "eu-west-1", account: "222222222222" } };
    const stacks = [
      resolveModel({ project: "shop", ci: { github: { repository: "acme/shop" } }, services: { api: { port: 80 } }, environments: envs }),
      resolveModel({
        project: "shop",
        ci: { jenkins: { principal: "arn:aws:iam::333333333333:role/j" } },
        services: { api: { port: 80 } },
        environments: envs,
      }),
    ].flatMap((m) => renderStacks(m).filter((s) => s.id === "ci"));
    expect(stacks).toHaveLength(2);
    expect(stacks.flatMap((s) => checkAgainstSchema(s.files, schema))).toEqual([]);
  }, 600_000);
});
