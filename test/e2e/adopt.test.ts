/**
 * `berth adopt` as a user runs it after `berth import copilot`: against recorded AWS responses of the
 * copilot-shop workspace's `test` environment (a fake `aws` on PATH serves them), the names to set, then
 * with them set every resource adopted; synth copies the import blocks into the stacks, whose `to`
 * addresses exist, and the real terraform validates them. Fails, never skips, without terraform.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parseDocument } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { terraformEnv } from "../../src/runner/terraform-env.js";
import { berthSync, fakeTools, ROOT } from "../support/fake-tools.js";

const RECORDED = join(ROOT, "test", "fixtures", "adopt", "copilot-shop-test");

function workspace() {
  const dir = mkdtempSync(join(tmpdir(), "berth-adopt-"));
  cpSync(join(ROOT, "test", "fixtures", "import", "copilot-shop"), dir, { recursive: true });
  const { env } = fakeTools(dir, { extra: { FAKE_AWS_RECORDED: RECORDED } });
  const berth = (args: string[], extra: Record<string, string> = {}) => berthSync(args, { cwd: dir, env: { ...env, ...extra } });
  return { dir, berth };
}

interface Report {
  files: string[];
  adopted: { resource: string; stack: string; address: string; id: string }[];
  names: { path: string; value: string }[];
  snippet: string | null;
  waiting: { address: string }[];
  notFound: { stack: string; address: string }[];
  ambiguous: unknown[];
  notAdoptable: { resource: string; reason: string }[];
}

/**
 * What a command said on stderr besides warnings: the imported config's own warnings (its frontend sends its
 * logs through FireLens, which the model points out) are not adopt's to avoid.
 */
const notWarnings = (stderr: string): string[] => stderr.split("\n").filter((l) => l !== "" && !l.startsWith("warning:") && !l.startsWith("  hint:"));

