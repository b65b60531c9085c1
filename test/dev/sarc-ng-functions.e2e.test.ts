/**
 * SARC-NG's functions under `berth dev` (the built CLI, as users run it): the HTTP API `public` on its own
 * local gateway, served by the `api` function (payload format 2.0) from the same MySQL database; the API
 * service sends each reservation's event to the reservation-usage queue on berth's local SQS endpoint, and
 * the `usage` function, polling it as Lambda's event source mapping does, records the reservation's minutes
 * in the database (its credentials read from berth's local Secrets Manager endpoint through DB_SECRET_ID);
 * `berth dev run prune` fires the daily EventBridge-triggered function at once; the console page (headless
 * Chromium) lists the HTTP API with its routes and the functions with their invocations; Ctrl-C stops
 * everything, the functions' warm processes included.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { createConnection } from "mysql2/promise";
import puppeteer from "puppeteer-core";
import { beforeAll, describe, expect, it } from "vitest";
import { findChromium } from "../../src/insight/diagram/png.js";
import { alive } from "../support/alive.js";
import { buildExampleFunctions, loadExample } from "../support/examples.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const EXAMPLE = join(ROOT, "examples", "sarc-ng");
const CONFIG = join(EXAMPLE, "berth.config.ts");

/** Every descendant of `pid` (children, their children…), from ps. */
function descendants(pid: number): number[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of rows)
      if (parent === p) {
        out.push(child);
        walk(child);
      }
  };
  walk(pid);
  return out;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

beforeAll(async () => buildExampleFunctions("sarc-ng", (await loadExample("sarc-ng")).model), 60_000);

