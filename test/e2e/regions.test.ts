/**
 * An environment with a recovery region end to end with the built CLI and the fake `terraform` and `aws`
 * (test/fake-terraform): one run covers both regions, the recovery platform after the primary's `dns` it
 * reads, the summary grouped by account and region, `--region` acting on one region alone, and `deploy`
 * rolling the primary region's service unless `--region` names the other; `smoke` and `output` of one region.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { berth, fakeTools, ROOT } from "../support/fake-tools.js";

/** The runner fixture's prod with a domain and a warm standby in eu-central-1 (`extraState`: more `state` lines). */
function world(extraState = "") {
  const dir = mkdtempSync(join(tmpdir(), "berth-regions-"));
  cpSync(join(ROOT, "test", "fixtures", "runner", "berth.yaml"), join(dir, "berth.yaml"));
  const yaml = readFileSync(join(dir, "berth.yaml"), "utf8").replace(
    "  prod:\n    tier: prod\n    region: eu-west-1\n",
    "  prod:\n    tier: prod\n    region: eu-west-1\n    domain: { name: shop.example.com }\n    recovery: { region: eu-central-1, network: { cidr: 10.1.0.0/16 } }\n",
  );
  writeFileSync(join(dir, "berth.yaml"), yaml.replace("  lockTable: shop-terraform-locks\n", `  lockTable: shop-terraform-locks\n${extraState}`));
  const fakes = fakeTools(dir, { extra: { BERTH_REPLICATION_POLL_MS: "10,300" } });
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    berth([...args, "--config", join(dir, "berth.yaml"), "--env", "prod"], { cwd: dir, env: { ...fakes.env, ...extra } });
  /** `[stack path, terraform subcommand]` of each fake terraform call in a stack's work copy (which ends in the path), in order. */
  const tfCalls = () =>
    fakes
      .terraformCalls()
      .filter((c) => c.cwd.includes("/infra/"))
      .map((c) => [c.cwd.split("/").slice(-3).join("/"), c.args[0]!] as const);
  const clearLog = fakes.clearLogs;
  /** The fake aws calls since the last `clearLog`, as argument lists. */
  const awsCalls = () => fakes.awsCalls().map((c) => c.args);
  const awsDir = fakes.awsDir;
  return { dir, awsDir, out: join(dir, "infra"), run, tfCalls, clearLog, awsCalls };
}

