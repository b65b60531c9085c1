/**
 * SARC-NG's event-driven half under `berth dev` (the built CLI, as users run it): the API sends an event per
 * reservation to the reservation-events queue on berth's local SQS endpoint (under the same variable as on
 * AWS), the `recorder` worker consumes it and records the event in MySQL; `berth dev run expire` fires the
 * daily job at once and it removes the reservations that ended long ago; the status stream shows the queue
 * drained and the job's last result; the console page (headless Chromium) lists the queue and runs the job
 * again with its button; Ctrl-C stops everything, leaving no process of the session behind.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { createConnection } from "mysql2/promise";
import puppeteer from "puppeteer-core";
import { describe, expect, it } from "vitest";
import { findChromium } from "../../src/insight/diagram/png.js";
import { alive } from "../support/alive.js";

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

describe("SARC-NG queue, worker and scheduled job under berth dev", () => {
  it("records reservation events through the local queue, runs the expire job at once, and stops without leftovers", async () => {
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
    try {
      await ready;
      const messaging = events.find((e) => e.type === "messaging")!;
      expect(messaging).toMatchObject({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        queues: ["sarc-ng-dev-reservation-events", "sarc-ng-dev-reservation-usage"],
      });
      expect(events.filter((e) => e.type === "warning").map((e) => e.message)).not.toContainEqual(expect.stringMatching(/recorder|expire/));
      expect(events.some((e) => e.type === "process" && e.service === "recorder" && e.state === "running")).toBe(true);

      const gateway = events.find((e) => e.type === "gateway")!.url as string;
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${gateway}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
        return { status: res.status, json: (await res.json()) as Record<string, any> };
      };
      const lab = await call("POST", "/api/v1/resources", { name: `Lab ${Date.now()}`, kind: "lab", capacity: 12 });
      expect(lab.status).toBe(201);
      const resourceId = lab.json.id as number;
      const old = await call("POST", "/api/v1/reservations", {
        resourceId,
        title: "Long ago",
        startsAt: "2020-01-06T09:00:00Z",
        endsAt: "2020-01-06T10:00:00Z",
      });
      const later = await call("POST", "/api/v1/reservations", {
        resourceId,
        title: "Far ahead",
        startsAt: "2099-01-05T09:00:00Z",
        endsAt: "2099-01-05T10:00:00Z",
      });
      expect([old.status, later.status]).toEqual([201, 201]);

      // The recorder, a worker consuming the local queue, records both events in the database.
      const url = new URL(events.find((e) => e.type === "database")!.url as string);
      const { user, password } = JSON.parse(readFileSync(join(EXAMPLE, ".berth", "dev", "dev", "main", "credentials.json"), "utf8")) as {
        user: string;
        password: string;
      };
      db = await createConnection({ host: "127.0.0.1", port: Number(url.port), user, password, database: "sarcng" });
      const recorded = await until("the recorder to record both events", async () => {
        const [rows] = await db!.query("SELECT reservation_id, type FROM reservation_events WHERE resource_id = ? ORDER BY reservation_id", [resourceId]);
        return (rows as unknown[]).length === 2 ? rows : undefined;
      });
      expect(recorded).toEqual([
        { reservation_id: old.json.id, type: "reservation.created" },
        { reservation_id: later.json.id, type: "reservation.created" },
      ]);
      const drained = await until("a status with the queue drained", async () => {
        const s = lastStatus();
        const q = s?.queues.find((x: { queue: string }) => x.queue === "reservation-events");
        return q && q.depth === 0 && q.inFlight === 0 ? q : undefined;
      });
      expect(drained).toMatchObject({ name: "sarc-ng-dev-reservation-events", deadLetters: 0 });
      const schedule = lastStatus()!.jobs[0];
      expect(schedule).toMatchObject({ job: "expire", expression: "cron(0 3 * * ? *)", next: expect.stringMatching(/T03:00:00\.000Z$/), last: null });

      // The daily job, fired at once from another terminal: it removes the reservation that ended long ago.
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, "dev", "run", "expire", "--config", CONFIG], { cwd: ROOT });
      expect(stdout).toMatch(/^expire@1: succeeded after 1 try \(\d+ ms\)/);
      expect(
        events.some((e) => e.type === "log" && e.service === "expire" && /expired [1-9]\d* reservation\(s\) that ended more than 90 days ago/.test(e.line)),
      ).toBe(true);
      const [left] = await db.query("SELECT title FROM reservations WHERE resource_id = ?", [resourceId]);
      expect(left).toEqual([{ title: "Far ahead" }]);
      await until("the job's result in the status", async () => {
        const s = lastStatus();
        return s?.jobs[0].last?.result === "succeeded" ? true : undefined;
      });

      // The console shows the queue and the schedule, and its button runs the job once more.
      const browser = await puppeteer.launch({ executablePath: findChromium()!, args: ["--no-sandbox", "--disable-gpu"], headless: true });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(events.find((e) => e.type === "console")!.url as string);
        await page.waitForSelector('tr[data-queue="reservation-events"][data-depth="0"]', { timeout: 20_000 });
        await page.waitForSelector('tr[data-job="expire"][data-last="succeeded"]', { timeout: 20_000 });
        await page.click('button[data-job="expire"]');
        await until("the second run, from the console", async () =>
          events.some((e) => e.type === "job" && e.run === "expire@2" && e.state === "succeeded") ? true : undefined,
        );
        expect(events.find((e) => e.type === "job" && e.run === "expire@2" && e.state === "started")).toMatchObject({ reason: "by hand" });
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      await db?.end();
      const running = descendants(child.pid!);
      const exited = new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));
      process.kill(-child.pid!, "SIGINT");
      expect(await exited).toBe(0);
      expect(running.length).toBeGreaterThan(3); // npm/sh/node for the api and the recorder, MariaDB
      expect(running.filter(alive)).toEqual([]);
      expect(events.at(-1)).toMatchObject({ type: "stopped" });
    }
  }, 180_000);
});
