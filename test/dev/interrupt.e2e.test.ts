/**
 * `berth dev` as users run it (the built CLI, a process group of its own as in a terminal) on the Task API
 * example copied into a fresh `mkdtemp` folder (mode 700): as root (this sandbox), PostgreSQL runs as the
 * postgres user, which cannot pass that folder, so berth keeps the cluster where it can. Then a second
 * Ctrl-C (what `timeout -s INT` and an impatient user send): exit 130, no process left, PostgreSQL stopped
 * with a fast shutdown (no stale socket or lock in /tmp), and the next start runs no crash recovery. Then a
 * crash (everything SIGKILLed): the next start removes the dead server's socket, lock and postmaster.pid.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { alive } from "../support/alive.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");

type Event = Record<string, unknown>;

function startDev(dir: string): { child: ChildProcess; events: Event[]; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [BIN, "dev", "--config", join(dir, "berth.config.ts"), "--port", "0", "--json", "--health-scale", "0.01", "--no-console"],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
  const events: Event[] = [];
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const e = JSON.parse(line) as Event;
      events.push(e);
      if (e.type === "ready") resolve();
    });
    void exited.then((code) => reject(new Error(`berth dev exited early with ${code}: ${stderr}`)));
  });
  return { child, events, ready, exited };
}

const logLines = (events: Event[]): string => events.map((e) => JSON.stringify(e)).join("\n");

describe("berth dev: as root under a 700 folder, and a second Ctrl-C", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-700-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs the Task API example from a 700 folder until healthy; two Ctrl-C exit 130 and leave no process, socket or crash recovery", async () => {
    expect(process.getuid?.()).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    cpSync(join(ROOT, "examples", "task-api"), dir, { recursive: true });
    // The service's dependencies (pg, jiti), as in a clone with `npm ci` done.
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));

    const first = startDev(dir);
    await first.ready;
    const gateway = first.events.find((e) => e.type === "gateway") as { url: string };
    expect(await (await fetch(`${gateway.url}/health`)).json()).toEqual({ status: "ok", database: "ok" });
    const database = first.events.find((e) => e.type === "database") as { dataDir: string };
    // The cluster is not under the 700 folder, which the postgres user cannot pass.
    expect(database.dataDir.startsWith(dir)).toBe(false);
    expect(statSync(join(database.dataDir, "..")).mode & 0o777).toBe(0o700);
    const pidFile = readFileSync(join(database.dataDir, "postmaster.pid"), "utf8").split("\n");
    const [postgresPid, port, socketDir] = [Number(pidFile[0]), Number(pidFile[3]), pidFile[4]!.trim()];
    const socket = join(socketDir, `.s.PGSQL.${port}`);
    expect(existsSync(socket)).toBe(true);
    expect(alive(postgresPid)).toBe(true);

    // Two Ctrl-C in a row, to the whole group, as a terminal sends them.
    process.kill(-first.child.pid!, "SIGINT");
    await new Promise((r) => setTimeout(r, 50));
    process.kill(-first.child.pid!, "SIGINT");
    expect(await first.exited).toBe(130);
    expect(alive(-first.child.pid!)).toBe(false);
    expect(alive(postgresPid)).toBe(false);
    expect(logLines(first.events)).toMatch(/fast shutdown request/);
    expect([existsSync(socket), existsSync(`${socket}.lock`), existsSync(join(database.dataDir, "postmaster.pid"))]).toEqual([false, false, false]);

    // The next start finds a cleanly stopped cluster, in the same place.
    const second = startDev(dir);
    await second.ready;
    expect((second.events.find((e) => e.type === "database") as { dataDir: string }).dataDir).toBe(database.dataDir);
    expect(logLines(second.events)).not.toMatch(/not properly shut down|automatic recovery in progress/);

    // A crash: berth and its PostgreSQL killed outright leave postmaster.pid, the socket and its lock.
    const crashed = readFileSync(join(database.dataDir, "postmaster.pid"), "utf8").split("\n");
    const staleSocket = join(crashed[4]!.trim(), `.s.PGSQL.${Number(crashed[3])}`);
    process.kill(-second.child.pid!, "SIGKILL");
    process.kill(Number(crashed[0]), "SIGKILL");
    await second.exited;
    while (alive(Number(crashed[0]))) await new Promise((r) => setTimeout(r, 20));
    expect([existsSync(staleSocket), existsSync(`${staleSocket}.lock`)]).toEqual([true, true]);
    // The next start removes them (they name a process that is gone) and runs.
    const third = startDev(dir);
    await third.ready;
    expect(logLines(third.events)).toContain(`removed ${staleSocket}.lock, left by a PostgreSQL that did not shut down`);
    expect([existsSync(staleSocket), existsSync(`${staleSocket}.lock`)]).toEqual([false, false]);
    process.kill(-third.child.pid!, "SIGINT");
    expect(await third.exited).toBe(0);
    expect(alive(-third.child.pid!)).toBe(false);
  }, 180_000);
});
