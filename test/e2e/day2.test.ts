/** `berth logs` and `berth exec` with a fake `aws` on PATH: the names come from the model, never from the user. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { berthSync, fakeTools } from "../support/fake-tools.js";

const CONFIG = `project: shop
loadBalancers:
  public: {}
services:
  api:
    port: 8080
    routes: [{ loadBalancer: public }]
    execCommand: true
    databases: { main: true }
  web:
    port: 3000
    routes: [{ loadBalancer: public, path: /web/* }]
databases:
  main: { engine: postgres, version: "16" }
environments:
  staging: { tier: staging, region: eu-west-1 }
  prod: { tier: prod, region: eu-west-1 }
`;

function world(config = CONFIG) {
  const dir = mkdtempSync(join(tmpdir(), "berth-day2-"));
  writeFileSync(join(dir, "berth.yaml"), config);
  const fakes = fakeTools(dir);
  const run = (args: string[]) => {
    const at = args[0] === "db" ? 2 : 1; // after the command's name: `db connect` is two words
    return berthSync([...args.slice(0, at), "--config", join(dir, "berth.yaml"), ...args.slice(at)], { cwd: dir, env: fakes.env });
  };
  const calls = () => fakes.awsCalls().map((c) => [...c.args]);
  return { dir, run, calls, fakeAws: fakes.fakeAws };
}

describe("berth logs", () => {
  it("tails the service's log group in its region", () => {
    const w = world();
    const r = w.run(["logs", "api", "--env", "prod", "--since", "1h", "--follow"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("hello from /ecs/shop-prod/api");
    expect(w.calls()).toEqual([["logs", "tail", "/ecs/shop-prod/api", "--since", "1h", "--follow", "--format", "short", "--region", "eu-west-1"]]);
  });

  it("refuses a bad duration, an unknown service and a missing --env (exit 2)", () => {
    const w = world();
    expect(w.run(["logs", "api", "--env", "prod", "--since", "an hour"]).stderr).toContain('--since "an hour" is not a duration');
    const unknown = w.run(["logs", "apx", "--env", "prod"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no service "apx" in prod\n  hint: services: api, web');
    const noEnv = w.run(["logs", "api"]);
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toContain("berth logs needs --env");
  });
});

describe("berth exec", () => {
  it("opens the command in the first running task's container, by the model's cluster and service names", () => {
    const w = world();
    w.fakeAws({ tasks: ["arn:aws:ecs:eu-west-1:123456789012:task/shop-prod-cluster/ffff", "arn:aws:ecs:eu-west-1:123456789012:task/shop-prod-cluster/0aaa"] });
    const r = w.run(["exec", "api", "--env", "prod", "--", "ls", "-la"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(w.calls()).toEqual([
      [
        "ecs",
        "list-tasks",
        "--cluster",
        "shop-prod-cluster",
        "--service-name",
        "shop-prod-api",
        "--desired-status",
        "RUNNING",
        "--output",
        "json",
        "--region",
        "eu-west-1",
      ],
      [
        "ecs",
        "execute-command",
        "--cluster",
        "shop-prod-cluster",
        "--task",
        "arn:aws:ecs:eu-west-1:123456789012:task/shop-prod-cluster/0aaa",
        "--container",
        "api",
        "--interactive",
        "--command",
        "ls -la",
        "--region",
        "eu-west-1",
      ],
    ]);
    expect(r.stdout).toContain("session: arn:aws:ecs:eu-west-1:123456789012:task/shop-prod-cluster/0aaa api ls -la");
  });

  it("says how to turn ECS Exec on, and when no task runs (exit 2)", () => {
    const w = world();
    const off = w.run(["exec", "web", "--env", "prod"]);
    expect(off.code).toBe(2);
    expect(off.stderr).toContain("ECS Exec is off for web in prod\n  hint: set services.web.execCommand: true");
    w.fakeAws({ tasks: [] });
    const none = w.run(["exec", "api", "--env", "staging"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("api has no running task in staging");
  });
});

describe("berth status", () => {
  it("shows counts, rollout, target health from the recorded target groups, and alarms in ALARM (exit 3)", () => {
    const w = world();
    // The api stack's apply record in the (fake) state bucket: its target group ARN.
    const tg = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-prod-api-public/0a1b2c3d4e5f6a7b";
    const records = join(w.dir, "aws", "s3", "shop-terraform-state", "shop", "prod", "eu-west-1");
    mkdirSync(records, { recursive: true });
    writeFileSync(
      join(records, "service-api.berth.json"),
      JSON.stringify({ stack: "prod/eu-west-1/service-api", outputs: { target_group_arns: { public: tg } } }),
    );
    w.fakeAws({
      counts: { "shop-prod-api": { desiredCount: 3, runningCount: 2, pendingCount: 1 } },
      targets: { [tg]: ["healthy", "healthy", "unhealthy"] },
      alarms: [
        { AlarmName: "shop-prod-api-cpu", StateReason: "Threshold Crossed: 1 datapoint [91.0] was greater than the threshold (80.0)." },
        { AlarmName: "shop-staging-api-cpu", StateReason: "another environment" },
      ],
    });
    const r = w.run(["status", "--env", "prod"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/api\s+3\s+2\s+1\s+COMPLETED\s+public: 2 healthy, 1 unhealthy/);
    expect(r.stdout).toMatch(/web\s+1\s+1\s+0\s+COMPLETED\s+-/);
    expect(r.stdout).toContain("in ALARM:\n  shop-prod-api-cpu: Threshold Crossed");
    expect(r.stdout).not.toContain("shop-staging-api-cpu");
    expect(w.calls()).toContainEqual([
      "ecs",
      "describe-services",
      "--cluster",
      "shop-prod-cluster",
      "--services",
      "shop-prod-api",
      "--output",
      "json",
      "--region",
      "eu-west-1",
    ]);
    const json = JSON.parse(w.run(["status", "--env", "prod", "--json"]).stdout);
    expect(json.services[0]).toEqual({
      service: "api",
      desired: 3,
      running: 2,
      pending: 1,
      rollout: "COMPLETED",
      targets: { public: { healthy: 2, unhealthy: 1 } },
    });
  });
});

describe("berth db connect", () => {
  it("forwards a local port to the recorded database address through a running task of a service that uses it", () => {
    const w = world();
    const records = join(w.dir, "aws", "s3", "shop-terraform-state", "shop", "prod", "eu-west-1");
    mkdirSync(records, { recursive: true });
    const host = "shop-prod-main.c9x8y7.eu-west-1.rds.amazonaws.com";
    writeFileSync(join(records, "data.berth.json"), JSON.stringify({ stack: "prod/eu-west-1/data", outputs: { database_main_address: host } }));
    w.fakeAws({ tasks: ["arn:aws:ecs:eu-west-1:123456789012:task/shop-prod-cluster/0aaa"] });
    const r = w.run(["db", "connect", "main", "--env", "prod", "--port", "15432"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`main (${host}:5432) on 127.0.0.1:15432, through a task of api`);
    expect(r.stdout).toContain('psql "host=127.0.0.1 port=15432 dbname=');
    expect(w.calls().at(-1)).toEqual([
      "ssm",
      "start-session",
      "--target",
      "ecs:shop-prod-cluster_0aaa_0aaa-1234567890",
      "--document-name",
      "AWS-StartPortForwardingSessionToRemoteHost",
      "--parameters",
      JSON.stringify({ host: [host], portNumber: ["5432"], localPortNumber: ["15432"] }),
      "--region",
      "eu-west-1",
    ]);
  });

  it("forwards through the bastion when prod has one (network.bastion), not through a task", () => {
    const w = world(CONFIG.replace("prod: { tier: prod, region: eu-west-1 }", "prod: { tier: prod, region: eu-west-1, network: { bastion: true } }"));
    const records = join(w.dir, "aws", "s3", "shop-terraform-state", "shop", "prod", "eu-west-1");
    mkdirSync(records, { recursive: true });
    const host = "shop-prod-main.c9x8y7.eu-west-1.rds.amazonaws.com";
    const data = { stack: "prod/eu-west-1/data", outputs: { database_main_address: host } };
    writeFileSync(join(records, "data.berth.json"), JSON.stringify(data));
    const notYet = w.run(["db", "connect", "main", "--env", "prod"]);
    expect(notYet.code).toBe(2);
    expect(notYet.stderr).toContain("the data stack of prod has no recorded bastion instance");
    writeFileSync(join(records, "data.berth.json"), JSON.stringify({ ...data, outputs: { ...data.outputs, bastion_instance_id: "i-0bastion1234" } }));
    const r = w.run(["db", "connect", "main", "--env", "prod", "--port", "15432"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`main (${host}:5432) on 127.0.0.1:15432, through the bastion i-0bastion1234`);
    expect(w.calls().some((c) => c[0] === "ecs")).toBe(false);
    expect(w.calls().at(-1)).toEqual([
      "ssm",
      "start-session",
      "--target",
      "i-0bastion1234",
      "--document-name",
      "AWS-StartPortForwardingSessionToRemoteHost",
      "--parameters",
      JSON.stringify({ host: [host], portNumber: ["5432"], localPortNumber: ["15432"] }),
      "--region",
      "eu-west-1",
    ]);
  });

  it("says what is missing: the apply, or a service with ECS Exec (exit 2)", () => {
    const w = world();
    const notApplied = w.run(["db", "connect", "main", "--env", "prod"]);
    expect(notApplied.code).toBe(2);
    expect(notApplied.stderr).toContain("the data stack of prod has no recorded address for main");
    const unknown = w.run(["db", "connect", "other", "--env", "prod"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no database "other" in prod\n  hint: databases: main');
  });
});

describe("day-2 commands in a recovery region (--region)", () => {
  const RECOVERY = CONFIG.replace("    databases: { main: true }\n", "")
    .replace('databases:\n  main: { engine: postgres, version: "16" }\n', "")
    .replace(
      "prod: { tier: prod, region: eu-west-1 }",
      "prod: { tier: prod, region: eu-west-1, recovery: { region: eu-central-1, network: { cidr: 10.1.0.0/16 } } }",
    );

  it("tails the log group and opens a shell in the recovery region's cluster when --region names it", () => {
    const w = world(RECOVERY);
    const r = w.run(["logs", "api", "--env", "prod", "--region", "eu-central-1"]);
    expect(r.stderr).toBe("");
    expect(w.calls()).toEqual([["logs", "tail", "/ecs/shop-prod/api", "--since", "10m", "--format", "short", "--region", "eu-central-1"]]);
    w.fakeAws({ tasks: ["arn:aws:ecs:eu-central-1:123456789012:task/shop-prod-cluster/0bbb"] });
    expect(w.run(["exec", "api", "--env", "prod", "--region", "eu-central-1"]).code).toBe(0);
    expect(w.calls().at(-1)!.slice(-2)).toEqual(["--region", "eu-central-1"]);
  });

  it("reports the recovery region from its own apply records, and names it on the primary's report", () => {
    const w = world(RECOVERY);
    const tg = "arn:aws:elasticloadbalancing:eu-central-1:123456789012:targetgroup/shop-prod-api-public/0a1b2c3d4e5f6a7b";
    const records = join(w.dir, "aws", "s3", "shop-terraform-state", "shop", "prod", "eu-central-1");
    mkdirSync(records, { recursive: true });
    writeFileSync(
      join(records, "service-api.berth.json"),
      JSON.stringify({ stack: "prod/eu-central-1/service-api", outputs: { target_group_arns: { public: tg } } }),
    );
    w.fakeAws({ counts: { "shop-prod-api": { desiredCount: 1, runningCount: 1, pendingCount: 0 } }, targets: { [tg]: ["healthy"] }, alarms: [] });
    const r = w.run(["status", "--env", "prod", "--region", "eu-central-1"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("prod (prod, eu-central-1)\n");
    expect(r.stdout).toMatch(/api\s+1\s+1\s+0\s+COMPLETED\s+public: 1 healthy/);
    expect(
      w
        .calls()
        .filter((c) => c[0] === "ecs" || c[0] === "elbv2" || c[0] === "cloudwatch")
        .every((c) => c.at(-1) === "eu-central-1"),
    ).toBe(true);
    expect(w.run(["status", "--env", "prod"]).stdout).toContain("prod (prod, eu-west-1; recovery: --region eu-central-1)");
  });

  it("refuses a region the environment does not run in, listing its regions (exit 2)", () => {
    const w = world(RECOVERY);
    for (const args of [["logs", "api"], ["exec", "api"], ["status"]]) {
      const r = w.run([...args, "--env", "prod", "--region", "us-east-1"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("prod does not run in us-east-1\n  hint: regions: eu-west-1 (primary, the default), eu-central-1 (recovery)");
    }
  });
});
