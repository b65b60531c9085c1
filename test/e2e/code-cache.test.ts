/**
 * The `berth` command runs its CommonJS bundle from V8's code cache (`bin/load-cli.js`): the cache the
 * build trained must fit the Node that runs the tests, and what the bundle loads as ES modules from outside
 * (a JavaScript config; ESM-only packages under `berth dev`, covered by test/dev) must load through the
 * loader's own `import()`, since code compiled from a cache cannot call it.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const LOADER = pathToFileURL(join(ROOT, "bin", "load-cli.js")).href;

describe("the berth command's code cache", () => {
  it("is built beside the bundle and accepted by this Node, and the bundle's main is what runs", () => {
    const cache = join(ROOT, "dist", "bundle", "berth.cjs.cache");
    expect(existsSync(cache)).toBe(true);
    expect(statSync(cache).size).toBeGreaterThan(100_000); // the trained functions, not only the top level
    const probe = `import { loadCli } from ${JSON.stringify(LOADER)};
const { exports, script } = loadCli();
console.log(JSON.stringify({ rejected: script.cachedDataRejected, main: typeof exports.main }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ rejected: false, main: "function" });
  });

  it("still runs when the cache does not fit (compiled as usual)", () => {
    const probe = `import { loadCli } from ${JSON.stringify(LOADER)};
const { exports, script } = loadCli({ cache: false });
console.log(JSON.stringify({ rejected: script.cachedDataRejected ?? null, main: typeof exports.main }));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { encoding: "utf8" });
    expect(JSON.parse(r.stdout)).toEqual({ rejected: null, main: "function" });
  });

  it("loads a JavaScript (ES module) config through the loader's import()", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-cache-"));
    const config = {
      project: "shop",
      loadBalancers: { public: {} },
      services: { api: { port: 8080, routes: [{ loadBalancer: "public", path: "/api/*" }], healthCheck: { path: "/health" } } },
      environments: { staging: { tier: "staging", region: "eu-west-1" } },
    };
    writeFileSync(join(dir, "berth.config.mjs"), `export default ${JSON.stringify(config)};\n`);
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "berth.js"), "validate"], { cwd: dir, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("berth.config.mjs is valid");
  });
});