describe("an environment with a recovery region", { timeout: 180_000 }, () => {
  it("plans and applies both regions in one run, the recovery platform after the primary's dns, grouped by region; --region then acts on one", async () => {
    const w = world();
    expect((await w.run(["bootstrap"])).code).toBe(0);
    const plan = await w.run(["plan", "--out", w.out]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("# account of the caller's credentials · eu-central-1");
    expect(plan.stdout).toContain("# account of the caller's credentials · eu-west-1");
    const lines = plan.stdout.split("\n");
    const central = lines.findIndex((l) => l.endsWith("· eu-central-1"));
    const west = lines.findIndex((l) => l.endsWith("· eu-west-1"));
    expect(lines.slice(central + 1, west).every((l) => l.startsWith("prod/eu-central-1/"))).toBe(true);

    w.clearLog();
    const apply = await w.run(["apply", "--out", w.out, "--yes"]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    const applied = w
      .tfCalls()
      .filter(([, cmd]) => cmd === "apply")
      .map(([stack]) => stack);
    expect(applied).toContain("prod/eu-central-1/platform");
    expect(applied.indexOf("prod/eu-west-1/dns")).toBeGreaterThanOrEqual(0);
    expect(applied.indexOf("prod/eu-west-1/dns")).toBeLessThan(applied.indexOf("prod/eu-central-1/platform"));
    // The recovery platform got the primary zone's id from the primary dns stack's apply.
    const tfvars = JSON.parse(readFileSync(join(w.out, "prod/eu-central-1/platform/terraform.tfvars.json"), "utf8")) as Record<string, unknown>;
    expect(typeof tfvars.zone_id).toBe("string");

    w.clearLog();
    const one = await w.run(["plan", "--out", w.out, "--region", "eu-central-1", "--all"]);
    expect(one.code, one.stdout + one.stderr).toBe(0);
    const planned = [...new Set(w.tfCalls().map(([stack]) => stack))];
    expect(planned.length).toBeGreaterThan(0);
    expect(planned.filter((s) => !s.startsWith("prod/eu-central-1/"))).toEqual([]);
    expect(one.stdout).not.toContain("prod/eu-west-1/");

    w.clearLog();
    const deploy = await w.run(["deploy", "api", "--image", "1.2.3", "--out", w.out, "--no-wait", "--yes"]);
    expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
    expect(deploy.stdout).toContain("deploying api in eu-west-1, the primary region; deploy eu-central-1 with --region");
    expect([...new Set(w.tfCalls().map(([stack]) => stack))]).toEqual(["prod/eu-west-1/service-api"]);
    // In the recovery region, deploy waits for ECR to replicate the image there (one poll without it), then applies.
    w.clearLog();
    writeFileSync(
      join(w.dir, "fake-aws.json"),
      JSON.stringify({ images: { "eu-central-1/shop-prod-api:1.2.3": "sha256:0a1b" }, replicatedAfter: { "eu-central-1/shop-prod-api:1.2.3": 1 } }),
    );
    const standby = await w.run(["deploy", "api", "--image", "1.2.3", "--out", w.out, "--no-wait", "--yes", "--region", "eu-central-1"]);
    expect(standby.code, standby.stdout + standby.stderr).toBe(0);
    expect(standby.stdout).toContain("waiting for ECR to replicate shop-prod-api:1.2.3 from eu-west-1 to eu-central-1");
    expect(w.awsCalls().filter((c) => c[1] === "describe-images")).toEqual([
      ["ecr", "describe-images", "--repository-name", "shop-prod-api", "--image-ids", "imageTag=1.2.3", "--output", "json", "--region", "eu-central-1"],
      ["ecr", "describe-images", "--repository-name", "shop-prod-api", "--image-ids", "imageTag=1.2.3", "--output", "json", "--region", "eu-central-1"],
    ]);
    expect([...new Set(w.tfCalls().map(([stack]) => stack))]).toEqual(["prod/eu-central-1/service-api"]);
    // An image that never arrives: refused after the timeout, nothing applied.
    w.clearLog();
    const missing = await w.run(["deploy", "api", "--image", "9.9.9", "--out", w.out, "--no-wait", "--yes", "--region", "eu-central-1"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("shop-prod-api:9.9.9 has not reached eu-central-1 (ECR replication from eu-west-1)");
    expect(w.tfCalls().filter(([, cmd]) => cmd === "apply")).toEqual([]);

    const none = await w.run(["plan", "--out", w.out, "--region", "us-east-2"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--region us-east-2 matches no stack");
    expect(none.stderr).toContain("regions: eu-central-1, eu-west-1");
  });

  it("smoke-tests one region through its own load balancer, and prints one region's outputs, with --region", async () => {
    const hosts: string[] = [];
    const server = createServer((req, res) => {
      hosts.push(req.headers.host ?? "");
      res.writeHead(req.url === "/api/" ? 200 : 503).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const w = world();
      const port = (server.address() as AddressInfo).port;
      // Both regions record the shared name (which never resolves here) and their load balancer's DNS name.
      const url = `http://shop.invalid:${port}/api`;
      writeFileSync(join(w.dir, "fake-tf.json"), JSON.stringify({ outputs: { "service-api": { url }, platform: { alb_public_dns_name: "127.0.0.1" } } }));
      expect((await w.run(["bootstrap"])).code).toBe(0);
      expect((await w.run(["plan", "--out", w.out])).code).toBe(0);
      const apply = await w.run(["apply", "--out", w.out, "--yes"]);
      expect(apply.code, apply.stdout + apply.stderr).toBe(0);
      const env = { BERTH_SMOKE_INTERVAL_MS: "10", BERTH_SMOKE_ATTEMPTS: "1" };
      const smoke = await w.run(["smoke", "api", "--out", w.out, "--region", "eu-central-1"], env);
      expect(smoke.code, smoke.stdout + smoke.stderr).toBe(0);
      expect(smoke.stdout).toContain(`smoke prod/api: GET http://shop.invalid:${port}/api/ → HTTP 200`);
      expect(hosts).toEqual([`shop.invalid:${port}`]);
      // deploy --smoke in the recovery region tests that region the same way, and names --region in its rollback.
      writeFileSync(join(w.dir, "fake-aws.json"), JSON.stringify({ images: { "eu-central-1/shop-prod-api:1.2.3": "sha256:0a1b" } }));
      const deploy = await w.run(["deploy", "api", "--image", "1.2.3", "--out", w.out, "--no-wait", "--yes", "--region", "eu-central-1", "--smoke"], env);
      expect(deploy.code, deploy.stdout + deploy.stderr).toBe(0);
      expect(deploy.stdout).toContain(`smoke prod/api: GET http://shop.invalid:${port}/api/ → HTTP 200`);
      expect(hosts).toHaveLength(2);

      const outputs = await w.run(["output", "--out", w.out, "--region", "eu-central-1", "--json"]);
      expect(outputs.code, outputs.stderr).toBe(0);
      const stacks = Object.keys(JSON.parse(outputs.stdout) as Record<string, unknown>);
      expect(stacks.length).toBeGreaterThan(0);
      expect(stacks.filter((s) => !s.startsWith("prod/eu-central-1/"))).toEqual([]);

      for (const cmd of [["smoke", "api"], ["output"]]) {
        const bad = await w.run([...cmd, "--out", w.out, "--region", "us-east-2"]);
        expect(bad.code, cmd.join(" ")).toBe(2);
        expect(bad.stderr).toMatch(/regions: .*eu-central-1.*eu-west-1|regions: eu-west-1 \(primary, the default\), eu-central-1 \(recovery\)/);
      }
    } finally {
      server.close();
    }
  });

  it("bootstraps a versioned copy of the state bucket in state.replicateTo, and replication to it as a role with only that permission", async () => {
    const w = world("  replicateTo: eu-central-1\n");
    const boot = await w.run(["bootstrap"]);
    expect(boot.code, boot.stderr).toBe(0);
    expect(boot.stdout).toContain("s3://shop-terraform-state-eu-central-1: created (in eu-central-1)");
    expect(boot.stdout).toContain("arn:aws:iam::123456789012:role/shop-terraform-state-replication: created (assumed by S3 to replicate the state)");
    expect(boot.stdout).toContain("s3://shop-terraform-state: configured (replicates every version to s3://shop-terraform-state-eu-central-1 in eu-central-1)");
    expect(readFileSync(join(w.awsDir, "s3-region", "shop-terraform-state-eu-central-1"), "utf8")).toBe("eu-central-1");
    const cfg = (bucket: string, op: string) => JSON.parse(readFileSync(join(w.awsDir, "s3-config", bucket, `${op}.json`), "utf8")) as string[];
    expect(cfg("shop-terraform-state-eu-central-1", "put-bucket-versioning")).toContain("Status=Enabled");
    const args = cfg("shop-terraform-state", "put-bucket-replication");
    const replication = JSON.parse(args[args.indexOf("--replication-configuration") + 1]!) as { Role: string; Rules: { Destination: { Bucket: string } }[] };
    expect(replication.Role).toBe("arn:aws:iam::123456789012:role/shop-terraform-state-replication");
    expect(replication.Rules[0]!.Destination.Bucket).toBe("arn:aws:s3:::shop-terraform-state-eu-central-1");
    const again = await w.run(["bootstrap"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("arn:aws:iam::123456789012:role/shop-terraform-state-replication: exists (kept)");
  });
});
