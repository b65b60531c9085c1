/**
 * `berth changed --base <ref>`: the stacks whose synthesized files differ from the config at a git ref,
 * those downstream of them, a function whose code folder changed, and a config new since the ref.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "..", "..", "bin", "berth.js");

const CONFIG = `project: shop
loadBalancers:
  public: {}
services:
  api: { port: 80, routes: [{ loadBalancer: public }] }
  web: { port: 3000, routes: [{ loadBalancer: public, path: "/web/*" }] }
functions:
  hook:
    dir: fn/dist
    build: { command: "true", dir: fn }
    events: [{ schedule: "rate(1 hour)" }]
environments:
  staging: { tier: staging, region: eu-west-1 }
  prod: { tier: prod, region: eu-west-1 }
`;

function repo() {
  const dir = mkdtempSync(join(tmpdir(), "berth-changed-"));
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir })
      .toString()
      .trim();
  mkdirSync(join(dir, "infra", "fn", "dist"), { recursive: true });
  writeFileSync(join(dir, "infra", "fn", "handler.js"), "export const handler = () => 1;\n");
  writeFileSync(join(dir, "infra", "fn", "dist", "index.js"), "built\n");
  writeFileSync(join(dir, ".gitignore"), "dist/\n");
  git("init", "-q");
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, "changed", "--config", join(dir, "infra", "berth.yaml"), ...args], { cwd: dir, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const json = (...args: string[]) => {
    const r = run("--json", ...args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as { env: string; stack: string; reason: string }[];
  };
  return { dir, git, run, json, write: (text: string) => writeFileSync(join(dir, "infra", "berth.yaml"), text) };
}

describe("berth changed", { timeout: 60_000 }, () => {
  it("lists nothing without a change, the changed stack per environment, and what is downstream of a changed stack", () => {
    const r = repo();
    r.write(CONFIG);
    r.git("add", ".");
    r.git("commit", "-qm", "base");
    expect(r.json("--base", "HEAD")).toEqual([]);
    expect(r.run("--base", "HEAD").stdout).toBe("no stack changed since HEAD\n");

    r.write(CONFIG.replace("api: { port: 80,", "api: { port: 80, cpu: 512, memory: 1024,"));
    expect(r.json("--base", "HEAD")).toEqual([
      { env: "prod", stack: "prod/eu-west-1/service-api", reason: "changed" },
      { env: "staging", stack: "staging/eu-west-1/service-api", reason: "changed" },
    ]);
    expect(r.json("--base", "HEAD", "--env", "prod")).toEqual([{ env: "prod", stack: "prod/eu-west-1/service-api", reason: "changed" }]);

    // The network's change reaches every stack that reads it, directly or not.
    r.write(CONFIG.replace("loadBalancers:", "network: { nat: single }\nloadBalancers:"));
    const prod = r.json("--base", "HEAD", "--env", "prod");
    expect(prod).toContainEqual({ env: "prod", stack: "prod/eu-west-1/network", reason: "changed" });
    expect(prod).toContainEqual({ env: "prod", stack: "prod/eu-west-1/service-web", reason: "upstream" });
    expect(prod.every((s) => s.reason !== "new")).toBe(true);
  });

  it("counts a function changed when tracked files in its code or build folder differ, not its untracked build output", () => {
    const r = repo();
    r.write(CONFIG);
    r.git("add", ".");
    r.git("commit", "-qm", "base");
    writeFileSync(join(r.dir, "infra", "fn", "dist", "index.js"), "rebuilt\n");
    expect(r.json("--base", "HEAD")).toEqual([]);
    writeFileSync(join(r.dir, "infra", "fn", "handler.js"), "export const handler = () => 2;\n");
    const changed = r.json("--base", "HEAD");
    expect(changed.map((s) => s.stack)).toEqual(["prod/eu-west-1/function-hook", "staging/eu-west-1/function-hook"]);
  });

  it("calls every stack new when the config did not exist at the ref; refuses an unknown ref (exit 2)", () => {
    const r = repo();
    writeFileSync(join(r.dir, "README"), "x\n");
    r.git("add", "README");
    r.git("commit", "-qm", "before berth");
    r.write(CONFIG);
    const all = r.run("--json", "--base", "HEAD");
    expect(all.code).toBe(0);
    expect(all.stderr).toContain("infra/berth.yaml did not exist at HEAD: every stack is new");
    const stacks = JSON.parse(all.stdout) as { reason: string }[];
    expect(stacks.length).toBeGreaterThan(6);
    expect(stacks.every((s) => s.reason === "new")).toBe(true);
    const bad = r.run("--base", "no-such-ref");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--base no-such-ref: not a commit of the git repository");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
