/** A blue/green deploy's CodeDeploy calls against a fake `aws` that records its arguments and plays a deployment's life. */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AwsCli } from "./aws-cli.js";
import { aliasVersion, ecsAppSpec, ecsTraffic, followDeployment, lambdaAppSpec, lambdaTraffic, startDeployment, stopCommand } from "./codedeploy.js";

/** A fake `aws`: logs each call's arguments; `get-deployment` answers the next status of `statuses`, `get-deployment-target` the next weight. */
function fakeAws(scenario: { statuses: string[]; weights?: number[]; error?: string; rollback?: string }): { cli: AwsCli; calls: () => string[][] } {
  const dir = mkdtempSync(join(tmpdir(), "berth-fake-aws-"));
  writeFileSync(join(dir, "scenario.json"), JSON.stringify(scenario));
  const script = join(dir, "aws");
  writeFileSync(
    script,
    `#!/usr/bin/env node
const fs = require("node:fs"), path = require("node:path");
const dir = ${JSON.stringify(dir)};
const args = process.argv.slice(2);
fs.appendFileSync(path.join(dir, "calls.log"), JSON.stringify(args) + "\\n");
const s = JSON.parse(fs.readFileSync(path.join(dir, "scenario.json"), "utf8"));
const next = (name, list) => { const f = path.join(dir, name); const n = fs.existsSync(f) ? Number(fs.readFileSync(f, "utf8")) : 0; fs.writeFileSync(f, String(n + 1)); return list[Math.min(n, list.length - 1)]; };
if (args[1] === "create-deployment") console.log(JSON.stringify({ deploymentId: "d-ABC123" }));
else if (args[1] === "get-deployment") {
  const status = next("status", s.statuses);
  const info = { status };
  if (status === "Failed" || status === "Stopped") { if (s.error) info.errorInformation = { message: s.error }; if (s.rollback) info.rollbackInfo = { rollbackDeploymentId: s.rollback }; }
  console.log(JSON.stringify({ deploymentInfo: info }));
} else if (args[1] === "get-deployment-target") {
  const w = next("weight", s.weights || [0]);
  console.log(JSON.stringify({ deploymentTarget: { ecsTarget: { taskSetsInfo: [{ taskSetLabel: "Blue", trafficWeight: 100 - w }, { taskSetLabel: "Green", trafficWeight: w }] } } }));
} else if (args[0] === "lambda" && args[1] === "get-alias") {
  const w = next("weight", s.weights || [0]);
  console.log(JSON.stringify(w >= 100 ? { FunctionVersion: "8" } : { FunctionVersion: "7", RoutingConfig: { AdditionalVersionWeights: { "8": w / 100 } } }));
} else { console.error("unexpected call " + args.join(" ")); process.exit(2); }
`,
  );
  chmodSync(script, 0o755);
  return {
    cli: { binary: script, env: process.env },
    calls: () =>
      readFileSync(join(dir, "calls.log"), "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as string[]),
  };
}

describe("a blue/green deployment through CodeDeploy", () => {
  it("starts with an ECS AppSpec naming the new task definition, its container and port", async () => {
    const aws = fakeAws({ statuses: ["Succeeded"] });
    const appSpec = ecsAppSpec({ taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/shop-prod-api:7", container: "api", port: 8080 });
    const id = await startDeployment(aws.cli, "eu-west-1", {
      application: "shop-prod-api",
      deploymentGroup: "shop-prod-api",
      appSpec,
      description: "berth deploy 1.4.2",
    });
    expect(id).toBe("d-ABC123");
    const [call] = aws.calls();
    expect(call!.slice(0, 8)).toEqual([
      "deploy",
      "create-deployment",
      "--application-name",
      "shop-prod-api",
      "--deployment-group-name",
      "shop-prod-api",
      "--description",
      "berth deploy 1.4.2",
    ]);
    expect(call!.slice(-4)).toEqual(["--output", "json", "--region", "eu-west-1"]);
    const revision = JSON.parse(call![9]!) as { revisionType: string; appSpecContent: { content: string } };
    expect(revision.revisionType).toBe("AppSpecContent");
    expect(JSON.parse(revision.appSpecContent.content)).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: "AWS::ECS::Service",
            Properties: {
              TaskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/shop-prod-api:7",
              LoadBalancerInfo: { ContainerName: "api", ContainerPort: 8080 },
            },
          },
        },
      ],
    });
    expect(stopCommand(id, "eu-west-1")).toBe("aws deploy stop-deployment --deployment-id d-ABC123 --auto-rollback-enabled --region eu-west-1");
  });

  it("reports each status and each step of the traffic shift until it succeeds", async () => {
    const aws = fakeAws({ statuses: ["Created", "InProgress", "InProgress", "InProgress", "Succeeded"], weights: [0, 20, 100] });
    const messages: string[] = [];
    const outcome = await followDeployment(aws.cli, "eu-west-1", "d-ABC123", {
      report: (m) => messages.push(m),
      trafficOf: () => ecsTraffic(aws.cli, "eu-west-1", "d-ABC123", "shop-prod:shop-prod-api"),
      pollMs: 1,
      timeoutMs: 60_000,
    });
    expect(outcome).toEqual({ deploymentId: "d-ABC123", state: "succeeded" });
    expect(messages).toEqual([
      "d-ABC123: Created",
      "d-ABC123: 0 % of production traffic on the new tasks",
      "d-ABC123: InProgress",
      "d-ABC123: 20 % of production traffic on the new tasks",
      "d-ABC123: 100 % of production traffic on the new tasks",
      "d-ABC123: Succeeded",
    ]);
    expect(aws.calls().find((c) => c[1] === "get-deployment-target")).toEqual(
      expect.arrayContaining(["--deployment-id", "d-ABC123", "--target-id", "shop-prod:shop-prod-api"]),
    );
  });

  it("reports a failure with CodeDeploy's reason and its rollback, and stops waiting at the timeout", async () => {
    const failed = fakeAws({
      statuses: ["InProgress", "Failed"],
      error: "The deployment was stopped because alarm shop-prod-api-http5xx fired",
      rollback: "d-ROLLBACK",
    });
    expect(await followDeployment(failed.cli, "eu-west-1", "d-ABC123", { report: () => {}, pollMs: 1, timeoutMs: 60_000 })).toEqual({
      deploymentId: "d-ABC123",
      state: "failed",
      rollback: "d-ROLLBACK",
      reason: "The deployment was stopped because alarm shop-prod-api-http5xx fired",
    });
    const slow = fakeAws({ statuses: ["InProgress"] });
    expect(await followDeployment(slow.cli, "eu-west-1", "d-ABC123", { report: () => {}, pollMs: 5, timeoutMs: 20 })).toEqual({
      deploymentId: "d-ABC123",
      state: "in progress",
    });
  });
});