describe("SARC-NG functions and HTTP API under berth dev", () => {
  it("serves the HTTP API through its local gateway, records usage from the queue through the consumer function, fires the schedule, and stops without leftovers", async () => {
    const child = spawn(process.execPath, [BIN, "dev", "--config", CONFIG, "--port", "0", "--json", "--health-scale", "0.01"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const events: Record<string, any>[] = [];
    const ready = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const e = JSON.parse(line) as Record<string, any>;
        events.push(e);
        if (e.type === "ready") resolve();
      });
      child.once("exit", (code) => reject(new Error(`berth dev exited early with ${code}: ${JSON.stringify(events.slice(-5))}`)));
    });
    const lastStatus = () => [...events].reverse().find((e) => e.type === "status");
    let db: Awaited<ReturnType<typeof createConnection>> | undefined;
    let functionPids: number[] = [];
    try {
      await ready;
      expect(events.filter((e) => e.type === "warning").map((e) => e.message)).not.toContainEqual(expect.stringMatching(/function/));
      const gateway = events.find((e) => e.type === "gateway" && e.key === "public")!.url as string;
      const api = events.find((e) => e.type === "gateway" && e.key === "api-public")!;
      expect(api).toMatchObject({ internal: false, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });

      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${gateway}${path}`, { method: "POST", body: JSON.stringify(body) });
        return { status: res.status, json: (await res.json()) as Record<string, any> };
      };
      const name = `Studio ${Date.now()}`;
      const lab = await post("/api/v1/resources", { name, kind: "studio", capacity: 4 });
      expect(lab.status).toBe(201);
      const resourceId = lab.json.id as number;
      const booked = await post("/api/v1/reservations", { resourceId, title: "Recording", startsAt: "2099-03-02T09:00:00Z", endsAt: "2099-03-02T10:30:00Z" });
      expect(booked.status).toBe(201);

      // The HTTP API: the api function reads the same database through the local gateway.
      const list = await fetch(`${api.url}/resources`);
      expect(list.status).toBe(200);
      expect(list.headers.get("content-type")).toMatch(/application\/json/);
      expect(((await list.json()) as { name: string }[]).some((r) => r.name === name)).toBe(true);
      const availability = await fetch(`${api.url}/resources/${resourceId}/availability?from=2099-03-02T08:00:00Z&to=2099-03-02T12:00:00Z`);
      expect(availability.status).toBe(200);
      expect(await availability.json()).toMatchObject({
        resourceId,
        free: [
          { startsAt: "2099-03-02T08:00:00.000Z", endsAt: "2099-03-02T09:00:00.000Z" },
          { startsAt: "2099-03-02T10:30:00.000Z", endsAt: "2099-03-02T12:00:00.000Z" },
        ],
      });
      expect((await fetch(`${api.url}/nothing`)).status).toBe(404);

      // The queue: the usage function consumes the event the API sent and records the reservation's minutes.
      const url = new URL(events.find((e) => e.type === "database")!.url as string);
      const { user, password } = JSON.parse(readFileSync(join(EXAMPLE, ".berth", "dev", "dev", "main", "credentials.json"), "utf8")) as {
        user: string;
        password: string;
      };
      db = await createConnection({ host: "127.0.0.1", port: Number(url.port), user, password, database: "sarcng", dateStrings: true });
      const usage = await until("the usage function to record the reservation", async () => {
        const [rows] = await db!.query("SELECT day, minutes FROM reservation_usage WHERE resource_id = ?", [resourceId]).catch(() => [[]]);
        return (rows as unknown[]).length === 1 ? rows : undefined;
      });
      expect(usage).toEqual([{ day: "2099-03-02", minutes: 90 }]);
      const status = await until("a status with the usage queue drained and the function's invocations", async () => {
        const s = lastStatus();
        const q = s?.queues.find((x: { queue: string }) => x.queue === "reservation-usage");
        const f = s?.functions?.find((x: { function: string }) => x.function === "usage");
        return q && q.depth === 0 && q.inFlight === 0 && f?.invocations >= 1 ? s : undefined;
      });
      expect(status.functions.find((f: { function: string }) => f.function === "usage")).toMatchObject({ errors: 0, timeouts: 0 });
      expect(status.gateways.find((g: { key: string }) => g.key === "api-public")).toMatchObject({ requests: 3, errors: 0 });
      expect(status.jobs.find((j: { job: string }) => j.job === "prune")).toMatchObject({
        expression: "cron(0 4 * * ? *)",
        next: expect.stringMatching(/T04:00:00\.000Z$/),
        last: null,
      });

      // The schedule, fired at once from another terminal: prune removes usage older than a year.
      await db.query("INSERT INTO reservation_usage (event_id, resource_id, day, minutes) VALUES (?, ?, '2020-01-01', 60)", [`old-${resourceId}`, resourceId]);
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, "dev", "run", "prune", "--config", CONFIG], { cwd: ROOT });
      expect(stdout).toMatch(/^prune@1: succeeded after 1 try \(\d+ ms\)/);
      expect(
        events.some((e) => e.type === "log" && e.service === "fn:prune" && /pruned [1-9]\d* usage row\(s\) of days more than 365 days ago/.test(e.line)),
      ).toBe(true);
      const [left] = await db.query("SELECT event_id FROM reservation_usage WHERE resource_id = ? ORDER BY event_id", [resourceId]);
      expect(left).toEqual([{ event_id: `reservation-${booked.json.id}-created` }]);
      // The console lists the HTTP API with its routes and a row per function.
      const browser = await puppeteer.launch({ executablePath: findChromium()!, args: ["--no-sandbox", "--disable-gpu"], headless: true });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(events.find((e) => e.type === "console")!.url as string);
        await page.waitForSelector('[data-gateway="api-public"]', { timeout: 20_000 });
        await page.waitForSelector('tr[data-function="usage"]:not([data-invocations="0"])', { timeout: 20_000 });
        const gateways = await page.$eval('[data-testid="gateways"]', (e) => e.textContent ?? "");
        expect(gateways).toContain("GET /resources/{id}/availability");
        expect(await page.$$eval("tr[data-function]", (rows) => rows.map((r) => (r as HTMLElement).dataset.function))).toEqual(["api", "prune", "usage"]);
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }

      functionPids = descendants(child.pid!).filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--input-type=module");
        } catch {
          return false;
        }
      });
      expect(functionPids.length).toBeGreaterThanOrEqual(3); // warm processes of api, usage and prune
    } finally {
      await db?.end();
      const running = descendants(child.pid!);
      const exited = new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
      process.kill(-child.pid!, "SIGINT");
      expect(await exited).toBe(0);
      expect(running.filter(alive)).toEqual([]);
      expect(functionPids.filter(alive)).toEqual([]);
      expect(events.at(-1)).toMatchObject({ type: "stopped" });
    }
  }, 180_000);
});
