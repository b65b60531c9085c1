/**
 * `berth build` with a fake `docker` and a fake `aws` on PATH: the buildx arguments per service
 * (platform from the model, git-sha tag, SBOM and provenance when pushing), the ECR login with the
 * password on stdin only, and exit 2 without docker or without an engine.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");

const CONFIG = `# Two services: api on Graviton-sized Fargate (arm64), web on x86.
project: shop
loadBalancers:
  public: {}
services:
  api:
    port: 8080
    architecture: arm64
    routes: [{ loadBalancer: public, path: /api/* }]
    build: { context: services/api, dockerfile: Dockerfile.prod }
  web:
    port: 3000
    routes: [{ loadBalancer: public }]
    local: { command: npm start, cwd: web }
  proxy:
    port: 80
    image: public.ecr.aws/nginx/nginx:1.27
environments:
  staging: { tier: staging, region: eu-west-1 }
  prod: { tier: prod, region: eu-west-1, account: "210987654321" }
`;

function world() {
  const dir = mkdtempSync(join(tmpdir(), "berth-build-"));
  writeFileSync(join(dir, "berth.yaml"), CONFIG);
  mkdirSync(join(dir, "services", "api"), { recursive: true });
  mkdirSync(join(dir, "web"));
  writeFileSync(join(dir, "web", "server.js"), "");
  writeFileSync(join(dir, ".gitignore"), "*.log\n");
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
    })
      .toString()
      .trim();
  git("init", "-q");
  git("add", ".");
  git("commit", "-qm", "init");
  const sha = git("rev-parse", "HEAD");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(ROOT, "test", "fake-docker")}:${join(ROOT, "test", "fake-terraform")}:${process.env.PATH}`,
    FAKE_DOCKER_LOG: join(dir, "docker.log"),
    FAKE_AWS_DIR: join(dir, "aws"),
    FAKE_AWS_LOG: join(dir, "aws.log"),
  };
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const r = spawnSync(process.execPath, [BIN, "build", "--config", join(dir, "berth.yaml"), ...args], {
      cwd: dir,
      env: { ...env, ...extra },
      encoding: "utf8",
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const calls = () =>
    readFileSync(env.FAKE_DOCKER_LOG!, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { args: string[]; stdin: string });
  return { dir, sha, run, calls, git };
}

describe("berth build", { timeout: 60_000 }, () => {
  it("builds each service with an image of its own into the local engine, for its platform, tagged with the commit", () => {
    const w = world();
    const r = w.run(["--env", "staging"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const builds = w.calls().filter((c) => c.args[1] === "build");
    expect(builds.map((c) => c.args)).toEqual([
      [
        "buildx",
        "build",
        "--platform",
        "linux/arm64",
        "--file",
        join(w.dir, "services/api/Dockerfile.prod"),
        "--tag",
        `shop-api:${w.sha}`,
        "--label",
        `org.opencontainers.image.revision=${w.sha}`,
        "--provenance=false",
        "--load",
        join(w.dir, "services/api"),
      ],
      [
        "buildx",
        "build",
        "--platform",
        "linux/amd64",
        "--file",
        join(w.dir, "web/Dockerfile"),
        "--tag",
        `shop-web:${w.sha}`,
        "--label",
        `org.opencontainers.image.revision=${w.sha}`,
        "--provenance=false",
        "--load",
        join(w.dir, "web"),
      ],
    ]);
    expect(w.calls().some((c) => c.args[0] === "login")).toBe(false);
    expect(r.stdout).toContain(`built shop-api:${w.sha}, shop-web:${w.sha}`);
  });

  it("--push logs in to the environment's registry with the password on stdin and pushes with SBOM and provenance", () => {
    const w = world();
    const r = w.run(["api", "--env", "prod", "--push"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [check, info, login, build] = w.calls();
    expect(check!.args).toEqual(["buildx", "version"]);
    expect(info!.args).toEqual(["info", "--format", "{{.ServerVersion}}"]);
    expect(login!.args).toEqual(["login", "--username", "AWS", "--password-stdin", "210987654321.dkr.ecr.eu-west-1.amazonaws.com"]);
    expect(login!.stdin).toBe("fake-ecr-password");
    expect(build!.args).toContain(`210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop-prod-api:${w.sha}`);
    expect(build!.args.slice(-4)).toEqual(["--sbom=true", "--provenance=mode=max", "--push", join(w.dir, "services/api")]);
    expect(w.calls()).toHaveLength(4);
    expect(JSON.stringify(w.calls().map((c) => c.args))).not.toContain("fake-ecr-password");
    expect(r.stdout).not.toContain("fake-ecr-password");
  });

  it("does not push a commit's tag again to a prod repository, whose tags are immutable (a re-run pipeline); mutable ones are not asked", () => {
    const w = world();
    mkdirSync(join(w.dir, "aws", "ecr", "shop-prod-api"), { recursive: true });
    writeFileSync(join(w.dir, "aws", "ecr", "shop-prod-api", w.sha), "");
    const r = w.run(["--env", "prod", "--push"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `api: 210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop-prod-api:${w.sha} is already in its repository, whose tags are immutable`,
    );
    const built = w
      .calls()
      .filter((c) => c.args[1] === "build")
      .map((c) => c.args[c.args.indexOf("--tag") + 1]);
    expect(built).toEqual([`210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop-prod-web:${w.sha}`]);
    const asked = () =>
      readFileSync(join(w.dir, "aws.log"), "utf8")
        .split("\n")
        .filter((l) => l.includes("describe-images"));
    expect(asked()).toHaveLength(2);
    expect(w.run(["--env", "staging", "--push"]).code).toBe(0);
    expect(asked()).toHaveLength(2);
  });

  it("asks the caller's account when the config names none", () => {
    const w = world();
    expect(w.run(["web", "--env", "staging", "--push"]).code).toBe(0);
    expect(w.calls().find((c) => c.args[1] === "build")!.args).toContain(`123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-staging-web:${w.sha}`);
    expect(readFileSync(join(w.dir, "aws.log"), "utf8")).toContain('"sts","get-caller-identity"');
  });

  it("tags a build context with uncommitted changes <sha>-dirty, refuses to push it, and ignores untracked output", () => {
    const w = world();
    mkdirSync(join(w.dir, "infra"));
    writeFileSync(join(w.dir, "infra", "plan.json"), "{}");
    expect(w.run(["web", "--env", "staging"]).code).toBe(0);
    expect(w.calls().find((c) => c.args[1] === "build")!.args).toContain(`shop-web:${w.sha}`);
    writeFileSync(join(w.dir, "web", "server.js"), "changed");
    expect(w.run(["web", "--env", "staging"]).code).toBe(0);
    expect(w.calls().filter((c) => c.args[1] === "build")[1]!.args).toContain(`shop-web:${w.sha}-dirty`);
    const push = w.run(["web", "--env", "staging", "--push"]);
    expect(push.code).toBe(2);
    expect(push.stderr).toContain(`the build contexts have uncommitted changes; a pushed image must be exactly commit ${w.sha.slice(0, 12)}`);
  });

  it("says so and exits 2 without docker, without an engine, without --env, or for a service it does not build", () => {
    const w = world();
    const noDocker = w.run(["--env", "staging"], { BERTH_DOCKER_BINARY: join(w.dir, "no-such-docker") });
    expect(noDocker.code).toBe(2);
    expect(noDocker.stderr).toContain("docker was not found");
    const noEngine = w.run(["--env", "staging"], { FAKE_DOCKER_NO_ENGINE: "1" });
    expect(noEngine.code).toBe(2);
    expect(noEngine.stderr).toContain("no Docker engine is running (docker info: Cannot connect to the Docker daemon");
    const noEnv = w.run([]);
    expect(noEnv.code).toBe(2);
    expect(noEnv.stderr).toContain("berth build needs --env");
    const proxy = w.run(["proxy", "--env", "staging"]);
    expect(proxy.code).toBe(2);
    expect(proxy.stderr).toContain('"proxy" is not a service berth builds in staging\n  hint: services with an image to build: api, web');
    for (const r of [noDocker, noEngine, noEnv, proxy]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 1 when a build fails", () => {
    const w = world();
    const r = w.run(["web", "--env", "staging"], { FAKE_DOCKER_FAIL_BUILD: "1" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error: docker buildx build failed (exit 1)");
  });
});