describe("a blue/green function deployment", () => {
  it("moves the alias from its current version to the published one, and reports the weight on the new version", async () => {
    expect(JSON.parse(lambdaAppSpec({ functionName: "shop-prod-thumbs", alias: "live", current: "7", target: "8" }))).toEqual({
      version: 0,
      Resources: [
        {
          "shop-prod-thumbs": {
            Type: "AWS::Lambda::Function",
            Properties: { Name: "shop-prod-thumbs", Alias: "live", CurrentVersion: "7", TargetVersion: "8" },
          },
        },
      ],
    });
    const aws = fakeAws({ statuses: ["Succeeded"], weights: [0, 10, 100] });
    expect(await aliasVersion(aws.cli, "eu-west-1", "shop-prod-thumbs", "live")).toEqual({ version: "7", weights: { "8": 0 } });
    expect(await lambdaTraffic(aws.cli, "eu-west-1", "shop-prod-thumbs", "live", "8")).toBe("10 % of live's traffic on version 8");
    expect(await lambdaTraffic(aws.cli, "eu-west-1", "shop-prod-thumbs", "live", "8")).toBe("100 % of live's traffic on version 8");
    expect(aws.calls()[0]!.slice(0, 6)).toEqual(["lambda", "get-alias", "--function-name", "shop-prod-thumbs", "--name", "live"]);
  });
});
