/**
 * Functions run by a command under berth dev: the command is a Lambda runtime client of berth's Runtime
 * API server. The client here is a small program written against the API's documented routes (as a Python
 * `awslambdaric`, a Go binary or a custom `bootstrap` would be), not berth's Node harness.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DevBus, type DevEvent } from "./events.js";
import { FunctionPool } from "./function-pool.js";

/** A runtime client: polls next, answers by the event's `do`, as any Lambda runtime would. */
const CLIENT = `
const api = "http://" + process.env.AWS_LAMBDA_RUNTIME_API + "/2018-06-01/runtime";
if (process.env.FAIL_INIT) {
  await fetch(api + "/init/error", { method: "POST", body: JSON.stringify({ errorType: "Runtime.ImportModuleError", errorMessage: "no module app" }) });
  process.exit(1);
}
for (;;) {
  const res = await fetch(api + "/invocation/next");
  const id = res.headers.get("lambda-runtime-aws-request-id");
  const deadline = Number(res.headers.get("lambda-runtime-deadline-ms"));
  const arn = res.headers.get("lambda-runtime-invoked-function-arn");
  const event = await res.json();
  if (event.do === "fail") {
    await fetch(api + "/invocation/" + id + "/error", {
      method: "POST",
      headers: { "lambda-runtime-function-error-type": "ValueError" },
      body: JSON.stringify({ errorType: "ValueError", errorMessage: "bad order", stackTrace: ["app.py line 3"] }),
    });
  } else if (event.do === "hang") {
    await new Promise(() => setInterval(() => {}, 1000));
  } else {
    console.log("handling", event.n);
    await fetch(api + "/invocation/" + id + "/response", {
      method: "POST",
      body: JSON.stringify({ n: event.n, arn, left: deadline - Date.now() > 0, handler: process.env._HANDLER, pid: process.pid }),
    });
  }
}
`;

const pools: FunctionPool[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function pool(env: Record<string, string> = {}, bus = new DevBus(), timeoutMs = 5_000) {
  const dir = mkdtempSync(join(tmpdir(), "berth-fn-cmd-"));
  dirs.push(dir);
  writeFileSync(join(dir, "client.mjs"), CLIENT);
  const p = new FunctionPool(
    {
      key: "orders",
      functionName: "shop-dev-orders",
      dir,
      handler: "app.handler",
      timeoutMs,
      memoryMb: 128,
      concurrency: 2,
      env: { _HANDLER: "app.handler", AWS_REGION: "eu-west-1", ...env },
      command: `"${process.execPath}" client.mjs`,
    },
    bus,
  );
  pools.push(p);
  return p;
}

describe("a function run by its local command (the Lambda Runtime API)", () => {
  it("hands each event to the command's next poll and returns its response; the process stays warm", async () => {
    const bus = new DevBus();
    const logs: string[] = [];
    bus.on((e: DevEvent) => void (e.type === "log" && logs.push(`${e.replica} ${e.line}`)));
    const p = pool({}, bus);
    const first = await p.invoke({ n: 1 });
    expect(first).toMatchObject({
      ok: true,
      result: { n: 1, arn: "arn:aws:lambda:eu-west-1:000000000000:function:shop-dev-orders", left: true, handler: "app.handler" },
    });
    const second = await p.invoke({ n: 2 });
    expect(second.ok && (second.result as { pid: number }).pid).toBe(first.ok && (first.result as { pid: number }).pid);
    expect(logs).toContain("fn:orders#1 handling 2");
    expect(p.status()).toMatchObject({ processes: 1, invocations: 2, errors: 0 });
  });

  it("reports an invocation error as the runtime posted it", async () => {
    const end = await pool().invoke({ do: "fail" });
    expect(end).toMatchObject({ ok: false, timedOut: false, error: { errorType: "ValueError", errorMessage: "bad order", trace: ["app.py line 3"] } });
  });

  it("kills a command that outlives the timeout, and the next invocation starts a new one", async () => {
    const p = pool({}, new DevBus(), 800);
    expect(await p.invoke({ do: "hang" })).toMatchObject({ ok: false, timedOut: true, error: { errorType: "Sandbox.Timedout" } });
    expect(await p.invoke({ n: 3 })).toMatchObject({ ok: true, result: { n: 3 } });
  });

  it("ends the invocation with the runtime's init error when the command fails to start its handler", async () => {
    const end = await pool({ FAIL_INIT: "1" }).invoke({ n: 4 });
    expect(end).toMatchObject({ ok: false, timedOut: false, error: { errorType: "Runtime.ImportModuleError", errorMessage: "no module app" } });
  });
});
