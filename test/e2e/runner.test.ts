/**
 * The runner commands end to end: the built CLI with a fake `terraform` and a fake `aws` on PATH
 * (test/fake-terraform), which record their arguments and simulate state, outputs, failures, locks,
 * a slow apply and drift. Covers plan/apply/deploy/drift/destroy/output/bootstrap, fingerprints,
 * stale plans, prod confirmation, Ctrl-C, --json and exit codes.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, berth as runBerth, fakeTools, ROOT } from "../support/fake-tools.js";

const FAKES = join(ROOT, "test", "fake-terraform");

interface World {
  readonly dir: string;
  readonly config: string;
  readonly out: string;
  readonly env: NodeJS.ProcessEnv;
  /** Replaces the fake terraform's behaviour (see fake-terraform.mjs). */
  fake(behaviour: object): void;
  fakeAws(behaviour: object): void;
  /** Terraform calls since the last `clearLog`, as [stack, ...args]. */
  tfCalls(): string[][];
  clearLog(): void;
}

/** A fresh world, or a copy of `from` (its config, output folder, fake state and fake bucket). */
function world(from?: World): World {
  const dir = mkdtempSync(join(tmpdir(), "berth-runner-"));
  if (from) cpSync(from.dir, dir, { recursive: true });
  else cpSync(join(ROOT, "test", "fixtures", "runner", "berth.yaml"), join(dir, "berth.yaml"));
  const fakes = fakeTools(dir);
  return {
    dir,
    config: join(dir, "berth.yaml"),
    out: join(dir, "infra"),
    env: fakes.env,
    fake: fakes.fakeTerraform,
    fakeAws: fakes.fakeAws,
    tfCalls: () => fakes.terraformCalls().map((c) => [c.stack, ...c.args]),
    clearLog: fakes.clearLogs,
  };
}

/** Runs the built CLI in the world's folder without blocking the test worker. */
const berth = (w: World, args: string[]) => runBerth(args, { cwd: w.dir, env: w.env });

const common = (w: World, env = "staging") => ["--config", w.config, "--env", env, "--out", w.out];

let staging: World | undefined;

/** A copy of a staging environment that has been bootstrapped, planned and applied. */
async function appliedWorld(): Promise<World> {
  if (!staging) {
    staging = world();
    await converge(staging);
  }
  const w = world(staging);
  w.clearLog();
  return w;
}

/** Bootstrap, one plan (network; the rest deferred) and one apply (which plans and creates the deferred stacks). */
async function converge(w: World, env = "staging") {
  expect((await berth(w, ["bootstrap", "--config", w.config, "--env", env])).code).toBe(0);
  expect((await berth(w, ["plan", ...common(w, env)])).code).toBe(0);
  const a = await berth(w, ["apply", ...common(w, env), "--yes"]);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  expect(Object.values(rows(a.stdout))).toEqual(["applied", "applied", "applied", "applied"]);
}

const rows = (stdout: string) =>
  Object.fromEntries(
    stdout
      .split("\n")
      .map((l) => /^(\S+\/\S+\/\S+)\s+\S+\s+\S+\s+\S+\s+(\S+(?: \S+)?)/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!.split("/")[2]!, m[2]!.replace(/\s+[\d.]+s$/, "")]),
  );

