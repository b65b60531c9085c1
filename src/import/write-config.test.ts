import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config/load.js";
import { UsageError } from "../errors.js";
import { ImportReport } from "./report.js";
import { writeImported } from "./write-config.js";

function sample() {
  const report = new ImportReport();
  const config = {
    project: "demo",
    services: { "api-v2": { port: 8080, routes: [{ loadBalancer: "public" }], environment: { MODE: "x" } } },
    loadBalancers: { public: {} },
    environments: { prod: { tier: "prod", region: "us-east-1" } },
  };
  report.derived("compose.yaml: ports", ["services", "api-v2", "routes"], "the public entry point");
  report.toSet("compose.yaml: (no region)", ["environments", "prod", "region"], "the AWS region");
  report.notMapped("compose.yaml: services.api.volumes[0]", "a bind mount", ["services", "api-v2", "volumes"]);
  report.mapped("compose.yaml: services.api.environment.MODE", ["services", "api-v2", "environment", "MODE"]);
  return { config, report, header: ["Imported for a test."] };
}

describe("writeImported", () => {
  it("writes TypeScript with defineConfig and comments above derived, to-set and unmapped values; berth loads it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-import-"));
    const out = join(dir, "berth.config.ts");
    writeImported(sample(), out);
    const text = readFileSync(out, "utf8");
    expect(text).toContain('import { defineConfig } from "berth-iac";');
    expect(text).toMatch(/\/\/ Not mapped: services\.api\.volumes\[0\]: a bind mount\n\s+"api-v2": \{/);
    expect(text).toMatch(/\/\/ the public entry point\n\s+routes: \[\{ loadBalancer: "public" \}\],/);
    expect(text).toMatch(/\/\/ SET ME: the AWS region\n\s+region: "us-east-1",/);
    expect(text).not.toContain('MODE: "x" //');
    const loaded = await loadConfig({ config: out });
    expect(loaded.config).toEqual(sample().config);
  });

  it("writes YAML for .yaml with the same comments, and it parses back to the config", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-import-"));
    const out = join(dir, "berth.yaml");
    writeImported(sample(), out);
    const text = readFileSync(out, "utf8");
    expect(parse(text)).toEqual(sample().config);
    expect(text).toMatch(/# SET ME: the AWS region\n\s+region: us-east-1/);
    expect(text).toMatch(/# Not mapped: services\.api\.volumes\[0\]: a bind mount\n\s+api-v2:/);
    expect(text.startsWith("# Imported for a test.")).toBe(true);
  });

  it("never overwrites an existing file without force, and leaves no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-import-"));
    const out = join(dir, "berth.config.ts");
    writeFileSync(out, "// mine\n");
    expect(() => writeImported(sample(), out)).toThrow(UsageError);
    expect(readFileSync(out, "utf8")).toBe("// mine\n");
    writeImported(sample(), out, { force: true });
    expect(readFileSync(out, "utf8")).toContain("defineConfig");
    expect(readdirSync(dir)).toEqual(["berth.config.ts"]);
    expect(existsSync(join(dir, ".berth.config.ts.tmp"))).toBe(false);
  });

  it("refuses a folder that does not exist, with a usage error", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-import-"));
    expect(() => writeImported(sample(), join(dir, "nope", "berth.yaml"), { display: "nope/berth.yaml" })).toThrow(
      /cannot write nope\/berth.yaml: its folder does not exist/,
    );
  });

  it("writes the same bytes for the same input", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-import-"));
    writeImported(sample(), join(dir, "a.ts"));
    writeImported(sample(), join(dir, "b.ts"));
    expect(readFileSync(join(dir, "a.ts"), "utf8")).toBe(readFileSync(join(dir, "b.ts"), "utf8"));
  });
});

describe("check", () => {
  it("says what berth validate would: schema, model and plain-secret problems", async () => {
    const { check } = await import("./run.js");
    expect(await check(sample().config)).toEqual([]);
    const bad = sample().config as Record<string, unknown>;
    (bad.services as Record<string, Record<string, unknown>>)["api-v2"]!.environment = { DB_PASSWORD: "hunter2hunter2" };
    (bad.services as Record<string, Record<string, unknown>>)["api-v2"]!.routes = [{ loadBalancer: "missing" }];
    const problems = await check(bad);
    expect(problems.join("\n")).toMatch(/DB_PASSWORD: looks like a secret/);
    expect(problems.join("\n")).toMatch(/missing/);
  });
});
