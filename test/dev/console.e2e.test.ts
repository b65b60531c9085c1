/**
 * The `berth dev` web console in a headless browser (puppeteer-core driving Debian's Chromium): the SkyFox
 * example runs with the built CLI, the page sees every target turn healthy, a log line arrive, and
 * restarts a replica with its button; the server refuses restarts without the page's token or with a
 * foreign Host header.
 */
import { spawn } from "node:child_process";
import { request } from "node:http";
import { join } from "node:path";
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";
import { describe, expect, it } from "vitest";
import { findChromium } from "../../src/insight/diagram/png.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const CONFIG = join(ROOT, "examples", "skyfox", "berth.config.ts");

function raw(url: string, opts: { method: string; host?: string; headers?: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method: opts.method, headers: { host: opts.host ?? u.host, ...opts.headers } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    req.end(opts.method === "POST" ? JSON.stringify({ service: "backend" }) : undefined);
  });
}

describe("berth dev web console", () => {
  it("shows targets turning healthy and streamed logs, and restarts a replica from the page", async () => {
    const child = spawn(process.execPath, [BIN, "dev", "--config", CONFIG, "--port", "0", "--json", "--health-scale", "0.01"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const events: Record<string, unknown>[] = [];
    const url = new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const e = JSON.parse(line) as Record<string, unknown>;
        events.push(e);
        if (e.type === "console") resolve(e.url as string);
      });
      child.once("exit", (code) => reject(new Error(`berth dev exited early with ${code}`)));
    });
    const browser = await puppeteer.launch({ executablePath: findChromium()!, args: ["--no-sandbox", "--disable-gpu"], headless: true });
    try {
      const consoleUrl = await url;
      expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(consoleUrl);
      await page.waitForFunction(() => document.querySelector("[data-testid=state]")?.textContent?.startsWith("live"), { timeout: 20_000 });

      // Every target turns healthy: SkyFox has 3 services, behind 2 gateways.
      await page.waitForFunction(
        () => {
          const rows = [...document.querySelectorAll<HTMLElement>("#targets tr")];
          return rows.length >= 3 && rows.every((r) => r.dataset.health === "healthy");
        },
        { timeout: 30_000 },
      );
      const gateways = await page.$eval("[data-testid=gateways]", (e) => e.textContent ?? "");
      expect(gateways).toContain("/payment-service/*");

      // Restart one replica from the page: its replacement starts (a log line arrives) and the old one goes.
      const before = await page.$$eval("#processes tr", (rows) => rows.map((r) => (r as HTMLElement).dataset.replica!));
      const victim = before.find((r) => r.startsWith("backend#"))!;
      await page.click(`button[data-replica="${victim}"]`);
      await page.waitForFunction(
        (old: string) => {
          const replicas = [...document.querySelectorAll<HTMLElement>("#processes tr")].map((r) => r.dataset.replica);
          return !replicas.includes(old) && replicas.filter((r) => r?.startsWith("backend#")).length >= 1;
        },
        { timeout: 30_000 },
        victim,
      );
      const fresh = (await page.$$eval("#processes tr", (rows) => rows.map((r) => (r as HTMLElement).dataset.replica!))).find(
        (r) => r.startsWith("backend#") && !before.includes(r),
      )!;
      await page.waitForFunction((id: string) => document.querySelector("#logs")!.textContent!.includes(`${id} │ `), { timeout: 20_000 }, fresh);
      expect(events.some((e) => e.type === "restart" && e.service === "backend")).toBe(true);
      expect(errors).toEqual([]);

      // Only the page may act: a restart without its token, or through another host name, is refused.
      expect(await raw(`${consoleUrl}api/restart`, { method: "POST" })).toBe(403);
      expect(await raw(consoleUrl, { method: "GET", host: "evil.example:80" })).toBe(421);
      expect(await raw(`${consoleUrl}diagram.svg`, { method: "GET" })).toBe(200);
    } finally {
      await browser.close();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGINT");
      await exited;
    }
  }, 120_000);
});