describe("berth adopt", () => {
  const w = workspace();
  let first: Report;
  let second: Report;

  beforeAll(() => {
    expect(w.berth(["import", "copilot", "--out", "berth.yaml", "--region", "eu-west-1"]).code).toBe(0);
    const r = w.berth(["adopt", "--env", "test", "--config", "berth.yaml", "--json"]);
    expect(notWarnings(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout) as Report;
  });

  it("asks for the names Copilot gave, imports only what keeps its name, and holds back what depends on the rest", () => {
    expect(first.adopted.map((a) => a.address)).toEqual([
      "aws_vpc.this",
      'aws_subnet.public["eu-west-1a"]',
      'aws_subnet.public["eu-west-1b"]',
      'aws_subnet.private["eu-west-1a"]',
      'aws_subnet.private["eu-west-1b"]',
    ]);
    expect(first.names).toContainEqual({ path: "environments.test.existing.cluster", value: "shop-test-Cluster-Xk3hJ9aB2cD4", resource: expect.any(String) });
    expect(first.names).toContainEqual({
      path: "environments.test.existing.services.frontend.service",
      value: "shop-test-frontend-Service-8hG7fD6sA5qW",
      resource: expect.any(String),
    });
    // The database keeps its master user and its key: AWS changes neither in place.
    expect(first.names).toContainEqual({ path: "environments.test.databases.orders.username", value: "shopadmin", resource: expect.any(String) });
    expect(first.names).toContainEqual({ path: "environments.test.kms.rds", value: false, resource: expect.any(String) });
    expect(first.waiting.map((x) => x.address).sort()).toEqual(["aws_lb_listener.internal", "aws_lb_listener.public"]);
    expect(first.files).toEqual(["terraform/network/test/imports.tf"]);
    // Another environment's cluster is never a candidate.
    expect(JSON.stringify(first)).not.toContain("shop-prod-Cluster");
  });

  it("with the names set, adopts every resource that runs, and reports the rest with reasons", () => {
    const doc = parseDocument(readFileSync(join(w.dir, "berth.yaml"), "utf8"));
    for (const [key, value] of Object.entries(JSON.parse(first.snippet!) as Record<string, unknown>))
      doc.setIn(["environments", "test", key], doc.createNode(value));
    writeFileSync(join(w.dir, "berth.yaml"), doc.toString());
    const again = w.berth(["adopt", "--env", "test", "--config", "berth.yaml", "--json"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("terraform/network/test/imports.tf is from an earlier berth adopt; nothing was written");
    const r = w.berth(["adopt", "--env", "test", "--config", "berth.yaml", "--json", "--force"]);
    expect(notWarnings(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    second = JSON.parse(r.stdout) as Report;
    expect(second.names).toEqual([]);
    expect(second.waiting).toEqual([]);
    expect(second.ambiguous).toEqual([]);
    const ids = Object.fromEntries(second.adopted.map((a) => [`${a.stack} ${a.address}`, a.id]));
    expect(ids).toMatchObject({
      "platform aws_ecs_cluster.this": "shop-test-Cluster-Xk3hJ9aB2cD4",
      "platform aws_lb_listener.public": expect.stringMatching(/^arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener\/app\/shop-t-Publi-/),
      "platform aws_ecr_repository.frontend": "shop/frontend",
      "data aws_rds_cluster.orders": "shop-test-frontend-ordersdbcluster-k2j3h4g5f6d7",
      'data aws_rds_cluster_instance.orders["shop-test-frontend-ordersdbwriter-p9o8i7u6y5t4"]': "shop-test-frontend-ordersdbwriter-p9o8i7u6y5t4",
      "service-frontend aws_ecs_service.this": "shop-test-Cluster-Xk3hJ9aB2cD4/shop-test-frontend-Service-8hG7fD6sA5qW",
      "service-frontend aws_cloudwatch_log_group.this": "/copilot/shop-test-frontend",
      "service-api aws_lb_target_group.internal": expect.stringMatching(/:targetgroup\/shop-t-Targe-MNOPQR345678\//),
    });
    expect(second.notFound).toEqual([
      { stack: "network", address: 'aws_subnet.database["eu-west-1a"]', name: null },
      { stack: "network", address: 'aws_subnet.database["eu-west-1b"]', name: null },
    ]);
    expect(second.notAdoptable.map((n) => n.reason)).toEqual(
      expect.arrayContaining([
        "network load balancers are not adopted yet; berth creates its own (its name and DNS name will differ)",
        "berth creates its own least-privilege IAM roles",
        "berth runs a job through its own schedule and state machine: disable Copilot's once berth's is applied, or the job runs twice",
        "berth creates its own queues; messages still in this one are not moved",
      ]),
    );
    expect(second.files).toContain("terraform/service-frontend/test/imports.tf");
  });

  it("prints a report people read, and refuses an unknown environment and missing credentials (exit 2)", () => {
    const r = w.berth(["adopt", "--env", "test", "--config", "berth.yaml", "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^adopted \(\d+\):/m);
    expect(r.stdout).toContain("ecs-service shop-test-frontend-Service-8hG7fD6sA5qW → service-frontend: aws_ecs_service.this");
    expect(r.stdout).toContain("would write terraform/network/test/imports.tf");
    const unknown = w.berth(["adopt", "--env", "tset", "--config", "berth.yaml"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/tset/);
    const wrongApp = w.berth(["adopt", "--env", "test", "--config", "berth.yaml", "--app", "shp"]);
    expect(wrongApp.code).toBe(2);
    expect(wrongApp.stderr).toContain("nothing in eu-west-1 is tagged copilot-application=shp and copilot-environment=test; nothing was written");
    const noCreds = mkdtempSync(join(tmpdir(), "berth-adopt-nocreds-"));
    writeFileSync(
      join(noCreds, "sts.get-caller-identity.json"),
      JSON.stringify({ $error: { code: "ExpiredToken", message: "The security token included in the request is expired" } }),
    );
    const denied = w.berth(["adopt", "--env", "test", "--config", "berth.yaml"], { FAKE_AWS_RECORDED: noCreds });
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain("berth adopt cannot reach AWS (aws sts get-caller-identity: An error occurred (ExpiredToken)");
    expect(denied.stderr).not.toMatch(/\n\s+at /);
  });

  it("--write-config sets the names in a YAML config, keeping its comments, and adopts with them in one run", () => {
    const y = workspace();
    expect(y.berth(["import", "copilot", "--out", "berth.yaml", "--region", "eu-west-1"]).code).toBe(0);
    const before = readFileSync(join(y.dir, "berth.yaml"), "utf8");
    const r = y.berth(["adopt", "--env", "test", "--config", "berth.yaml", "--write-config", "--json"]);
    expect(notWarnings(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report & { namesWritten: { path: string; value: string }[] };
    expect(report.namesWritten).toContainEqual({ path: "environments.test.existing.cluster", value: "shop-test-Cluster-Xk3hJ9aB2cD4" });
    expect(report.names).toEqual([]);
    expect(report.adopted.map((a) => `${a.stack} ${a.address}`).sort()).toEqual(second.adopted.map((a) => `${a.stack} ${a.address}`).sort());
    const after = readFileSync(join(y.dir, "berth.yaml"), "utf8");
    // Every comment the import wrote is still there.
    expect(after.split("\n").filter((l) => l.trim().startsWith("#"))).toEqual(before.split("\n").filter((l) => l.trim().startsWith("#")));
    expect(y.berth(["validate", "--config", "berth.yaml"]).code).toBe(0);

    const ts = workspace();
    expect(ts.berth(["import", "copilot", "--out", "berth.config.ts", "--region", "eu-west-1"]).code).toBe(0);
    const refused = ts.berth(["adopt", "--env", "test", "--write-config"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--write-config edits YAML configs only, and berth.config.ts is not one; nothing was written");
    expect(existsSync(join(ts.dir, "terraform"))).toBe(false);
  });

  describe("synthesized with the import blocks", () => {
    const out = () => join(w.dir, "infra", "test", "eu-west-1");
    beforeAll(() => {
      const r = w.berth(["synth", "--config", "berth.yaml", "--out", "infra", "--env", "test"]);
      expect(notWarnings(r.stderr)).toEqual([]);
      expect(r.code).toBe(0);
    });

    it("copies each imports.tf into its stack, and every `to` is a resource the stack declares", () => {
      const stacks = second.files.map((f) => f.split("/")[1]!);
      expect(stacks.sort()).toEqual(
        [
          "data",
          "network",
          "platform",
          "service-api",
          "service-cleanup",
          "service-frontend",
          "service-nightly",
          "service-orders-worker",
          "service-preview",
        ].sort(),
      );
      for (const stack of stacks) {
        const dir = join(out(), stack);
        const imports = readFileSync(join(dir, "imports.tf"), "utf8");
        expect(imports.startsWith(`# Copied by berth from terraform/${stack}/test/imports.tf`)).toBe(true);
        const hcl = readdirSync(dir)
          .filter((f) => f.endsWith(".tf") && f !== "imports.tf")
          .map((f) => readFileSync(join(dir, f), "utf8"))
          .join("\n");
        for (const [, type, name] of imports.matchAll(/to = (\w+)\.(\w+)/g)) expect(hcl, `${stack}: ${type}.${name}`).toContain(`resource "${type}" "${name}"`);
      }
    });

    it("plans offline without its import blocks, which would read AWS", () => {
      const r = w.berth(["plan", "--offline", "--config", "berth.yaml", "--out", "infra", "--env", "test", "--stack", "network"]);
      expect(notWarnings(r.stderr)).toEqual([]);
      expect(r.code).toBe(0);
      expect(readFileSync(join(w.dir, "infra", ".berth", "logs", "test", "eu-west-1", "network.log"), "utf8")).toContain(
        "left out imports.tf: berth adopt's import blocks read AWS",
      );
    }, 300_000);

    it("passes terraform validate in the stacks that import", async () => {
      const { binary, env } = terraformEnv();
      for (const stack of ["network", "platform", "data", "service-frontend"]) {
        const dir = join(out(), stack);
        await promisify(execFile)(binary, ["init", "-backend=false", "-input=false"], { cwd: dir, env, encoding: "utf8" });
        const { stdout } = await promisify(execFile)(binary, ["validate", "-json"], { cwd: dir, env, encoding: "utf8" });
        expect(JSON.parse(stdout), stack).toMatchObject({ valid: true, error_count: 0 });
        expect(existsSync(join(dir, "imports.tf"))).toBe(true);
      }
    }, 300_000);
  });
});