describe("berth bootstrap", { timeout: 120_000 }, () => {
  it("creates the state bucket with versioning, encryption, blocked public access, a TLS-only policy, and the lock table; again only keeps them", async () => {
    const w = world();
    const first = await berth(w, ["bootstrap", "--config", w.config, "--env", "staging"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("s3://shop-terraform-state: created (in eu-west-1)");
    expect(first.stdout).toContain("dynamodb:shop-terraform-locks: created");
    const cfg = (op: string) => readFileSync(join(w.dir, "aws", "s3-config", "shop-terraform-state", `${op}.json`), "utf8");
    expect(cfg("put-bucket-versioning")).toContain("Status=Enabled");
    expect(cfg("put-bucket-encryption")).toContain("aws:kms");
    expect(cfg("put-public-access-block")).toContain("BlockPublicPolicy=true");
    expect(cfg("put-bucket-policy")).toContain('\\"aws:SecureTransport\\":\\"false\\"');
    const again = await berth(w, ["bootstrap", "--config", w.config, "--env", "staging"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("s3://shop-terraform-state: exists (kept)");
    expect(again.stdout).toContain("dynamodb:shop-terraform-locks: exists (kept)");
  });

  it("says where the bucket is when it exists in another region than the config's, and changes nothing", async () => {
    const w = world();
    expect((await berth(w, ["bootstrap", "--config", w.config, "--env", "staging"])).code).toBe(0);
    writeFileSync(w.config, readFileSync(w.config, "utf8").replace("state:\n", "state:\n  region: eu-central-1\n"));
    writeFileSync(w.env.FAKE_AWS_LOG!, "");
    const moved = await berth(w, ["bootstrap", "--config", w.config, "--env", "staging"]);
    expect(moved.code).toBe(2);
    expect(moved.stderr).toContain(
      "state.region: the state bucket shop-terraform-state already exists in eu-west-1, not in eu-central-1 where the config puts the state; nothing was changed",
    );
    expect(moved.stderr).toContain(
      'hint: to keep your state in it, set state: { region: "eu-west-1" } in the config; or, for a new bucket in eu-central-1, choose another name with state.bucket',
    );
    expect(readFileSync(w.env.FAKE_AWS_LOG!, "utf8")).not.toMatch(/put-bucket|create-bucket|dynamodb/);
  });

  it("says when another account owns the bucket name", async () => {
    const w = world();
    w.fakeAws({ forbidden: ["shop-terraform-state"] });
    const taken = await berth(w, ["bootstrap", "--config", w.config, "--env", "staging"]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain("state.bucket: the state bucket shop-terraform-state exists but these credentials may not use it (403)");
  });

  it("creates one bucket, in state.region, for environments in several regions", async () => {
    const w = world();
    writeFileSync(w.config, readFileSync(w.config, "utf8").replace("region: eu-west-1\n  prod:", "region: eu-central-1\n  prod:"));
    const refused = await berth(w, ["bootstrap", "--config", w.config]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("state.region: the environments are in 2 regions (eu-central-1 (staging), eu-west-1 (prod))");
    writeFileSync(w.config, readFileSync(w.config, "utf8").replace("state:\n", "state:\n  region: eu-west-1\n"));
    const b = await berth(w, ["bootstrap", "--config", w.config]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout.match(/s3:\/\/shop-terraform-state: created \(in eu-west-1\)/g)).toHaveLength(1);
    const s = await berth(w, ["synth", "--config", w.config, "--out", w.out]);
    expect(s.code, s.stderr).toBe(0);
    for (const path of ["staging/eu-central-1/network", "prod/eu-west-1/network"]) {
      expect(readFileSync(join(w.out, path, "backend.tf"), "utf8")).toMatch(/region\s+= "eu-west-1"/);
    }
  });
});

describe("berth plan and apply", { timeout: 120_000 }, () => {
  it("defers stacks whose upstream was never applied, wires outputs as terraform.tfvars.json, and records each apply beside the state", async () => {
    const w = world();
    await berth(w, ["bootstrap", "--config", w.config, "--env", "staging"]);
    const p = await berth(w, ["plan", ...common(w)]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toContain(
      "plan order: staging/eu-west-1/network → staging/eu-west-1/platform → staging/eu-west-1/service-api → staging/eu-west-1/service-web",
    );
    expect(rows(p.stdout)).toMatchObject({ network: "planned", platform: "deferred", "service-api": "deferred" });
    expect(p.stdout).toContain("platform: waits for staging/eu-west-1/network to be applied");
    // No mock ever reaches an online plan: the deferred stacks were not planned at all.
    expect(
      w
        .tfCalls()
        .filter((c) => c[1] === "plan")
        .map((c) => c[0]),
    ).toEqual(["network"]);

    w.clearLog();
    const a = await berth(w, ["apply", ...common(w), "--no-plan-deferred"]);
    expect(rows(a.stdout)).toMatchObject({ network: "applied", platform: "deferred", "service-api": "deferred" });
    expect(w.tfCalls().filter((c) => c[1] === "plan")).toEqual([]);
    // The next apply plans the deferred stacks once their upstream exists, and creates them.
    const b = await berth(w, ["apply", ...common(w)]);
    expect(b.code, b.stdout).toBe(0);
    expect(rows(b.stdout)).toEqual({ network: "not planned", platform: "applied", "service-api": "applied", "service-web": "applied" });
    const tfvars = JSON.parse(readFileSync(join(w.out, "staging/eu-west-1/service-api/terraform.tfvars.json"), "utf8"));
    expect(tfvars).toMatchObject({ vpc_id: "vpc_id@network", cluster_arn: "cluster_arn@platform", repository_url_api: "repository_url_api@platform" });
    const record = JSON.parse(readFileSync(join(w.dir, "aws/s3/shop-terraform-state/shop/staging/eu-west-1/service-api.berth.json"), "utf8"));
    expect(record).toMatchObject({ stack: "staging/eu-west-1/service-api", vars: tfvars, outputs: { url: "url@service-api" } });
    expect(record.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses `apply --yes` without a saved plan (exit 2, run `berth plan` first) instead of passing while doing nothing", async () => {
    const w = world();
    await berth(w, ["bootstrap", "--config", w.config, "--env", "staging"]);
    w.clearLog();
    const a = await berth(w, ["apply", ...common(w), "--yes"]);
    expect(a.code).toBe(2);
    expect(a.stdout).not.toContain("applying");
    expect(a.stderr).toContain("error: there is no saved plan to apply for the 4 selected stacks of staging in the out folder infra; run `berth plan` first");
    expect(a.stderr).toContain("hint: `berth plan` saves a plan per changed stack");
    expect(w.tfCalls().filter((c) => c[1] !== "version")).toEqual([]);
  });

  it("skips stacks unchanged since their last apply, plans them all with --all, and exits 3 with --detailed-exitcode only when there are changes", async () => {
    const w = await appliedWorld();
    w.clearLog();
    const p = await berth(w, ["plan", ...common(w), "--detailed-exitcode"]);
    expect(p.code).toBe(0);
    expect(Object.values(rows(p.stdout))).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);
    expect(w.tfCalls().filter((c) => c[1] !== "version")).toEqual([]);

    const all = await berth(w, ["plan", ...common(w), "--all", "--detailed-exitcode"]);
    expect(all.code).toBe(0);
    expect(Object.values(rows(all.stdout))).toEqual(["no changes", "no changes", "no changes", "no changes"]);

    // A change to one service re-plans that stack only.
    writeFileSync(w.config, readFileSync(w.config, "utf8").replace("port: 3000", "port: 3001"));
    w.clearLog();
    const one = await berth(w, ["plan", ...common(w), "--detailed-exitcode"]);
    expect(one.code).toBe(3);
    expect(rows(one.stdout)).toEqual({ network: "unchanged", platform: "unchanged", "service-api": "unchanged", "service-web": "planned" });
    expect([
      ...new Set(
        w
          .tfCalls()
          .filter((c) => c[1] === "plan")
          .map((c) => c[0]),
      ),
    ]).toEqual(["service-web"]);
  });

  it("refuses a saved plan when the config changed since", async () => {
    const w = await appliedWorld();
    writeFileSync(w.config, readFileSync(w.config, "utf8").replace("port: 3000", "port: 3001"));
    expect((await berth(w, ["plan", ...common(w)])).code).toBe(0);
    writeFileSync(w.config, readFileSync(w.config, "utf8").replace("port: 3001", "port: 3002"));
    w.clearLog();
    const a = await berth(w, ["apply", ...common(w)]);
    expect(a.code).toBe(1);
    expect(a.stdout).toContain(
      "service-web: the saved plan of staging/eu-west-1/service-web is stale: the config or a .tf file in the stack folder has changed since it was planned; run `berth plan` again",
    );
    expect(w.tfCalls().some((c) => c[0] === "service-web" && c[1] === "apply")).toBe(false);
  });

  it("refuses downstream plans whose upstream outputs changed when the upstream was applied", async () => {
    const w = await appliedWorld();
    expect((await berth(w, ["plan", ...common(w), "--all"])).code).toBe(0);
    w.fake({ outputs: { platform: { cluster_arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/new" } } });
    const a = await berth(w, ["apply", ...common(w)]);
    expect(a.code).toBe(1);
    expect(rows(a.stdout)).toMatchObject({ network: "applied", platform: "applied", "service-api": "failed", "service-web": "failed" });
    expect(a.stdout).toContain("is stale: inputs changed since it was planned (cluster_arn)");
    // Re-planning picks up the new output and converges.
    expect((await berth(w, ["plan", ...common(w)])).code).toBe(0);
    const again = await berth(w, ["apply", ...common(w)]);
    expect(again.code, again.stdout).toBe(0);
    expect(JSON.parse(readFileSync(join(w.out, "staging/eu-west-1/service-api/terraform.tfvars.json"), "utf8")).cluster_arn).toBe(
      "arn:aws:ecs:eu-west-1:123456789012:cluster/new",
    );
  });

  it("stops dependents of a failed stack, lets independent ones finish, and exits 1", async () => {
    const w = await appliedWorld();
    writeFileSync(
      w.config,
      readFileSync(w.config, "utf8")
        .replace("loadBalancers:\n  public: {}", "loadBalancers:\n  public: { idleTimeout: 120 seconds }")
        .replace("port: 3000", "port: 3001")
        .replace("port: 8080", "port: 8081"),
    );
    w.fake({ fail: { platform: "plan" } });
    const p = await berth(w, ["plan", ...common(w)]);
    expect(p.code).toBe(1);
    expect(rows(p.stdout)).toMatchObject({ network: "unchanged", platform: "failed", "service-api": "skipped", "service-web": "skipped" });
    expect(p.stdout).toMatch(
      /xx staging\/eu-west-1\/platform: terraform plan failed in stack staging\/eu-west-1\/platform \(exit 1\)\n\s+Error: simulated failure/,
    );
    expect(p.stdout).toContain("log: ");
  });

  it("names the lock id, its holder and the command to release it when someone else holds the state lock", async () => {
    const w = await appliedWorld();
    writeFileSync(w.config, readFileSync(w.config, "utf8").replace("port: 3000", "port: 3001"));
    w.fake({ locked: { "service-web": { id: "9f3c2a51-lock", who: "alice@ci-runner" } } });
    const p = await berth(w, ["plan", ...common(w)]);
    expect(p.code).toBe(1);
    expect(p.stdout).toContain(
      "the state of stack staging/eu-west-1/service-web is locked by alice@ci-runner for apply since 2026-01-01 10:00:00.000000000 +0000 UTC (lock id 9f3c2a51-lock)",
    );
    expect(p.stdout).toMatch(/terraform -chdir=\S+\/\.berth\/work\/staging\/eu-west-1\/service-web force-unlock 9f3c2a51-lock/);
  });

  it("prints one JSON event per line with --json", async () => {
    const w = await appliedWorld();
    const p = await berth(w, ["plan", ...common(w), "--json", "--stack", "service-*"]);
    expect(p.code).toBe(0);
    const events = p.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events[0]).toEqual({ event: "order", command: "plan", stacks: ["staging/eu-west-1/service-api", "staging/eu-west-1/service-web"] });
    // Independent stacks run in parallel, so their events may come in either order.
    expect(
      events
        .filter((e) => e.event === "done")
        .map((e) => [e.stack, e.state])
        .sort(),
    ).toEqual([
      ["staging/eu-west-1/service-api", "unchanged"],
      ["staging/eu-west-1/service-web", "unchanged"],
    ]);
    expect(events.every((e) => typeof e.event === "string")).toBe(true);
    // Stacks outside the selection keep their inputs beside them, from their records.
    expect(JSON.parse(readFileSync(join(w.out, "staging/eu-west-1/platform/terraform.tfvars.json"), "utf8"))).toMatchObject({ vpc_id: "vpc_id@network" });
  });
});

describe("prod safety", { timeout: 120_000 }, () => {
  it("applies in a prod-tier environment only with confirmation (--yes without a terminal)", async () => {
    const w = world();
    await berth(w, ["bootstrap", "--config", w.config, "--env", "prod"]);
    expect((await berth(w, ["plan", ...common(w, "prod")])).code).toBe(0);
    w.clearLog();
    const refused = await berth(w, ["apply", ...common(w, "prod")]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "applying 1 saved plans and creating 3 deferred stacks once their upstream is applied in the prod-tier environment prod needs confirmation, and there is no terminal to ask on",
    );
    expect(refused.stderr).toContain("hint: rerun with --yes");
    expect(w.tfCalls().some((c) => c[1] === "apply")).toBe(false);
    expect((await berth(w, ["apply", ...common(w, "prod"), "--yes"])).code).toBe(0);
  });

  it("refuses a prod plan that destroys or replaces a load balancer without --allow-destroy, and highlights it", async () => {
    const w = world();
    await berth(w, ["bootstrap", "--config", w.config, "--env", "prod"]);
    w.fake({ changes: { network: [{ address: "aws_lb.public", type: "aws_lb", actions: ["delete", "create"] }] } });
    const p = await berth(w, ["plan", ...common(w, "prod")]);
    expect(p.stdout).toContain("!! prod/eu-west-1/network: replaces aws_lb.public (data or traffic is lost)");
    const refused = await berth(w, ["apply", ...common(w, "prod"), "--yes"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("berth never destroys in prod without --allow-destroy");
    expect((await berth(w, ["apply", ...common(w, "prod"), "--yes", "--allow-destroy"])).code).toBe(0);
  });

  it("destroys in prod only with --allow-destroy", async () => {
    const w = world();
    const r = await berth(w, ["destroy", ...common(w, "prod"), "--yes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("destroying 4 stacks in the prod-tier environment prod; berth never destroys in prod without --allow-destroy");
  });
});

describe("berth deploy", { timeout: 120_000 }, () => {
  it("rolls one service to a new image, waits for the rollout, and a later plan shows no change for it", async () => {
    const w = await appliedWorld();
    w.clearLog();
    const d = await berth(w, ["deploy", "api", "--image", "1.4.2", ...common(w)]);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(d.stdout).toContain("service-api: applied — 0 to add, 1 to change, 0 to destroy; image 1.4.2, rollout completed");
    // Stacks only: `.berth/providers` is where berth pins the AWS provider it serves (provider-pin.ts).
    expect([
      ...new Set(
        w
          .tfCalls()
          .filter((c) => c[1] !== "version" && c[0] !== "providers")
          .map((c) => c[0]),
      ),
    ]).toEqual(["service-api"]);
    const awsLog = readFileSync(w.env.FAKE_AWS_LOG!, "utf8");
    expect(awsLog).toContain('"ecs","wait","services-stable","--cluster","cluster_arn@platform","--services","service_name@service-api"');
    expect(JSON.parse(readFileSync(join(w.out, "staging/eu-west-1/service-api/terraform.tfvars.json"), "utf8")).image_tag).toBe("1.4.2");

    // Every later plan keeps the deployed tag: fingerprints match, and a forced plan finds no change.
    expect(rows((await berth(w, ["plan", ...common(w)])).stdout)["service-api"]).toBe("unchanged");
    expect(rows((await berth(w, ["plan", ...common(w), "--all"])).stdout)["service-api"]).toBe("no changes");
  });

  it("deploys a blue/green service through CodeDeploy: the AppSpec names the new task definition, the traffic shift is reported", async () => {
    const w = await appliedWorld();
    writeFileSync(
      w.config,
      readFileSync(w.config, "utf8").replace("        path: /api/*\n", "        path: /api/*\n    deployment:\n      strategy: blue-green\n"),
    );
    w.env.BERTH_CODEDEPLOY_POLL_MS = "5";
    const d = await berth(w, ["deploy", "api", "--image", "1.4.2", ...common(w)]);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(d.stdout).toContain("image 1.4.2, blue/green deployment d-FAKE12345 succeeded");
    expect(d.stdout).toContain("stop it and roll back with: aws deploy stop-deployment --deployment-id d-FAKE12345 --auto-rollback-enabled --region eu-west-1");
    expect(d.stdout).toContain("d-FAKE12345: 50 % of production traffic on the new tasks");
    const calls = readFileSync(w.env.FAKE_AWS_LOG!, "utf8")
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { args: string[] }).args);
    const create = calls.find((c) => c[1] === "create-deployment")!;
    expect(create.slice(2, 6)).toEqual(["--application-name", "shop-staging-api", "--deployment-group-name", "shop-staging-api"]);
    const revision = JSON.parse(create[create.indexOf("--revision") + 1]!) as { appSpecContent: { content: string } };
    expect(JSON.parse(revision.appSpecContent.content).Resources[0].TargetService.Properties).toEqual({
      TaskDefinition: "task_definition_arn@service-api",
      LoadBalancerInfo: { ContainerName: "api", ContainerPort: 8080 },
    });
    expect(calls.some((c) => c[0] === "ecs" && c[1] === "wait")).toBe(false);

    w.fakeAws({ deployment: "Failed", deploymentError: "The deployment failed because a specified alarm fired" });
    writeFileSync(join(w.dir, "aws", "codedeploy-polls"), "0");
    const failed = await berth(w, ["deploy", "api", "--image", "1.4.3", ...common(w)]);
    expect(failed.code).toBe(1);
    expect(failed.stdout + failed.stderr).toContain(
      "blue/green deployment d-FAKE12345 failed (rolled back by d-ROLLBACK1): The deployment failed because a specified alarm fired; the service keeps running the previous task definition",
    );
  });

  it("reports a rollback by the circuit breaker and exits 1", async () => {
    const w = await appliedWorld();
    w.fakeAws({ rolledBack: true });
    const d = await berth(w, ["deploy", "api", "--image", `sha256:${"a".repeat(64)}`, ...common(w)]);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain("rollout rolled back: ECS deployment circuit breaker: tasks failed to start.");
  });

  it("--smoke requests the health URL through the load balancer and, when it fails, prints the rollback command (exit 1)", async () => {
    let healthy = true;
    const server = createServer((req, res) => res.writeHead(req.url === "/api/" && healthy ? 200 : 503).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const w = await appliedWorld();
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
      w.fake({ outputs: { "service-api": { url } } });
      w.env.BERTH_SMOKE_INTERVAL_MS = "10";
      const good = await berth(w, ["deploy", "api", "--image", "1.4.2", "--smoke", ...common(w)]);
      expect(good.code, good.stdout + good.stderr).toBe(0);
      // The api's health check path (/) goes to web on this listener: the smoke test asks the api's own prefix.
      expect(good.stdout).toContain(`smoke staging/api: GET ${url}/ → HTTP 200`);

      healthy = false;
      const bad = await berth(w, ["deploy", "api", "--image", "1.4.3", "--smoke", ...common(w)]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(
        `error: smoke test of api failed: GET ${url}/ answered HTTP 503, expected no server error; roll back with: berth deploy api --env staging --image 1.4.2`,
      );
      const standalone = await berth(w, ["smoke", "api", "--config", w.config, "--env", "staging", "--out", w.out]);
      expect(standalone.code).toBe(1);
      expect(standalone.stderr).toContain("roll back with: berth deploy api --env staging --image <the previous image tag>");
      healthy = true;
      const again = await berth(w, ["smoke", "api", "--config", w.config, "--env", "staging", "--out", w.out]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain(`smoke staging/api: GET ${url}/ → HTTP 200`);
    } finally {
      server.close();
    }
  });

  it("rejects an image that is neither a tag nor a digest, and an unknown service", async () => {
    const w = world();
    const bad = await berth(w, ["deploy", "api", "--image", "my image", ...common(w)]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--image "my image" is neither an image tag nor a digest');
    const unknown = await berth(w, ["deploy", "apx", "--image", "1", ...common(w)]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('there is no service "apx"\n  hint: services: api, web');
  });
});

describe("berth drift, output and destroy", { timeout: 120_000 }, () => {
  it("reports drift per stack and exits 3 with --detailed-exitcode", async () => {
    const w = await appliedWorld();
    w.fake({ drift: { network: [{ address: "aws_security_group.this", type: "aws_security_group", actions: ["update"] }] } });
    const d = await berth(w, ["drift", ...common(w), "--detailed-exitcode"]);
    expect(d.code).toBe(3);
    expect(rows(d.stdout)).toEqual({ network: "drifted", platform: "in sync", "service-api": "in sync", "service-web": "in sync" });
    expect(d.stdout).toContain("staging/eu-west-1/network: aws_security_group.this changed outside terraform (update)");
    expect(w.tfCalls().filter((c) => c[1] === "plan" && c.includes("-refresh-only"))).toHaveLength(4);
  });

  it("prints URLs and repository URLs from the records", async () => {
    const w = await appliedWorld();
    const o = await berth(w, ["output", ...common(w)]);
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(/staging\/eu-west-1\/service-api\s+url\s+url@service-api/);
    expect(o.stdout).toMatch(/staging\/eu-west-1\/platform\s+repository_url_api\s+repository_url_api@platform/);
    expect(o.stdout).not.toContain("vpc_id");
  });

  it("destroys downstream first with the variables of the last apply, and removes the records", async () => {
    const w = await appliedWorld();
    w.clearLog();
    const d = await berth(w, ["destroy", ...common(w), "--yes"]);
    expect(d.code, d.stdout).toBe(0);
    expect(d.stdout).toContain(
      "destroy order: staging/eu-west-1/service-web → staging/eu-west-1/service-api → staging/eu-west-1/platform → staging/eu-west-1/network",
    );
    const order = w
      .tfCalls()
      .filter((c) => c[1] === "destroy")
      .map((c) => c[0]);
    expect(order.indexOf("network")).toBe(3);
    expect(order.indexOf("platform")).toBe(2);
    expect(existsSync(join(w.dir, "aws/s3/shop-terraform-state/shop/staging/eu-west-1/network.berth.json"))).toBe(false);
    expect(rows((await berth(w, ["destroy", ...common(w), "--yes"])).stdout)).toMatchObject({ network: "not applied" });
  });
});

describe("Ctrl-C during apply", { timeout: 120_000 }, () => {
  async function applyAndInterrupt(w: World, times: number) {
    const child = spawn(process.execPath, [BIN, "apply", ...common(w)], { cwd: w.dir, env: w.env });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("close", r));
    const lock = join(w.out, ".berth/work/staging/eu-west-1/service-web/fake.tflock.json");
    for (let i = 0; i < 200 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(lock)).toBe(true);
    child.kill("SIGINT");
    if (times === 2) {
      // Signals are not queued: send the second only once berth has handled the first.
      for (let i = 0; i < 200 && !stdout.includes("interrupted:"); i++) await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGINT");
    }
    const code = await exited;
    return { code, stdout, lock };
  }

  async function planSlowWeb(w: World) {
    writeFileSync(w.config, readFileSync(w.config, "utf8").replace("port: 3000", "port: 3001"));
    expect((await berth(w, ["plan", ...common(w)])).code).toBe(0);
    w.fake({ slowApply: { "service-web": 20000 } });
  }

  it("forwards the first one to terraform, which stops gracefully and releases its lock", async () => {
    const w = await appliedWorld();
    await planSlowWeb(w);
    const r = await applyAndInterrupt(w, 1);
    expect(r.code).toBe(130);
    expect(r.stdout).toContain("interrupted: terraform is finishing what it started");
    expect(rows(r.stdout)["service-web"]).toBe("cancelled");
    expect(existsSync(r.lock)).toBe(false);
    const log = readFileSync(join(w.out, ".berth/logs/staging/eu-west-1/service-web.log"), "utf8");
    expect(log.match(/Interrupt received/g)).toHaveLength(1);
  });

  it("aborts on the second, then releases the lock terraform left behind", async () => {
    const w = await appliedWorld();
    await planSlowWeb(w);
    const r = await applyAndInterrupt(w, 2);
    expect(r.code).toBe(130);
    expect(r.stdout).toContain("aborting: terraform stops now");
    expect(r.stdout).toMatch(/service-web: released the state lock [0-9a-f-]{36} that the aborted run left behind/);
    expect(existsSync(r.lock)).toBe(false);
    expect(readFileSync(join(w.out, ".berth/logs/staging/eu-west-1/service-web.log"), "utf8")).toContain("Two interrupts received");
  });
});

describe("binaries and endpoints", { timeout: 120_000 }, () => {
  it("runs OpenTofu when named with --tf-binary, and explains how to install one when none is found", async () => {
    const w = world();
    writeFileSync(join(w.dir, "tofu"), `#!/bin/sh\nexec node ${JSON.stringify(join(FAKES, "fake-terraform.mjs"))} "$@"\n`, { mode: 0o755 });
    await berth(w, ["bootstrap", "--config", w.config, "--env", "staging"]);
    expect((await berth(w, ["plan", ...common(w), "--tf-binary", join(w.dir, "tofu")])).code).toBe(0);
    const none = await berth(w, ["plan", ...common(w), "--tf-binary", join(w.dir, "nope")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("was not found");
    expect(none.stderr).toContain("OpenTofu");
  });

  it("points every stack at a LocalStack endpoint with local state and path-style S3", async () => {
    const w = world();
    const p = await berth(w, ["plan", ...common(w), "--endpoint", "http://localhost:4566"]);
    expect(p.code, p.stderr).toBe(0);
    const work = join(w.out, ".berth/work/staging/eu-west-1/network");
    expect(readFileSync(join(work, "backend_override.tf"), "utf8")).toContain('backend "local"');
    const provider = readFileSync(join(work, "provider_override.tf"), "utf8");
    expect(provider).toContain("s3_use_path_style           = true");
    expect(provider).toMatch(/ecs\s+= "http:\/\/localhost:4566"/);
    // LocalStack runs need no state bucket: records stay in the output folder.
    expect(existsSync(join(w.dir, "aws"))).toBe(false);
    expect((await berth(w, ["apply", ...common(w), "--endpoint", "http://localhost:4566"])).code).toBe(0);
    expect(existsSync(join(w.out, ".berth/records/staging/eu-west-1/network.json"))).toBe(true);
  });
});
