/**
 * `berth diagram` as users run it, with the SVG of every example environment rendered by headless
 * Chromium (Debian's `chromium`; `.ci/run` installs it): no XML or rendering error, every service in
 * the rendered page, and a screenshot kept in test/artifacts/diagrams/ for a person to look at.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromium, findChromium, hasTextChunk, PNG_MARKER } from "../../src/insight/diagram/png.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const ARTIFACTS = join(ROOT, "test", "artifacts", "diagrams");
const EXAMPLES: Record<string, string[]> = {
  skyfox: ["devprod"],
  "sky-high-booker": ["prod"],
  "8byte-backend": ["staging", "prod"],
  "sarc-ng": ["dev", "staging", "prod"],
  "task-api": ["staging", "prod"],
};

function berth(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const isPng = (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe("berth diagram", { timeout: 300_000 }, () => {
  const browser = findChromium();

  it("finds Chromium (CI installs Debian's chromium)", () => {
    expect(browser, "install chromium (apt-get install chromium) or set BERTH_CHROMIUM").toBeDefined();
  });

  it("tells a broken SVG from a good one (the check below can fail)", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-diagram-"));
    writeFileSync(join(dir, "bad.svg"), '<svg xmlns="http://www.w3.org/2000/svg"><text>a &b</text></svg>');
    expect(chromium(browser!, `file://${join(dir, "bad.svg")}`, ["--dump-dom"])).toMatch(/parsererror/);
  });

  it("renders the SVG of every example environment in headless Chromium without errors, and keeps a screenshot", () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), "berth-diagram-"));
    for (const [example, envs] of Object.entries(EXAMPLES)) {
      for (const env of envs) {
        const file = join(dir, `${example}-${env}.svg`);
        const r = berth(["diagram", "--config", `examples/${example}/berth.config.ts`, "--env", env, "--out", file]);
        expect(r.code, r.stderr).toBe(0);
        const svg = readFileSync(file, "utf8");
        const dom = chromium(browser!, `file://${file}`, ["--dump-dom"]);
        expect(dom, `${example} ${env}`).not.toMatch(/parsererror|This page contains the following errors/);
        const titles = [...svg.matchAll(/>((?:Service|Worker|Job|Function|HTTP API|Queue|Topic|Schedule) [a-z0-9-]+)<\/text>/g)].map((m) => m[1]!);
        expect(titles.length, `${example} ${env}`).toBeGreaterThan(0);
        for (const title of titles) expect(dom).toContain(title);
        if (example === "sarc-ng" && env === "prod") {
          for (const text of [
            "Function api",
            "HTTP API public",
            "GET /resources → api",
            "Queue reservation-events",
            "Worker recorder",
            "Job expire",
            "Schedule expire",
          ])
            expect(dom, text).toContain(text);
          for (const text of ["us-west-2 · recovery region", "Aurora global replication", "ECR replication"]) expect(dom, text).toContain(text);
        }
        expect(dom).toContain("<svg");
        const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!;
        const png = join(ARTIFACTS, `${example}-${env}.png`);
        chromium(browser!, `file://${file}`, [`--screenshot=${png}`, `--window-size=${w},${h}`, "--default-background-color=ffffffff"]);
        const shot = readFileSync(png);
        expect(isPng(shot)).toBe(true);
        expect([shot.readUInt32BE(16), shot.readUInt32BE(20)]).toEqual([Number(w), Number(h)]);
      }
    }
  });

  it("writes a PNG through Chromium, marked as berth's, and overwrites only its own files", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-diagram-"));
    const png = join(dir, "arch.png");
    const r = berth(["diagram", "--config", "examples/task-api/berth.config.ts", "--env", "prod", "--out", png]);
    expect([r.code, r.stderr]).toEqual([0, `wrote ${png} (prod, png)\n`]);
    const b = readFileSync(png);
    expect(isPng(b) && hasTextChunk(b, PNG_MARKER)).toBe(true);
    expect(berth(["diagram", "--config", "examples/task-api/berth.config.ts", "--env", "prod", "--out", png]).code).toBe(0);
    const mine = join(dir, "mine.svg");
    writeFileSync(mine, "<svg/>");
    const refused = berth(["diagram", "--config", "examples/task-api/berth.config.ts", "--env", "prod", "--out", mine]);
    expect([refused.code, readFileSync(mine, "utf8")]).toEqual([2, "<svg/>"]);
    expect(refused.stderr).toContain("exists and was not written by berth diagram");
  });

  it("prints Mermaid, and asks for --env when the config has several environments", () => {
    const m = berth(["diagram", "--config", "examples/sarc-ng/berth.config.ts", "--env", "prod", "--format", "mermaid"]);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/^%% Generated by berth diagram: sarc-ng-prod \(prod, us-east-1 \+ us-west-2\)\nflowchart LR\n/);
    expect(m.stdout).toContain('internet -->|"HTTPS (failover primary)"| lb_public');
    expect(m.stdout).toContain('internet -->|"HTTPS (failover secondary)"| us_west_2_lb_public');
    expect(m.stdout).toContain('api_public -->|"invoke"| fn_api');
    expect(m.stdout).toContain('subgraph region_us_west_2["us-west-2 · recovery region"]');
    const many = berth(["diagram", "--config", "examples/sarc-ng/berth.config.ts"]);
    expect([many.code, many.stderr]).toEqual([2, "error: the config has 3 environments; choose one with --env\n  hint: e.g. --env dev\n"]);
  });
});
