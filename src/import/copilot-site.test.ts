/** Copilot Static Site manifests imported as berth sites: the folder, and what berth does differently reported. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "../model/resolve.js";
import { mapCopilot } from "./copilot-map.js";
import { readCopilot } from "./copilot-read.js";

function workspace(sites: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "berth-copilot-site-"));
  mkdirSync(join(root, "copilot", "environments", "test"), { recursive: true });
  writeFileSync(join(root, "copilot", ".workspace"), "application: shop\n");
  writeFileSync(join(root, "copilot", "environments", "test", "manifest.yml"), "name: test\ntype: Environment\n");
  for (const [name, manifest] of Object.entries(sites)) {
    mkdirSync(join(root, "copilot", name), { recursive: true });
    writeFileSync(join(root, "copilot", name, "manifest.yml"), `name: ${name}\ntype: Static Site\n${manifest}`);
  }
  return root;
}

describe("Copilot Static Site", () => {
  it("becomes sites.<name>.dir relative to the written config, and the config resolves", async () => {
    const root = workspace({
      web: "http:\n  alias: www.shop.example.com\nfiles:\n  - source: frontend/dist\n    recursive: true\n",
      docs: "files:\n  - source: docs/public\n    destination: docs\n  - source: robots.txt\n",
    });
    const r = await mapCopilot(readCopilot(root, root), { outDir: join(root, "infra"), region: "eu-west-1" });
    expect(r.config.sites).toEqual({ web: { dir: "../frontend/dist" } });
    const env = resolveModel(validateConfig(r.config)).environments[0]!;
    expect(env.sites.map((s) => [s.key, s.dir])).toEqual([["web", "../frontend/dist"]]);
    const entries = r.report.entries.map((e) => JSON.stringify(e));
    expect(entries.join("\n")).toMatch(/web\/manifest\.yml: http\.alias.*sites\.web\.host/);
    expect(entries.join("\n")).toMatch(/docs\/manifest\.yml: files.*berth uploads one folder to the bucket's root/);
  });
});
