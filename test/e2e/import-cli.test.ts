/** `berth import` as users run it: the report on stdout, exit codes, never overwriting without --force, located errors for malformed input. */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");

function berth(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copy(fixture: string): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-import-cli-"));
  cpSync(join(ROOT, "test", "fixtures", "import", fixture), dir, { recursive: true });
  return dir;
}

describe("berth import", () => {
  it("compose: writes berth.config.ts, prints the report, and berth validates the result", () => {
    const dir = copy("compose-shop");
    const r = berth(["import", "compose", "--region", "eu-west-1"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^not mapped \(\d+\):/m);
    expect(r.stdout).toContain("web is the public entry point: it publishes port 80");
    expect(r.stdout).toContain("wrote berth.config.ts");
    expect(readFileSync(join(dir, "berth.config.ts"), "utf8")).toContain('import { defineConfig } from "berth-iac";');
    const v = berth(["validate"], dir);
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);
  });

  it("--json prints the report as one JSON document", () => {
    const dir = copy("compose-shop");
    const r = berth(["import", "compose", "--json", "--region", "eu-west-1", "--out", "berth.yaml"], dir);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { out: string; problems: string[]; entries: { source: string; outcome: string; target?: unknown[] }[] };
    expect(doc.out).toBe("berth.yaml");
    expect(doc.problems).toEqual([]);
    expect(doc.entries).toContainEqual({
      source: "compose.yaml: services.web.deploy.replicas",
      outcome: "mapped",
      target: ["services", "web", "desiredCount"],
    });
  });

  it("never overwrites an existing --out without --force", () => {
    const dir = copy("compose-shop");
    writeFileSync(join(dir, "berth.yaml"), "# mine\n");
    const r = berth(["import", "compose", "--out", "berth.yaml"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("berth.yaml already exists; berth import does not overwrite it");
    expect(readFileSync(join(dir, "berth.yaml"), "utf8")).toBe("# mine\n");
    const forced = berth(["import", "compose", "--out", "berth.yaml", "--force"], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, "berth.yaml"), "utf8")).toContain("project: shop-demo");
  });

  it("copilot: writes YAML and asks for the values Copilot filled at deploy time", () => {
    const dir = copy("copilot-shop");
    const r = berth(["import", "copilot", ".", "--out", "berth.yml"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^to set \(6\):/m);
    expect(r.stdout).toContain("${TAG} in image.location was filled by Copilot at deploy time");
    // prod runs in an imported VPC: its CIDR and the account are not in the workspace.
    expect(r.stdout).toContain("network.vpc.id → environments.prod.network.vpc.cidr: the CIDR of vpc-0a1b2c3d4e5f67890");
    expect(r.stdout).toContain("network.vpc.id → environments.prod.account: the 12-digit id of the account that holds vpc-0a1b2c3d4e5f67890");
    expect(readFileSync(join(dir, "berth.yml"), "utf8")).toContain("# SET ME:");
  });

  it("exits 2 with file and line for a malformed Compose file or manifest, and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-import-cli-"));
    writeFileSync(join(dir, "compose.yaml"), "services:\n  web:\n    image: nginx\n    ports: [80\n");
    const r = berth(["import", "compose"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/compose\.yaml:\d+:\d+: invalid YAML/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "berth.config.ts"))).toBe(false);

    const ws = copy("copilot-shop");
    writeFileSync(join(ws, "copilot", "api", "manifest.yml"), "name: api\ntype: Backend Service\nimage:\n  location: x\n  port: 80\ncount: [1\n");
    const c = berth(["import", "copilot"], ws);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/copilot\/api\/manifest\.yml:\d+:\d+: invalid YAML/);
    expect(existsSync(join(ws, "berth.config.ts"))).toBe(false);
  });

  it("exits 2 for a required variable that is not set, naming the file, line and path", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-import-cli-"));
    writeFileSync(join(dir, "compose.yaml"), "services:\n  web:\n    image: ${IMAGE:?set IMAGE to the web image}\n");
    const r = berth(["import", "compose"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("compose.yaml:3: services.web.image: required variable IMAGE is missing a value: set IMAGE to the web image");
  });
});
