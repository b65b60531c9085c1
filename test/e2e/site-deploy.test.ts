/**
 * `berth deploy <site>` end to end: the built CLI with the fake `terraform` and `aws` (test/fake-terraform):
 * the build runs, only the site's stack is applied, the folder reaches the bucket and the distribution is
 * invalidated; a missing folder is a located user error that applies nothing.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { berth, fakeTools, ROOT } from "../support/fake-tools.js";

function world(site: string) {
  const dir = mkdtempSync(join(tmpdir(), "berth-site-deploy-"));
  cpSync(join(ROOT, "test", "fixtures", "runner", "berth.yaml"), join(dir, "berth.yaml"));
  writeFileSync(join(dir, "berth.yaml"), readFileSync(join(dir, "berth.yaml"), "utf8") + site);
  const fakes = fakeTools(dir);
  const env = fakes.env;
  const run = (args: string[]) => berth([...args, "--config", join(dir, "berth.yaml")], { cwd: dir, env });
  const awsCalls = (): string[][] => fakes.awsCalls().map((c) => [...c.args]);
  const tfStacks = (): string[] => [
    ...new Set(
      fakes
        .terraformCalls()
        .filter((c) => c.args[0] !== "version" && c.stack !== "providers")
        .map((c) => c.stack),
    ),
  ];
  return { dir, env, run, awsCalls, tfStacks };
}

const SITE = `sites:
  docs:
    dir: docs/dist
    spa: true
    build:
      command: mkdir -p dist/assets && echo '<h1>docs</h1>' > dist/index.html && echo 'x' > dist/assets/app-1a2b3c4d.js
      cwd: docs
`;

describe("berth deploy <site>", { timeout: 120_000 }, () => {
  it("builds, applies only the site's stack, uploads the folder and invalidates the distribution", async () => {
    const w = world(SITE);
    mkdirSync(join(w.dir, "docs"));
    expect((await w.run(["bootstrap", "--env", "staging"])).code).toBe(0);
    const d = await w.run(["deploy", "docs", "--env", "staging", "--out", join(w.dir, "infra")]);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(w.tfStacks()).toEqual(["site-docs"]);
    expect(d.stdout).toMatch(/site-docs: applied .*docs\/dist uploaded to bucket_name@site-docs, invalidation IFAKE12345/);
    const bucket = join(w.env.FAKE_AWS_DIR!, "s3", "bucket_name@site-docs");
    expect(readFileSync(join(bucket, "index.html"), "utf8")).toContain("<h1>docs</h1>");
    const calls = w.awsCalls().filter((c) => c[0] === "s3" || c[0] === "cloudfront");
    expect(calls.map((c) => c.slice(0, 2))).toEqual([
      ["s3", "sync"],
      ["s3", "sync"],
      ["cloudfront", "create-invalidation"],
    ]);
    expect(calls[0]).toEqual(expect.arrayContaining(["--include", "assets/*", "--cache-control", "public, max-age=31536000, immutable"]));
    expect(calls[1]).toEqual(expect.arrayContaining(["--delete", "--cache-control", "no-cache"]));
    expect(calls[2]).toEqual(expect.arrayContaining(["--distribution-id", "distribution_id@site-docs", "--paths", "/*"]));
  });

  it("a site folder that does not exist is a user error at sites.<name>.dir, before any terraform or upload", async () => {
    const w = world("sites:\n  docs:\n    dir: public\n");
    const v = await w.run(["validate"]);
    expect(v.stdout).toContain("staging (staging, eu-west-1): 2 services, 1 static site, 1 load balancers, 5 stacks");
    const d = await w.run(["deploy", "docs", "--env", "staging", "--out", join(w.dir, "infra")]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/sites\.docs\.dir: the folder .*public does not exist/);
    expect(d.stderr).not.toMatch(/\n\s+at /);
    expect(w.tfStacks()).toEqual([]);
    expect(w.awsCalls().filter((c) => c[0] === "s3" || c[0] === "cloudfront")).toEqual([]);
  });
});
