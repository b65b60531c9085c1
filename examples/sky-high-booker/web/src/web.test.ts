import { mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "./build.js";
import { createWebServer, IMMUTABLE, NO_CACHE } from "./server.js";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..", "app");
const out = build(appDir, join(mkdtempSync(join(tmpdir(), "shb-web-")), "dist"));
const server = createWebServer(out.dist);
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("build", () => {
  it("names assets by content hash, transpiles TypeScript, and points index.html at them", () => {
    expect(out.assets["main.ts"]).toMatch(/^assets\/main\.[0-9a-f]{10}\.js$/);
    const html = readFileSync(join(out.dist, "index.html"), "utf8");
    expect(html).toContain(`src="/${out.assets["main.ts"]}"`);
    expect(html).toContain(`href="/${out.assets["style.css"]}"`);
    expect(readFileSync(join(out.dist, out.assets["main.ts"]!), "utf8")).not.toMatch(/interface Flight/);
  });

  it("is deterministic", () => {
    const again = build(appDir, join(mkdtempSync(join(tmpdir(), "shb-web-")), "dist"));
    expect(again.assets).toEqual(out.assets);
  });
});

describe("web server", () => {
  it("serves index.html at / without caching it", async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.headers.get("cache-control")).toBe(NO_CACHE);
  });

  it("caches hashed assets for a year", async () => {
    const res = await fetch(`${base}/${out.assets["main.ts"]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe(IMMUTABLE);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers client-side routes with the app, and missing files with 404", async () => {
    const route = await fetch(`${base}/flights/SH101`);
    expect([route.status, route.headers.get("cache-control")]).toEqual([200, NO_CACHE]);
    expect(await route.text()).toContain('<main id="root">');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
  });

  it("answers a matching ETag with 304", async () => {
    const first = await fetch(`${base}/robots.txt`);
    const etag = first.headers.get("etag")!;
    expect((await fetch(`${base}/robots.txt`, { headers: { "if-none-match": etag } })).status).toBe(304);
  });

  it("never serves files outside the build", async () => {
    const res = await fetch(`${base}/..%2f..%2fpackage.json`);
    expect(res.status).toBe(404);
    expect((await fetch(`${base}/`, { method: "POST" })).status).toBe(405);
  });
});
