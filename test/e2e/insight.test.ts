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
  it("berth validate says when the interface endpoints the model added cost more than a NAT gateway", () => {
    const r = berth(["validate", "--config", "examples/skyfox/berth.config.ts"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /devprod \(prod, ap-south-1\): .*\n {2}note: The 9 interface endpoints \(9 × 3 AZs = 27 network interfaces\) cost \$217\.31 a month, more than one NAT gateway would/,
    );
  });

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
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { environment: string; region: string; currency: string; monthly: number });
    expect(lines.map((l) => [l.environment, l.region, l.currency])).toEqual([
      ["prod", "us-east-1", "USD"],
      ["staging", "us-east-1", "USD"],
    ]);
    const saved = join(mkdtempSync(join(tmpdir(), "berth-cost-")), "estimate.json");
    writeFileSync(saved, r.stdout.replace(/"monthly":248\.57/, '"monthly":200'));
    const c = berth(["cost", "--config", "examples/task-api/berth.config.ts", "--env", "prod", "--compare", saved]);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain("prod (us-east-1): $248.57 a month against $200.00 at");
    expect(c.stdout).toContain(": +$48.57");
  });

  it("--json prints an environment with a recovery region as one object per region (sarc-ng prod)", () => {
    const r = berth(["cost", "--config", "examples/sarc-ng/berth.config.ts", "--env", "prod", "--json"]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { environment: string; region: string; items: { stack: string; item: string }[] });
    expect(lines.map((l) => [l.environment, l.region])).toEqual([
      ["prod", "us-east-1"],
      ["prod", "us-west-2"],
    ]);
    expect(lines[0]!.items.some((i) => i.stack === "function-api" && i.item.startsWith("Lambda compute"))).toBe(true);
    expect(lines[1]!.items.some((i) => i.item.startsWith("Aurora global replicated write I/O"))).toBe(true);
  });

  it("exits 2 on a --compare that is neither a file nor a git ref", () => {
    const r = berth(["cost", "--config", "examples/task-api/berth.config.ts", "--compare", "no-such-ref-anywhere"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --compare no-such-ref-anywhere: not a saved estimate file, nor a git ref/);
  });
});

describe("berth check", () => {
  const EXAMPLES = ["skyfox", "sky-high-booker", "8byte-backend", "sarc-ng", "task-api"];

  it("passes every example's prod-tier environment with no open high or critical finding (or a reason in the config)", () => {
    for (const ex of EXAMPLES) {
      const r = berth(["check", "--config", `examples/${ex}/berth.config.ts`, "--format", "json"]);
      expect(r.stderr, ex).toBe("");
      const { findings } = JSON.parse(r.stdout) as { findings: { environment: string; severity: string; rule: string; suppressed?: { reason: string } }[] };
      const prodEnvs = prodTierEnvironments(ex);
      expect(prodEnvs.length, ex).toBeGreaterThan(0);
      const open = findings.filter((f) => prodEnvs.includes(f.environment) && ["high", "critical"].includes(f.severity) && !f.suppressed);
      expect(open, ex).toEqual([]);
    }
  });

  it("exits 1 on an open finding at or above --severity, 0 below it, and names the file and line", () => {
    // An internet-facing load balancer without a domain serves plain HTTP: BERTH001, high.
    const dir = mkdtempSync(join(tmpdir(), "berth-check-"));
    const config = join(dir, "berth.yaml");
    writeFileSync(
      config,
      [
        "project: prop",
        "loadBalancers: { public: {} }",
        "services: { api: { port: 80, routes: [{ loadBalancer: public }] } }",
        "environments: { staging: { tier: staging, region: ap-south-1 } }",
        "",
      ].join("\n"),
    );
    const high = berth(["check", "--config", config, "--env", "staging", "--severity", "high"]);
    expect(high.code).toBe(1);
    expect(high.stdout).toMatch(/HIGH {5}BERTH001 staging: prop-staging-public listens on HTTP only\n.*staging\/ap-south-1\/platform\/load-balancers\.tf:\d+/);
    expect(berth(["check", "--config", config, "--env", "staging", "--severity", "critical"]).code).toBe(0);
    const prod = berth(["check", "--config", "examples/8byte-backend/berth.config.ts", "--env", "prod", "--severity", "high"]);
    expect(prod.code).toBe(0);
    expect(prod.stdout).toContain("Accepted in the config:\n  BERTH001 prod load balancer public: The seed serves HTTP only");
  });

  it("prints SARIF and the rule list, and refuses a bad format or severity with exit 2", () => {
    const s = berth(["check", "--config", "examples/task-api/berth.config.ts", "--format", "sarif"]);
    expect(s.code).toBe(1);
    const sarif = JSON.parse(s.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: unknown[] } } }[] };
    expect([sarif.version, sarif.runs[0]!.tool.driver.name, sarif.runs[0]!.tool.driver.rules.length >= 50]).toEqual(["2.1.0", "berth", true]);
    expect(berth(["check", "--list"]).stdout).toMatch(/^BERTH001 {2}high {5}Internet-facing load balancer serves plain HTTP/);
    const bad = berth(["check", "--config", "examples/task-api/berth.config.ts", "--format", "xml"]);
    expect([bad.code, bad.stderr]).toEqual([2, "error: --format xml: expected text, json or sarif\n"]);
    expect(berth(["check", "--config", "examples/task-api/berth.config.ts", "--severity", "urgent"]).code).toBe(2);
  });
});

/** Environments of an example whose tier is prod (from `berth validate`'s summary). */
function prodTierEnvironments(example: string): string[] {
  const r = berth(["validate", "--config", `examples/${example}/berth.config.ts`]);
  return [...r.stdout.matchAll(/^(\S+) \(prod, /gm)].map((m) => m[1]!);
}
