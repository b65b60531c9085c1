/** What `npm pack` would publish: the command, the built library with its types, the README and licence; no tests or sources. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

describe("the npm package", () => {
  it("is named berth-iac, installs the berth command, and packs dist, bin, README and LICENSE only", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; bin: Record<string, string> };
    expect([pkg.name, pkg.bin]).toEqual(["berth-iac", { berth: "bin/berth.js" }]);
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        "bin/berth.js",
        "bin/load-cli.js",
        "dist/bundle/berth.cjs",
        "dist/bundle/berth.cjs.cache",
        "dist/index.js",
        "dist/index.d.ts",
        "dist/cli/main.js",
        "README.md",
        "LICENSE",
        "package.json",
      ]),
    );
    const stray = files.filter((f) => !/^(dist|bin)\//.test(f) && !["README.md", "LICENSE", "package.json"].includes(f));
    expect(stray).toEqual([]);
    expect(files.filter((f) => /\.test\.|\.cases\.|^src\/|^test\/|^examples\//.test(f))).toEqual([]);
  });
});
