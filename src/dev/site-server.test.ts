/** A static site under `berth dev`, over real HTTP: root object, content types, cache headers, the SPA fallback, no escape from the folder. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncPattern } from "../model/site.js";
import { type ServedSite, serveSite } from "./site-server.js";

let dir: string;
let plain: ServedSite;
let spa: ServedSite;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "berth-site-dev-"));
  mkdirSync(join(dir, "dist", "assets"), { recursive: true });
  writeFileSync(join(dir, "dist", "index.html"), "<h1>home</h1>");
  writeFileSync(join(dir, "dist", "about.html"), "<h1>about</h1>");
  writeFileSync(join(dir, "dist", "assets", "app-1a2b3c4d.js"), "console.log(1)");
  writeFileSync(join(dir, "secret.txt"), "outside");
  const base = { dir: join(dir, "dist"), immutable: ["assets/*"] };
  plain = await serveSite({ key: "docs", spa: false, ...base });
  spa = await serveSite({ key: "app", spa: true, ...base });
});
afterAll(async () => {
  await plain.close();
  await spa.close();
});

/** A raw HTTP request (no URL normalisation, so `..` reaches the server as sent). */
function get(site: ServedSite, path: string, method = "GET"): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port: site.port, path, method }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", fail);
    req.end();
  });
}

describe("a static site under berth dev", () => {
  it("answers / with index.html, revalidated, as text/html", async () => {
    const r = await get(plain, "/");
    expect([r.status, r.body, r.headers["content-type"], r.headers["cache-control"]]).toEqual([200, "<h1>home</h1>", "text/html; charset=utf-8", "no-cache"]);
    expect((await get(plain, "/about.html?x=1")).body).toBe("<h1>about</h1>");
  });

  it("serves hashed assets with a year's cache and their content type", async () => {
    const r = await get(plain, "/assets/app-1a2b3c4d.js");
    expect([r.status, r.headers["content-type"], r.headers["cache-control"]]).toEqual([
      200,
      "text/javascript; charset=utf-8",
      "public, max-age=31536000, immutable",
    ]);
  });

  it("answers a path with no file 404, or index.html with 200 for a single-page app", async () => {
    expect((await get(plain, "/orders/42")).status).toBe(404);
    const r = await get(spa, "/orders/42");
    expect([r.status, r.body]).toEqual([200, "<h1>home</h1>"]);
  });

  it("never serves a file outside the folder, allows only GET and HEAD, and sends no body to HEAD", async () => {
    expect((await get(plain, "/../secret.txt")).status).toBe(404);
    expect((await get(plain, "/%2e%2e/secret.txt")).status).toBe(404);
    expect((await get(spa, "/%2e%2e/secret.txt")).body).toBe("<h1>home</h1>");
    expect((await get(plain, "/", "POST")).status).toBe(403);
    const head = await get(plain, "/", "HEAD");
    expect([head.status, head.body, head.headers["content-length"]]).toEqual([200, "", "13"]);
    expect(plain.counters.requests).toBeGreaterThan(5);
  });
});

describe("syncPattern", () => {
  it("reads * across folders, as aws s3 sync does", () => {
    expect(syncPattern("assets/*").test("assets/js/app.js")).toBe(true);
    expect(syncPattern("*.woff2").test("fonts/a.woff2")).toBe(true);
    expect(syncPattern("static/*").test("assets/x.js")).toBe(false);
  });
});

describe("berth dev with a static site", () => {
  it("starts one server per site, announces it, serves the folder and stops it", async () => {
    const { validateConfig } = await import("../config/validate.js");
    const { resolveModel } = await import("../model/resolve.js");
    const { DevBus } = await import("./events.js");
    const { startDev } = await import("./runtime.js");
    const env = resolveModel(
      validateConfig({
        project: "shop",
        services: {},
        sites: { web: { dir: "dist", spa: true }, later: { dir: "later" } },
        environments: { dev: { tier: "dev", region: "eu-west-1" } },
      }),
    ).environments[0]!;
    const bus = new DevBus();
    const events: unknown[] = [];
    bus.on((e) => void events.push(e));
    const runtime = await startDev(env, { configDir: dir, port: 0, bus });
    try {
      await runtime.ready;
      const site = runtime.sites.find((s) => s.key === "site-web")!;
      expect(events).toContainEqual({ type: "gateway", key: "site-web", internal: false, url: site.url, site: true });
      expect(events).toContainEqual({
        type: "warning",
        message: `static site later: ${join(dir, "later")} has no index.html yet; build the site there (it is served as soon as it exists)`,
      });
      const r = await fetch(`${site.url}/settings/profile`);
      expect([r.status, await r.text()]).toEqual([200, "<h1>home</h1>"]);
      expect(runtime.status().gateways).toContainEqual({ key: "site-web", internal: false, url: site.url, requests: 1, errors: 0 });
    } finally {
      await runtime.stop();
    }
    await expect(fetch(`${runtime.sites[0]!.url}/`)).rejects.toThrow();
  }, 60_000);
});
