import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tsLineOf } from "./ts-lines.js";

const lineOfText = (source: string, needle: string): number => source.slice(0, source.indexOf(needle)).split("\n").length;

describe("tsLineOf", () => {
  const source = `import { defineConfig } from "berth-iac";
// A comment with { braces } and "quotes: {"
const subnets = (n: number) => ({ public: n, private: n });
export default defineConfig({
  project: "shop", // { not a key: 1 }
  services: {
    web: {
      port: 3000,
      routes: [
        { loadBalancer: "public", path: "/*" },
        {
          loadBalancer: 'internal',
          path: \`/api/\${"x".replace(/}/g, "")}/*\`,
        },
      ],
      "health-check": { path: "/health" },
      environment: { RE: String(/[{]/.source), ...{ spread: 1 } },
    },
  },
  network: { subnets: subnets(3), azs: 2 },
  environments: { prod: { tier: "prod", region: "us-east-1" } } as const,
});
`;
  const lineOf = tsLineOf(source)!;

  it("gives the line of each property key and array element of the object given to defineConfig", () => {
    expect(lineOf(["project"])).toBe(lineOfText(source, "project:"));
    expect(lineOf(["services", "web", "port"])).toBe(lineOfText(source, "port: 3000"));
    expect(lineOf(["services", "web", "routes", 0])).toBe(lineOfText(source, '{ loadBalancer: "public"'));
    expect(lineOf(["services", "web", "routes", 1, "loadBalancer"])).toBe(lineOfText(source, "loadBalancer: 'internal'"));
    expect(lineOf(["services", "web", "routes", 1, "path"])).toBe(lineOfText(source, "path: `"));
    expect(lineOf(["services", "web", "health-check", "path"])).toBe(lineOfText(source, '"health-check"'));
    expect(lineOf(["environments", "prod", "region"])).toBe(lineOfText(source, "environments:"));
    expect(lineOf([])).toBe(lineOfText(source, "defineConfig({"));
  });

  it("falls back to the nearest enclosing literal property for computed values and missing keys", () => {
    expect(lineOf(["network", "subnets", "public"])).toBe(lineOfText(source, "network:"));
    expect(lineOf(["services", "web", "cpu"])).toBe(lineOfText(source, "    web: {"));
    expect(lineOf(["services", "web", "environment", "spread"])).toBe(lineOfText(source, "environment: {"));
    expect(lineOf(["nothing", "here"])).toBe(lineOfText(source, "defineConfig({"));
  });

  it("follows export default {…} and a variable exported by default", () => {
    expect(tsLineOf('export default {\n  project: "x",\n  services: {\n    a: { port: 1 },\n  },\n};\n')!(["services", "a", "port"])).toBe(4);
    expect(tsLineOf('const config: Config = {\n  project: "x",\n  region: "y",\n};\nexport default config;\n')!(["region"])).toBe(3);
    expect(tsLineOf("export default makeConfig();\n")).toBeUndefined();
  });

  it("gives up rather than guess when the source is not what it can follow", () => {
    expect(tsLineOf('export default { project: "unterminated\n')).toBeUndefined();
  });

  it("finds every key of the examples' configs", () => {
    for (const ex of ["task-api", "sarc-ng", "skyfox"]) {
      const text = readFileSync(join(import.meta.dirname, "..", "..", "examples", ex, "berth.config.ts"), "utf8");
      const lines = tsLineOf(text)!;
      expect(lines(["project"]), ex).toBe(lineOfText(text, "  project:"));
      expect(lines(["environments"]), ex).toBe(lineOfText(text, "  environments:"));
    }
  });
});
