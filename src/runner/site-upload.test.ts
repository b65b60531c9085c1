/** A static site's delivery against a fake `aws` that records its calls: build, folder checks, two syncs, the invalidation. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import type { Site } from "../model/types.js";
import { awsCli } from "./aws-cli.js";
import { buildSite, siteDir, uploadSite } from "./site-upload.js";

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
    const result = await uploadSite(aws, site(), "/srv/web/dist", { bucket: "shop-prod-web-site", distributionId: "E0A1B2C3", region: "eu-west-1" });
    expect(result).toEqual({ invalidationId: "I2J3K4L5M6" });
    expect(calls()).toEqual([
      [
        "s3",
        "sync",
        "/srv/web/dist",
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
      [
        "s3",
        "sync",
        "/srv/web/dist",
        "s3://shop-prod-web-site/",
        "--no-progress",
        "--delete",
        "--cache-control",
        "no-cache",
        "--output",
        "json",
        "--region",
        "eu-west-1",
      ],
      ["cloudfront", "create-invalidation", "--distribution-id", "E0A1B2C3", "--paths", "/*", "--output", "json"],
    ]);
  });

  it("stops at a failed sync, before the invalidation", async () => {
    const aws = awsCli({ base: { ...process.env, BERTH_AWS_BINARY: fakeAws(), FAKE_AWS_FAIL: "1" } });
    await expect(uploadSite(aws, site(), "/srv/web/dist", { bucket: "b", distributionId: "E1", region: "eu-west-1" })).rejects.toThrow(/AccessDenied/);
    expect(calls().map((c) => c[0])).toEqual(["s3"]);
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
