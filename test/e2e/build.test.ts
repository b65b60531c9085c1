/**
 * `berth build` with a fake `docker` and a fake `aws` on PATH: the buildx arguments per service
 * (platform from the model, git-sha tag, SBOM and provenance when pushing), the ECR login with the
 * password on stdin only, and exit 2 without docker or without an engine.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { berthSync, fakeTools, jsonLines } from "../support/fake-tools.js";

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
functions:
  hook:
    dir: fn/dist
    build: { command: 'mkdir -p dist && echo built > dist/index.mjs && echo "$BUILD_NOTE"', dir: fn }
    events: [{ schedule: "rate(1 hour)" }]
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
  mkdirSync(join(dir, "fn"));
  writeFileSync(join(dir, "fn", "handler.js"), "");
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
  const { env } = fakeTools(dir, { docker: true });
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}, command = "build") =>
    berthSync([command, "--config", join(dir, "berth.yaml"), ...args], { cwd: dir, env: { ...env, ...extra } });
  const calls = () => jsonLines<{ args: string[]; stdin: string }>(env.FAKE_DOCKER_LOG!);
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
    const fakeConfig = join(w.dir, "fake-aws.json");
    writeFileSync(fakeConfig, JSON.stringify({ images: { [`shop-prod-api:${w.sha}`]: "sha256:0123abcd" } }));
    const r = w.run(["--env", "prod", "--push"], { FAKE_AWS_CONFIG: fakeConfig });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      `api: 210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop-prod-api:${w.sha} is in the repository already (sha256:0123abcd); not rebuilt`,
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
    expect(w.run(["--env", "staging", "--push"], { FAKE_AWS_CONFIG: fakeConfig }).code).toBe(0);
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

  it("runs each function's build command in its folder first; --functions needs no Docker and no --env", () => {
    const w = world();
    const all = w.run(["--env", "staging"], { BUILD_NOTE: "from the hook build" });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/building the code of hook: mkdir -p dist[^\n]*\(in fn\)\nfrom the hook build\n[^]*building api/);
    expect(readFileSync(join(w.dir, "fn", "dist", "index.mjs"), "utf8")).toBe("built\n");

    const only = w.run(["--functions"], { BERTH_DOCKER_BINARY: join(w.dir, "no-such-docker"), FAKE_DOCKER_LOG: join(w.dir, "functions-only.log") });
    expect(only.stderr).toBe("");
    expect(only.code).toBe(0);
    expect(only.stdout).toContain("building the code of hook");
    expect(existsSync(join(w.dir, "functions-only.log"))).toBe(false);
    // Naming a function builds only its code.
    expect(w.run(["hook"], { BERTH_DOCKER_BINARY: join(w.dir, "no-such-docker") }).code).toBe(0);
  });

  it("a failing function build exits 1 naming the function and the command; --functions refuses --push and services", () => {
    const w = world();
    writeFileSync(join(w.dir, "fn", "dist"), "a file where the build wants a folder");
    const failed = w.run(["--functions"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("the build of functions.hook failed (exit 1): `mkdir -p dist");
    expect(failed.stderr).toContain("in fn");
    expect(w.calls()).toEqual([]);
    const push = w.run(["--functions", "--push"]);
    expect(push.code).toBe(2);
    expect(push.stderr).toContain("--functions builds only the functions' code");
    const svc = w.run(["api", "--functions"]);
    expect(svc.code).toBe(2);
    expect(svc.stderr).toContain('"api": not a function');
  });

  it("--cache gha adds buildx's GitHub Actions cache, one scope per service and platform", () => {
    const w = world();
    expect(w.run(["api", "--env", "prod", "--push", "--cache", "gha"]).code).toBe(0);
    const args = w.calls().find((c) => c.args[1] === "build")!.args;
    expect(args.join(" ")).toContain("--cache-from type=gha,scope=shop-api-linux-arm64 --cache-to type=gha,mode=max,scope=shop-api-linux-arm64");
    const bad = w.run(["api", "--env", "prod", "--cache", "s3"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--cache s3: unknown cache");
  });

  it("promote copies staging's tested image to prod's repository by digest, under the same tag", () => {
    const w = world();
    const fakeConfig = join(w.dir, "fake-aws.json");
    writeFileSync(fakeConfig, JSON.stringify({ images: { [`shop-staging-api:${w.sha}`]: "sha256:0123abcd" } }));
    const r = w.run(["api", "--from", "staging", "--env", "prod"], { FAKE_AWS_CONFIG: fakeConfig }, "promote");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const calls = w.calls().map((c) => c.args);
    expect(calls.filter((a) => a[0] === "login").map((a) => a.at(-1))).toEqual([
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
      "210987654321.dkr.ecr.eu-west-1.amazonaws.com",
    ]);
    expect(calls.at(-1)).toEqual([
      "buildx",
      "imagetools",
      "create",
      "--tag",
      `210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop-prod-api:${w.sha}`,
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-staging-api@sha256:0123abcd",
    ]);
    expect(calls.some((a) => a[1] === "build")).toBe(false);
    expect(readFileSync(join(w.dir, "aws.log"), "utf8")).toContain(
      `"describe-images","--repository-name","shop-staging-api","--image-ids","imageTag=${w.sha}"`,
    );
  });

  it("promote refuses an image staging does not have, a service on another platform there, and a missing --from (exit 2)", () => {
    const w = world();
    const missing = w.run(["api", "--from", "staging", "--env", "prod", "--image", "v9"], {}, "promote");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("shop-staging-api:v9 is not in staging's registry, so there is nothing to promote");
    expect(w.calls().some((c) => c.args[1] === "imagetools")).toBe(false);
    const noFrom = w.run(["--env", "prod"], {}, "promote");
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toContain("berth promote needs --from <environment> and --env <environment>");
    writeFileSync(
      join(w.dir, "berth.yaml"),
      CONFIG.replace(
        "staging: { tier: staging, region: eu-west-1 }",
        "staging: { tier: staging, region: eu-west-1, services: { api: { architecture: x86_64 } } }",
      ),
    );
    const platform = w.run(["api", "--from", "staging", "--env", "prod"], {}, "promote");
    expect(platform.code).toBe(2);
    expect(platform.stderr).toContain("api runs on linux/amd64 in staging but linux/arm64 in prod");
  });

  it("a re-run pushes nothing twice: build --push and promote skip a tag the repository has; promote refuses one with another digest", () => {
    const w = world();
    const fakeConfig = join(w.dir, "fake-aws.json");
    const images = { [`shop-prod-api:${w.sha}`]: "sha256:0123abcd", [`shop-staging-api:${w.sha}`]: "sha256:0123abcd" };
    writeFileSync(fakeConfig, JSON.stringify({ images }));
    const build = w.run(["api", "--env", "prod", "--push"], { FAKE_AWS_CONFIG: fakeConfig });
    expect(build.code).toBe(0);
    expect(build.stdout).toContain(
      `api: 210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop-prod-api:${w.sha} is in the repository already (sha256:0123abcd); not rebuilt`,
    );
    const promote = w.run(["api", "--from", "staging", "--env", "prod"], { FAKE_AWS_CONFIG: fakeConfig }, "promote");
    expect(promote.code).toBe(0);
    expect(promote.stdout).toContain("is sha256:0123abcd already");
    expect(w.calls().some((c) => c.args[1] === "build" || c.args[1] === "imagetools")).toBe(false);

    writeFileSync(fakeConfig, JSON.stringify({ images: { ...images, [`shop-prod-api:${w.sha}`]: "sha256:ffff" } }));
    const other = w.run(["api", "--from", "staging", "--env", "prod"], { FAKE_AWS_CONFIG: fakeConfig }, "promote");
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("exists with another digest (sha256:ffff) than staging tested (sha256:0123abcd)");
  });
});
