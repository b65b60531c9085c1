/** FireLens in the task definition: the log router container, the awsfirelens driver of the service's and its sidecars' containers, secret options read by the execution role. */
import { describe, expect, it } from "vitest";
import { findBlock, jsonAttr, nested, attrValue } from "../../../test/support/hcl-query.js";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../render.js";

const stack = renderStacks(
  resolveModel(
    validateConfig({
      project: "shop",
      services: {
        api: {
          port: 8080,
          sidecars: { agent: { image: "agent:1" } },
          firelens: {
            options: { Name: "datadog", Host: "http-intake.logs.datadoghq.eu", TLS: "on" },
            secretOptions: { apikey: { secretsManager: "datadog/api-key" } },
            metadata: false,
          },
        },
      },
      environments: { prod: { tier: "prod", region: "eu-west-1", account: "111122223333" } },
    }),
  ),
).find((s) => s.id === "service-api")!;
const task = findBlock(stack, "resource", "aws_ecs_task_definition", "this");
const containers = jsonAttr(task, "container_definitions") as Record<string, unknown>[];

describe("FireLens in the task definition", () => {
  it("adds the Fluent Bit log router last, logging itself to the service's log group", () => {
    expect(containers.map((c) => c.name)).toEqual(["api", "agent", "log_router"]);
    expect(containers[2]).toEqual({
      name: "log_router",
      image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
      essential: true,
      memoryReservation: 50,
      firelensConfiguration: { type: "fluentbit", options: { "enable-ecs-log-metadata": "false" } },
      readonlyRootFilesystem: true,
      mountPoints: [{ sourceVolume: "tmp-log-router", containerPath: "/tmp", readOnly: false }],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": { raw: "aws_cloudwatch_log_group.this.name" }, "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "firelens" },
      },
    });
    expect(nested(task, "volume").map((v) => attrValue(v, "name"))).toContain("tmp-log-router");
  });

  it("sends the service's and the sidecars' logs through it, with the secret option by ARN", () => {
    const firelens = {
      logDriver: "awsfirelens",
      options: { Name: "datadog", Host: "http-intake.logs.datadoghq.eu", TLS: "on" },
      secretOptions: [{ name: "apikey", valueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:datadog/api-key" }],
    };
    expect(containers[0]!.logConfiguration).toEqual(firelens);
    expect(containers[1]!.logConfiguration).toEqual(firelens);
  });

  it("lets the execution role read the secret option", () => {
    const policy = jsonAttr(findBlock(stack, "resource", "aws_iam_role_policy", "task_exec_secrets"), "policy") as { Statement: { Resource: unknown }[] };
    expect(policy.Statement[0]!.Resource).toEqual(["arn:aws:secretsmanager:eu-west-1:111122223333:secret:datadog/api-key-*"]);
  });
});
