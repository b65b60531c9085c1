import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DevBus } from "./events.js";
import { FunctionPool, type FunctionProcessSpec } from "./function-pool.js";

const HANDLERS = `
export const echo = async (event, context) => ({ event, name: context.functionName, left: context.getRemainingTimeInMillis() > 0, env: process.env.GREETING, pid: process.pid });
export const fail = async () => { throw new TypeError("bad input"); };
export const slow = (event) => new Promise((r) => setTimeout(() => r({ slept: event.ms }), event.ms));
export const hang = () => new Promise(() => { setInterval(() => {}, 1000); });
export const crash = () => process.exit(3);
export const nothing = async () => undefined;
export function callback(event, context, done) { setTimeout(() => done(null, { via: "callback", n: event.n }), 5); }
`;

const pools: FunctionPool[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function pool(handler: string, over: Partial<FunctionProcessSpec> = {}, bus = new DevBus()) {
  const dir = mkdtempSync(join(tmpdir(), "berth-fn-"));
  dirs.push(dir);
  writeFileSync(join(dir, "index.mjs"), HANDLERS);
  const p = new FunctionPool(
    { key: "f", functionName: "shop-dev-f", dir, handler, timeoutMs: 5_000, memoryMb: 128, concurrency: 2, env: { GREETING: "hi" }, ...over },
    bus,
  );
  pools.push(p);
  return p;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("a function's warm processes under berth dev", () => {
  it("loads file.export from the folder and passes the event, a Lambda-like context and the environment", async () => {
    const p = pool("index.echo");
    const end = await p.invoke({ a: 1 });
    expect(end).toMatchObject({ ok: true, result: { event: { a: 1 }, name: "shop-dev-f", left: true, env: "hi" } });
    const again = await p.invoke({});
    expect(again.ok && (again.result as { pid: number }).pid).toBe(end.ok && (end.result as { pid: number }).pid);
    expect(p.status()).toMatchObject({ function: "f", processes: 1, busy: 0, invocations: 2, errors: 0 });
  });

  it("takes callback-style handlers and sends null for undefined", async () => {
    expect(await pool("index.callback").invoke({ n: 2 })).toMatchObject({ ok: true, result: { via: "callback", n: 2 } });
    expect(await pool("index.nothing").invoke({})).toMatchObject({ ok: true, result: null });
  });

  it("reports a thrown error with its type and message", async () => {
    const p = pool("index.fail");
    expect(await p.invoke({})).toMatchObject({ ok: false, timedOut: false, error: { errorType: "TypeError", errorMessage: "bad input" } });
    expect(p.status().errors).toBe(1);
  });

  it("names what is missing when the file or the export is not there", async () => {
    expect(await pool("missing.handler").invoke({})).toMatchObject({
      ok: false,
      error: { errorMessage: expect.stringMatching(/no missing\.js, missing\.mjs or missing\.cjs in /) },
    });
    expect(await pool("index.nope").invoke({})).toMatchObject({ ok: false, error: { errorMessage: 'index.mjs exports no function "nope"' } });
  });

  it("kills the process of an invocation that outlives the timeout and starts a fresh one next time", async () => {
    const bus = new DevBus();
    const logs: string[] = [];
    bus.on((e) => e.type === "log" && logs.push(e.line));
    const p = pool("index.hang", { timeoutMs: 300 }, bus);
    const first = await p.invoke({});
    expect(first).toMatchObject({ ok: false, timedOut: true, error: { errorType: "Sandbox.Timedout", errorMessage: "Task timed out after 0.30 seconds" } });
    expect(first.durationMs).toBeGreaterThanOrEqual(290);
    expect(logs).toContain("Task timed out after 0.30 seconds");
    await new Promise((r) => setTimeout(r, 100));
    expect(p.status()).toMatchObject({ processes: 0, timeouts: 1 });
    expect(await p.invoke({})).toMatchObject({ ok: false, timedOut: true });
  });

  it("ends an invocation whose process exits as Runtime.ExitError", async () => {
    expect(await pool("index.crash").invoke({})).toMatchObject({
      ok: false,
      error: { errorType: "Runtime.ExitError", errorMessage: "Runtime exited with error: exit status 3" },
    });
  });

  it("runs at most `concurrency` invocations at once, one per process; the others wait", async () => {
    const p = pool("index.slow", { concurrency: 2 });
    const started = Date.now();
    const ends = await Promise.all([p.invoke({ ms: 400 }), p.invoke({ ms: 400 }), p.invoke({ ms: 400 })]);
    expect(ends.every((e) => e.ok)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(p.status()).toMatchObject({ processes: 2, invocations: 3 });
  });

  it("replaces a warm process once the handler's file changes (a rebuild), so the next invocation runs the new code", async () => {
    const p = pool("index.echo");
    const first = await p.invoke({});
    const dir = p.spec.dir;
    writeFileSync(join(dir, "index.mjs"), HANDLERS.replace("env: process.env.GREETING", 'env: "rebuilt"'));
    utimesSync(join(dir, "index.mjs"), new Date(), new Date(Date.now() + 5_000));
    const second = await p.invoke({});
    expect(second).toMatchObject({ ok: true, result: { env: "rebuilt" } });
    expect((second.ok && (second.result as { pid: number }).pid) !== (first.ok && (first.result as { pid: number }).pid)).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(alive(first.ok ? (first.result as { pid: number }).pid : 0)).toBe(false);
  });

  it("leaves no process behind when stopped", async () => {
    const p = pool("index.echo");
    const end = await p.invoke({});
    const pid = end.ok ? (end.result as { pid: number }).pid : 0;
    expect(alive(pid)).toBe(true);
    await p.stop();
    expect(alive(pid)).toBe(false);
    expect(await p.invoke({})).toMatchObject({ ok: false, error: { errorType: "Runtime.Stopped" } });
  });
});
