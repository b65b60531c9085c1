/** Sidecars in the service stack: their container definitions beside the service's, the start order, the secrets the execution role reads. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { attrValue, findBlock, jsonAttr, nested } from "../../../test/support/hcl-query.js";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks, stackFiles } from "../render.js";
import type { Stack } from "../stack.js";

type Container = Record<string, unknown> & { name: string };

const config = {
  project: "shop",
  loadBalancers: { public: {} },
  secrets: { "agent-key": {} },
  services: {
    api: {
      port: 8080,
      cpu: 512,
      memory: 1024,
      routes: [{ loadBalancer: "public" }],
      dependsOn: { envoy: "HEALTHY" },
      secrets: { TOKEN: { ssm: "/shop/token" } },
      sidecars: {
        envoy: {
          image: "envoyproxy/envoy:v1.31",
          port: 9901,
          cpu: 128,
          memory: 256,
          healthCheck: { command: ["CMD-SHELL", "curl -f localhost:9901/ready"], interval: "10 seconds" },
        },
        agent: {
          image: "datadog/agent:7",
          essential: false,
          environment: { DD_SITE: "datadoghq.eu" },
          secrets: { DD_API_KEY: { secret: "agent-key" }, LICENSE: { secretsManager: "vendor/license", key: "key" } },
          dependsOn: { envoy: "START" },
        },
      },
    },
  },
  environments: { prod: { tier: "prod", region: "eu-west-1", account: "111122223333" } },
};

let stack: Stack;
let containers: Container[];
beforeAll(() => {
  stack = renderStacks(resolveModel(validateConfig(config))).find((s) => s.id === "service-api")!;
  const task = findBlock(stack.files, "resource", "aws_ecs_task_definition", "this");
  containers = jsonAttr(task, "container_definitions") as Container[];
});

describe("sidecars in the task definition", () => {
  it("follow the service's container, which waits for envoy to be healthy", () => {
    expect(containers.map((c) => c.name)).toEqual(["api", "agent", "envoy"]);
    expect(containers[0]!.dependsOn).toEqual([{ containerName: "envoy", condition: "HEALTHY" }]);
  });

  it("carry image, size, port, health check and the service's log group under their own stream prefix", () => {
    expect(containers[2]).toEqual({
      name: "envoy",
      image: "envoyproxy/envoy:v1.31",
      essential: true,
      cpu: 128,
      memory: 256,
      portMappings: [{ containerPort: 9901, hostPort: 9901, protocol: "tcp" }],
      readonlyRootFilesystem: true,
      mountPoints: [{ sourceVolume: "tmp-envoy", containerPath: "/tmp", readOnly: false }],
      healthCheck: { command: ["CMD-SHELL", "curl -f localhost:9901/ready"], interval: 10, timeout: 5, retries: 3, startPeriod: 0 },
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": { raw: "aws_cloudwatch_log_group.this.name" }, "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "envoy" },
      },
    });
  });

  it("reference secrets by ARN, never by value, and wait for what they name", () => {
    expect(containers[1]).toMatchObject({
      essential: false,
      environment: [{ name: "DD_SITE", value: "datadoghq.eu" }],
      secrets: [
        { name: "DD_API_KEY", valueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop-prod/agent-key" },
        { name: "LICENSE", valueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:vendor/license:key::" },
      ],
      dependsOn: [{ containerName: "envoy", condition: "START" }],
    });
  });

  it("get a writable /tmp volume each under the read-only root", () => {
    const task = findBlock(stack.files, "resource", "aws_ecs_task_definition", "this");
    expect(nested(task, "volume").map((v) => attrValue(v, "name"))).toEqual(["tmp", "tmp-agent", "tmp-envoy"]);
  });

  it("let the execution role read exactly the service's and the sidecars' secrets", () => {
    const policy = jsonAttr(findBlock(stack.files, "resource", "aws_iam_role_policy", "task_exec_secrets"), "policy") as {
      Statement: { Action: string; Resource: unknown }[];
    };
    const statements = policy.Statement;
    expect(statements.find((s) => s.Action === "secretsmanager:GetSecretValue")?.Resource).toEqual([
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop-prod/agent-key-*",
      "arn:aws:secretsmanager:eu-west-1:111122223333:secret:vendor/license-*",
    ]);
    expect(statements.find((s) => s.Action === "ssm:GetParameters")?.Resource).toEqual(["arn:aws:ssm:eu-west-1:111122223333:parameter/shop/token"]);
    expect(statements.some((s) => s.Action === "kms:Decrypt")).toBe(true);
  });

  it("is formatted as terraform fmt writes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-sidecars-"));
    for (const [name, text] of stackFiles(stack)) if (name.endsWith(".tf")) writeFileSync(join(dir, name), text);
    expect(() => execFileSync("terraform", ["fmt", "-check", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });
});

describe("routeTo", () => {
  it("registers the sidecar's container and port in the target group, and admits the load balancer on that port", () => {
    const routed = renderStacks(
      resolveModel(
        validateConfig({
          project: "shop",
          loadBalancers: { public: {} },
          services: { web: { port: 3000, routes: [{ loadBalancer: "public" }], routeTo: "nginx", sidecars: { nginx: { image: "nginx:1.27", port: 80 } } } },
          environments: { dev: { tier: "dev", region: "eu-west-1" } },
        }),
      ),
    ).find((s) => s.id === "service-web")!;
    const lb = nested(findBlock(routed.files, "resource", "aws_ecs_service", "this"), "load_balancer")[0]!;
    expect([attrValue(lb, "container_name"), attrValue(lb, "container_port")]).toEqual(["nginx", 80]);
    expect(attrValue(findBlock(routed.files, "resource", "aws_lb_target_group", "public"), "port")).toBe(80);
    expect(attrValue(findBlock(routed.files, "resource", "aws_vpc_security_group_ingress_rule", "from_alb_public"), "from_port")).toBe(80);
  });
});
