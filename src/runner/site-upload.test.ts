/** A static site's delivery against a fake `aws` that records its calls: build, folder checks, two syncs, the invalidation. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import type { Site } from "../model/types.js";
import { awsCli } from "./aws-cli.js";
import { buildSite, explicitTypeCopies, siteDir, uploadSite } from "./site-upload.js";

const site = (over: Partial<Site> = {}): Site => ({
  key: "web",
  name: "shop-prod-web",
  bucket: "shop-prod-web-site",
  dir: "web/dist",
  build: null,
  spa: true,
  immutable: ["assets/*", "static/*"],
  priceClass: "PriceClass_100",
  domainName: null,
  originAccessControl: "shop-prod-web-oac",
  forceDestroy: false,
  ...over,
});

let dir: string;
let log: string;
const fakeAws = (): string => {
  const bin = join(dir, "aws");
  writeFileSync(
    bin,
    `#!/usr/bin/env node
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + "\\n");
if (args[0] === "cloudfront" && args[1] === "create-invalidation") console.log(JSON.stringify({ Location: "x", Invalidation: { Id: "I2J3K4L5M6", Status: "InProgress" } }));
if (process.env.FAKE_AWS_FAIL && args[0] === "s3") { process.stderr.write("An error occurred (AccessDenied) when calling the PutObject operation: Access Denied\\n"); process.exit(1); }
`,
  );
  chmodSync(bin, 0o755);
  return bin;
};
const calls = (): string[][] =>
  readFileSync(log, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as string[]);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "berth-site-"));
  log = join(dir, "aws.log");
  writeFileSync(log, "");
});

describe("uploadSite", () => {
  it("syncs hashed assets with a year's cache, then the rest with no-cache and deletions, then invalidates every path", async () => {
    const aws = awsCli({ base: { ...process.env, BERTH_AWS_BINARY: fakeAws() } });
    const dist = join(dir, "srv", "web", "dist");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), "<h1>hi</h1>");
    writeFileSync(join(dist, "assets", "app-1a2b.js"), "x");
    const result = await uploadSite(aws, site(), dist, { bucket: "shop-prod-web-site", distributionId: "E0A1B2C3", region: "eu-west-1" });
    expect(result).toEqual({ invalidationId: "I2J3K4L5M6" });
    expect(calls()).toEqual([
      [
        "s3",
        "sync",
        dist,
        "s3://shop-prod-web-site/",
        "--no-progress",
        "--exclude",
        "*",
        "--include",
        "assets/*",
        "--include",
        "static/*",
        "--cache-control",
        "public, max-age=31536000, immutable",
        "--output",
        "json",
        "--region",
        "eu-west-1",
      ],
      ["s3", "sync", dist, "s3://shop-prod-web-site/", "--no-progress", "--delete", "--cache-control", "no-cache", "--output", "json", "--region", "eu-west-1"],
      ["cloudfront", "create-invalidation", "--distribution-id", "E0A1B2C3", "--paths", "/*", "--output", "json"],
    ]);
  });

  it("copies the files of types the CLI may not know with their type, after the syncs and before the invalidation", async () => {
    const aws = awsCli({ base: { ...process.env, BERTH_AWS_BINARY: fakeAws() } });
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "index.html"), "x");
    writeFileSync(join(dir, "dist", "app.mjs"), "x");
    await uploadSite(aws, site(), join(dir, "dist"), { bucket: "b", distributionId: "E1", region: "eu-west-1" });
    expect(calls().map((c) => c.slice(0, 2).join(" "))).toEqual(["s3 sync", "s3 sync", "s3 cp", "cloudfront create-invalidation"]);
    expect(calls()[2]).toEqual(expect.arrayContaining(["--include", "*.mjs", "--content-type", "text/javascript; charset=utf-8", "--region", "eu-west-1"]));
  });

  it("stops at a failed sync, before the invalidation", async () => {
    const aws = awsCli({ base: { ...process.env, BERTH_AWS_BINARY: fakeAws(), FAKE_AWS_FAIL: "1" } });
    await expect(uploadSite(aws, site(), dir, { bucket: "b", distributionId: "E1", region: "eu-west-1" })).rejects.toThrow(/AccessDenied/);
    expect(calls().map((c) => c[0])).toEqual(["s3"]);
  });
});

describe("explicitTypeCopies", () => {
  it("sets the type of fonts and modules the CLI may not know, per cache class, only for extensions the folder has", () => {
    mkdirSync(join(dir, "dist", "assets"), { recursive: true });
    mkdirSync(join(dir, "dist", "fonts"), { recursive: true });
    for (const f of ["index.html", "assets/app-1a2b.js", "assets/inter-9f8e.woff2", "fonts/logo.woff2", "site.webmanifest"])
      writeFileSync(join(dir, "dist", f), "x");
    const calls = explicitTypeCopies(site(), join(dir, "dist"), "s3://b/");
    const tail = (c: string[]) => c.slice(4);
    expect(calls.map(tail)).toEqual([
      [
        "--recursive",
        "--no-progress",
        "--exclude",
        "*",
        "--include",
        "*.webmanifest",
        "--exclude",
        "assets/*",
        "--exclude",
        "static/*",
        "--content-type",
        "application/manifest+json",
        "--cache-control",
        "no-cache",
      ],
      [
        "--recursive",
        "--no-progress",
        "--exclude",
        "*",
        "--include",
        "assets/*.woff2",
        "--include",
        "static/*.woff2",
        "--content-type",
        "font/woff2",
        "--cache-control",
        "public, max-age=31536000, immutable",
      ],
      [
        "--recursive",
        "--no-progress",
        "--exclude",
        "*",
        "--include",
        "*.woff2",
        "--exclude",
        "assets/*",
        "--exclude",
        "static/*",
        "--content-type",
        "font/woff2",
        "--cache-control",
        "no-cache",
      ],
    ]);
    expect(calls.every((c) => c.slice(0, 4).join(" ") === `s3 cp ${join(dir, "dist")} s3://b/`)).toBe(true);
    expect(explicitTypeCopies(site(), join(dir, "dist", "fonts"), "s3://b/")).toHaveLength(1);
  });
});

describe("buildSite and siteDir", () => {
  it("runs the build in its folder, then finds index.html in dir", async () => {
    mkdirSync(join(dir, "web"));
    const s = site({ build: { command: "mkdir -p dist && echo '<h1>hi</h1>' > dist/index.html", cwd: "web" } });
    expect(() => siteDir(s, dir)).toThrow(/sites\.web\.dir: the folder .*web\/dist does not exist/);
    await buildSite(s, dir);
    expect(siteDir(s, dir)).toBe(join(dir, "web", "dist"));
  });

  it("reports a failed build at build.command, and a folder without index.html at dir", async () => {
    mkdirSync(join(dir, "web", "dist"), { recursive: true });
    const failing = buildSite(site({ build: { command: "exit 3", cwd: "." } }), dir);
    await expect(failing).rejects.toBeInstanceOf(UsageError);
    await expect(buildSite(site({ build: { command: "exit 3", cwd: "." } }), dir)).rejects.toThrow(
      /sites\.web\.build\.command: `exit 3` failed in .* \(exit 3\)/,
    );
    expect(() => siteDir(site(), dir)).toThrow(/sites\.web\.dir: .* has no index\.html/);
    await expect(buildSite(site({ build: { command: "true", cwd: "nope" } }), dir)).rejects.toThrow(/sites\.web\.build\.cwd: the folder .*nope does not exist/);
  });
});
