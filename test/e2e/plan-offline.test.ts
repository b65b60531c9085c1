/**
 * `berth plan --offline` as users and CI run it: the same pipeline, flags and events as online plans,
 * `plan.json` beside each stack, no saved plan and no mock left where terraform or `apply` could take
 * it, and Ctrl-C exits 130. Runs the real terraform with the AWS provider; fails, never skips, without it.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const CONFIG = "test/fixtures/minimal-yaml/berth.yaml";
const STACKS = ["staging/eu-west-1/network", "staging/eu-west-1/platform", "staging/eu-west-1/service-api"];

const berth = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const events = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: "utf8" }) : []);

describe("berth plan --offline", () => {
  it("plans every stack with --json events, leaves plan.json beside each and no saved plan or mock behind", { timeout: 240_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), "berth-offline-cli-"));
    const r = berth(["plan", "--offline", "--json", "--config", CONFIG, "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const all = events(r.stdout);
    expect(all[0]).toEqual({ event: "order", command: "plan", stacks: STACKS });
    const done = all.filter((e) => e.event === "done");
    // Mocks make the stacks independent: they finish in any order.
    expect(done.map((e) => [e.stack, e.state]).sort()).toEqual(STACKS.map((s) => [s, "planned"]));
    for (const s of STACKS) {
      expect(existsSync(join(out, s, "plan.json"))).toBe(true);
      // Mock inputs stay in the offline work copy: plain terraform in the stack folder never sees them.
      expect(existsSync(join(out, s, "terraform.tfvars.json"))).toBe(false);
    }
    expect(files(join(out, ".berth")).filter((f) => f.endsWith("tfplan"))).toEqual([]);
    expect(existsSync(join(out, ".berth", "work"))).toBe(false);
  });

  it("honours --stack and --detailed-exitcode, reading the others' mocks", { timeout: 240_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), "berth-offline-cli-"));
    const r = berth(["plan", "--offline", "--json", "--stack", "service-*", "--detailed-exitcode", "--config", CONFIG, "--out", out]);
    expect(r.code).toBe(3);
    expect(
      events(r.stdout)
        .filter((e) => e.event === "done")
        .map((e) => [e.stack, e.state]),
    ).toEqual([["staging/eu-west-1/service-api", "planned"]]);
    expect(existsSync(join(out, "staging/eu-west-1/network/plan.json"))).toBe(false);
  });

  it("plans the user's own .tf files and the config's terraform/ extensions with berth's", { timeout: 240_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-offline-ext-"));
    copyFileSync(join(ROOT, CONFIG), join(dir, "berth.yaml"));
    mkdirSync(join(dir, "terraform", "network"), { recursive: true });
    writeFileSync(join(dir, "terraform", "network", "extra.tf"), 'output "from_extension" {\n  value = "copied by berth"\n}\n');
    const out = join(dir, "infra");
    expect(berth(["synth", "--config", join(dir, "berth.yaml"), "--out", out]).code).toBe(0);
    writeFileSync(join(out, "staging/eu-west-1/network/mine.tf"), 'output "from_user" {\n  value = aws_vpc.this.cidr_block\n}\n');
    const r = berth(["plan", "--offline", "--stack", "network", "--config", join(dir, "berth.yaml"), "--out", out]);
    expect(r.code).toBe(0);
    const plan = JSON.parse(readFileSync(join(out, "staging/eu-west-1/network/plan.json"), "utf8")) as { output_changes: Record<string, { after: unknown }> };
    expect(plan.output_changes.from_extension?.after).toBe("copied by berth");
    expect(Object.keys(plan.output_changes)).toContain("from_user");
    // The user's file is still there, untouched.
    expect(readFileSync(join(out, "staging/eu-west-1/network/mine.tf"), "utf8")).toContain("from_user");
  });

  it("refuses --endpoint with exit 2", () => {
    const r = berth([
      "plan",
      "--offline",
      "--endpoint",
      "http://localhost:4566",
      "--config",
      CONFIG,
      "--out",
      mkdtempSync(join(tmpdir(), "berth-offline-cli-")),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--offline and --endpoint exclude each other/);
  });

  it("exits 130 on Ctrl-C, says cancelled, and leaves no saved plan", { timeout: 240_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "berth-offline-cli-"));
    const child = spawn(process.execPath, [BIN, "plan", "--offline", "--json", "--config", CONFIG, "--out", out], { cwd: ROOT });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString("utf8");
      // Interrupt while terraform works on the first stack.
      if (!before.includes('"event":"start"') && stdout.includes('"event":"start"')) setTimeout(() => child.kill("SIGINT"), 1500);
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    const all = events(stdout);
    expect(all.filter((e) => e.event === "done").map((e) => e.state)).toContain("cancelled");
    expect(all).toContainEqual({ event: "note", message: "cancelled" });
    expect(files(join(out, ".berth")).filter((f) => f.endsWith("tfplan"))).toEqual([]);
  });
});
