import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, UsageError } from "../errors.js";
import { readCopilot, withOverrides } from "./copilot-read.js";

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-copilot-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("readCopilot", () => {
  it("needs copilot/.workspace", () => {
    expect(() => readCopilot(workspace({ "README.md": "" }))).toThrow(UsageError);
  });

  it("locates a malformed manifest by file and line", () => {
    const dir = workspace({ "copilot/.workspace": "application: a\n", "copilot/api/manifest.yml": "name: api\ntype: Backend Service\nimage:\n  port: [80\n" });
    try {
      readCopilot(dir, dir);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).report()).toMatch(/copilot\/api\/manifest\.yml:\d+:\d+: invalid YAML/);
    }
  });

  it("lists pipelines and environment addons, which berth does not map", () => {
    const dir = workspace({
      "copilot/.workspace": "application: a\n",
      "copilot/pipelines/release/manifest.yml": "name: release\n",
      "copilot/environments/addons/vpc-endpoints.yml": "Resources: {}\n",
      "copilot/environments/dev/manifest.yml": "name: dev\ntype: Environment\n",
    });
    const ws = readCopilot(dir, dir);
    expect(ws.environments.map((e) => e.name)).toEqual(["dev"]);
    expect(ws.services).toEqual([]);
    expect(ws.others.map((o) => o.path)).toEqual(["copilot/environments/addons", "copilot/pipelines"]);
  });

  it("refuses an unknown manifest type at its line", () => {
    const dir = workspace({ "copilot/.workspace": "application: a\n", "copilot/api/manifest.yml": "name: api\n\ntype: Lambda Function\n" });
    expect(() => readCopilot(dir, dir)).toThrow(ConfigError);
    try {
      readCopilot(dir, dir);
    } catch (e) {
      expect((e as ConfigError).report()).toContain('copilot/api/manifest.yml:3: type: unknown manifest type "Lambda Function"');
    }
  });
});

describe("withOverrides", () => {
  it("merges maps key by key and replaces scalars, lists and maps of another shape", () => {
    const m = {
      count: { range: "1-10", cpu_percentage: 70 },
      variables: { A: "1", B: "2" },
      http: { path: "/", alias: ["a.example.com"] },
      cpu: 256,
      environments: { prod: { count: { range: "3-20" }, variables: { B: "3" }, http: { alias: ["b.example.com"] }, cpu: 1024 }, test: { count: 1 } },
    };
    expect(withOverrides(m, "prod")).toEqual({
      count: { range: "3-20", cpu_percentage: 70 },
      variables: { A: "1", B: "3" },
      http: { path: "/", alias: ["b.example.com"] },
      cpu: 1024,
    });
    expect(withOverrides(m, "test").count).toBe(1);
    expect(withOverrides(m, undefined)).not.toHaveProperty("environments");
  });
});
