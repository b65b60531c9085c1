/** The `berth` command as users run it: exit codes, messages, atomic and deterministic output. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");

function berth(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("berth CLI", () => {
  it("validates an example", () => {
    const r = berth(["validate", "--config", "examples/skyfox/berth.config.ts"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("devprod (prod, ap-south-1): 3 services, 2 load balancers, 5 stacks");
  });

  it("reports a YAML config error with file, line and path, exits 2, and writes nothing", () => {
    const out = join(mkdtempSync(join(tmpdir(), "berth-cli-")), "out");
    const r = berth(["synth", "--config", "test/fixtures/bad-yaml/berth.yaml", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('test/fixtures/bad-yaml/berth.yaml:5: services.api: unknown key "memroy"; did you mean "memory"?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("reports contradictory database settings with their paths and fixes, exits 2, and writes nothing", () => {
    const out = join(mkdtempSync(join(tmpdir(), "berth-cli-")), "out");
    const r = berth(["synth", "--config", "test/fixtures/bad-database/berth.yaml", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("environments.prod.databases.main.multiAz: true needs at least 2 availability zones; this environment has 1");
    expect(r.stderr).toContain("hint: set network.azs: 2 (or more), or multiAz: false");
    expect(r.stderr).toContain("databases.main.maxStorage: (40 GB) must be larger than storage (50 GB) for storage autoscaling");
    expect(r.stderr).toContain('services.api.secrets.STRIPE_KEY.secret: secret "stripe-key" does not exist; known: none declared');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it("writes byte-identical data stacks on every run", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-cli-"));
    for (const d of ["a", "b"]) expect(berth(["synth", "--config", "examples/task-api/berth.config.ts", "--out", join(dir, d)]).code).toBe(0);
    const ta = tree(join(dir, "a"));
    expect(Object.keys(ta)).toContain("prod/us-east-1/data/databases.tf");
    expect(tree(join(dir, "b"))).toEqual(ta);
  });

  it("loads YAML configs", () => {
    const r = berth(["validate", "--config", "test/fixtures/minimal-yaml/berth.yaml"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("staging (staging, eu-west-1): 1 services, 1 load balancers, 3 stacks");
  });

  it("finds the config by its default name", () => {
    const r = berth(["validate"], join(ROOT, "test/fixtures/minimal-yaml"));
    expect(r.code).toBe(0);
  });

  it("exits 2 with a hint when there is no config", () => {
    const r = berth(["validate"], tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no config file found in .*\n  hint: create berth\.config\.ts or berth\.yaml/);
    expect(berth(["validate", "--config", "nope.ts"]).stderr).toContain("config file not found: nope.ts");
  });

  it("exits 2 on an unknown command or environment", () => {
    expect(berth(["synthesize"]).code).toBe(2);
    const r = berth(["validate", "--config", "examples/skyfox/berth.config.ts", "--env", "prod"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('environments: environment "prod" does not exist');
  });

  it("writes byte-identical stacks on every run", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-cli-"));
    const a = berth(["synth", "--config", "examples/skyfox/berth.config.ts", "--out", join(dir, "a")]);
    const b = berth(["synth", "--config", "examples/skyfox/berth.config.ts", "--out", join(dir, "b")]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const ta = tree(join(dir, "a"));
    expect(Object.keys(ta)).toContain("devprod/ap-south-1/service-backend/task.tf");
    expect(tree(join(dir, "b"))).toEqual(ta);
    // Re-synthesizing into the same directory leaves it as it was and no temporary directories.
    expect(berth(["synth", "--config", "examples/skyfox/berth.config.ts", "--out", join(dir, "a")]).code).toBe(0);
    expect(tree(join(dir, "a"))).toEqual(ta);
    expect(readdirSync(join(dir, "a"))).toEqual(["devprod"]);
  });

  it("keeps the user's files, says unchanged when nothing changed, and refuses a user's file at berth's path with exit 2", () => {
    const out = join(mkdtempSync(join(tmpdir(), "berth-cli-")), "out");
    const synth = () => berth(["synth", "--config", "examples/skyfox/berth.config.ts", "--out", out]);
    expect(synth().code).toBe(0);
    const network = join(out, "devprod/ap-south-1/network");
    writeFileSync(join(network, "waf.tf"), "# mine\n");
    const again = synth();
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged: \d+ files in .* already up to date/);
    expect(readFileSync(join(network, "waf.tf"), "utf8")).toBe("# mine\n");
    writeFileSync(join(network, "versions.tf"), "# mine too\n");
    const refused = synth();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${network}/versions.tf`);
    expect(refused.stderr).toMatch(/nothing was written/);
    expect(readFileSync(join(network, "versions.tf"), "utf8")).toBe("# mine too\n");
  });

  it("prints the JSON Schema", () => {
    const r = berth(["schema"]);
    const schema = JSON.parse(r.stdout);
    expect(schema.properties.services.additionalProperties.properties.port.description).toMatch(/Container port/);
    expect(schema.additionalProperties).toBe(false);
  });

  it("keeps the config reference page (docs/config.md) in step with the schema", () => {
    const r = berth(["docs", "--check"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("exits 2 naming the stacks when --stack matches none", () => {
    const r = berth(["plan", "--config", "examples/skyfox/berth.config.ts", "--out", join(tmpdir(), "x"), "--stack", "servce-*"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: --stack servce-\* matches no stack\n  hint: stacks: devprod\/ap-south-1\/network, /);
  });
});
