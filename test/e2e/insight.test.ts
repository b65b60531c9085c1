/** `berth cost` (and the other insight commands) as users run them: output, --json shape, --compare, exit codes. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");

function berth(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("berth cost", () => {
  it("prints the estimate with its arithmetic, assumptions, choices and sources", () => {
    const r = berth(["cost", "--config", "examples/skyfox/berth.config.ts"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^devprod \(ap-south-1\): \$\d+\.\d\d a month, prices recorded \d{4}-\d\d-\d\d/);
    expect(r.stdout).toContain("19710 endpoint-hours × $0.011");
    expect(r.stdout).toContain("cost.privateTraffic: 50 GB a month");
    expect(r.stdout).toMatch(/NAT gateways \(network\.nat\): nat "none" \+ 9 interface endpoints → nat "single": −\$\d+\.\d\d a month/);
    expect(r.stdout).toContain("27 network interfaces");
    expect(r.stdout).toContain("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/ap-south-1/index.csv");
  });

  it("--json prints one object per environment in the issue's shape, and --compare a saved one", () => {
    const r = berth(["cost", "--config", "examples/task-api/berth.config.ts", "--json"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { environment: string; currency: string; monthly: number });
    expect(lines.map((l) => [l.environment, l.currency])).toEqual([
      ["prod", "USD"],
      ["staging", "USD"],
    ]);
    const saved = join(mkdtempSync(join(tmpdir(), "berth-cost-")), "estimate.json");
    writeFileSync(saved, r.stdout.replace(/"monthly":229\.77/, '"monthly":200'));
    const c = berth(["cost", "--config", "examples/task-api/berth.config.ts", "--env", "prod", "--compare", saved]);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain("prod: $229.77 a month against $200.00 at");
    expect(c.stdout).toContain(": +$29.77");
  });

  it("exits 2 on a --compare that is neither a file nor a git ref", () => {
    const r = berth(["cost", "--config", "examples/task-api/berth.config.ts", "--compare", "no-such-ref-anywhere"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --compare no-such-ref-anywhere: not a saved estimate file, nor a git ref/);
  });
});
