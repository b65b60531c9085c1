/**
 * Functions under `berth dev` without a database (the runtime in-process, the functions as real Node
 * processes): an HTTP API with CORS on its own gateway, a secret read through `<NAME>_SECRET_ID` from the
 * local Secrets Manager endpoint with the AWS SDK, an SQS-triggered function fed by another function, a
 * schedule fired by hand, a function that times out, and nothing left running after stop.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BerthConfig } from "../../src/config/schema/app.js";
import { DevBus, type DevEvent } from "../../src/dev/events.js";
import { startDev } from "../../src/dev/runtime.js";
import { resolveModel } from "../../src/model/resolve.js";
import { alive } from "../support/alive.js";

// Inside the repository (test/artifacts is ignored), so the handlers resolve the AWS SDK from its node_modules.
const artifacts = join(import.meta.dirname, "..", "artifacts");
mkdirSync(artifacts, { recursive: true });
const dir = mkdtempSync(join(artifacts, "dev-fn-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HANDLERS = `
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
export const api = async (event) => {
  if (event.rawPath === "/slow") return new Promise(() => {});
  if (event.routeKey === "POST /orders") {
    await new SQSClient({}).send(new SendMessageCommand({ QueueUrl: process.env.ORDERS_QUEUE_URL, MessageBody: event.body }));
    return { statusCode: 202, body: "queued" };
  }
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env.PAYMENT_KEY_SECRET_ID }));
  return { id: event.pathParameters?.id, key: secret.SecretString, fn: process.env.AWS_LAMBDA_FUNCTION_NAME, pid: process.pid };
};
export const fulfil = async (event) => {
  for (const r of event.Records) console.log("fulfilled " + r.body);
  return { batchItemFailures: [] };
};
export const report = async (event) => { console.log("report for " + event["detail-type"] + " from " + event.source); };
`;

/** This process's children running berth's function harness. */
function functionProcesses(): number[] {
  return execFileSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number])
    .filter(([pid, ppid]) => {
      if (ppid !== process.pid) return false;
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--input-type=module");
      } catch {
        return false;
      }
    })
    .map(([pid]) => pid);
}

describe("functions under berth dev", () => {
  it("serves an HTTP API, reads a secret through its id, consumes a queue, fires a schedule, enforces the timeout and stops every process", async () => {
    writeFileSync(join(dir, "package.json"), '{"type":"module"}');
    writeFileSync(join(dir, "index.js"), HANDLERS);
    const config = {
      project: "shop",
      secrets: { payment: {} },
      queues: { orders: { visibilityTimeout: "30 seconds", receiveWait: "0 seconds" } },
      httpApis: { public: { cors: { origins: ["https://shop.example.com"] } } },
      services: {},
      functions: {
        api: {
          dir: ".",
          handler: "index.api",
          timeout: "1 second",
          secrets: { PAYMENT_KEY: { secret: "payment" } },
          queues: { orders: "send" },
          http: { api: "public", routes: ["GET /items/{id}", "GET /slow", "POST /orders"] },
        },
        fulfil: { dir: ".", handler: "index.fulfil", timeout: "5 seconds", queue: { queue: "orders", batchSize: 5 } },
        report: { dir: ".", handler: "index.report", events: [{ schedule: "cron(0 6 * * ? *)" }] },
        unbuilt: { dir: "dist" },
      },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    } as BerthConfig;
    const env = resolveModel(config).environments[0]!;
    const bus = new DevBus();
    const events: DevEvent[] = [];
    bus.on((e) => void events.push(e));
    const runtime = await startDev(env, { configDir: dir, port: 0, bus, secrets: { PAYMENT_KEY: "pk_test_local" }, statusIntervalMs: 100 });
    const pids = new Set<number>();
    try {
      await runtime.ready;
      const api = runtime.httpApis.find((a) => a.key === "api-public")!;
      expect(events).toContainEqual({ type: "gateway", key: "api-public", internal: false, url: api.url, httpApi: true });

      const item = await fetch(`${api.url}/items/42`, { headers: { origin: "https://shop.example.com" } });
      expect(item.status).toBe(200);
      expect(item.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
      const body = (await item.json()) as { id: string; key: string; fn: string; pid: number };
      expect(body).toMatchObject({ id: "42", key: "pk_test_local", fn: "shop-dev-api" });
      pids.add(body.pid);

      expect((await fetch(`${api.url}/orders`, { method: "POST", body: "order-1" })).status).toBe(202);
      await bus.once((e) => e.type === "log" && e.service === "fn:fulfil" && e.line === "fulfilled order-1", AbortSignal.timeout(15_000));

      const slow = await fetch(`${api.url}/slow`);
      expect(slow.status).toBe(500);
      expect(events).toContainEqual(expect.objectContaining({ type: "log", service: "fn:api", line: "Task timed out after 1.00 seconds" }));

      const run = await runtime.runJob("report");
      expect(run).toMatchObject({ run: "report@1", result: "succeeded", attempts: 1 });
      expect(events).toContainEqual(expect.objectContaining({ type: "log", service: "fn:report", line: "report for Scheduled Event from aws.events" }));
      await expect(async () => runtime.runJob("nope")).rejects.toThrow(/no scheduled job or function schedule "nope"/);

      const status = runtime.status();
      expect(status.functions.map((f) => [f.function, f.invocations, f.errors, f.timeouts])).toEqual([
        ["api", 3, 0, 1],
        ["fulfil", 1, 0, 0],
        ["report", 1, 0, 0],
        ["unbuilt", 0, 0, 0],
      ]);
      expect(status.jobs.map((j) => [j.job, j.expression, j.last?.result])).toEqual([["report", "cron(0 6 * * ? *)", "succeeded"]]);
      expect(status.gateways.find((g) => g.key === "api-public")).toMatchObject({ requests: 3, errors: 1 });
      expect(events.filter((e) => e.type === "warning")).toEqual([
        {
          type: "warning",
          message: `function "unbuilt": no index.js, .mjs or .cjs in ${join(dir, "dist")} (its handler index.handler); its invocations fail until it is there (build it first if it needs a build)`,
        },
      ]);
      for (const pid of functionProcesses()) pids.add(pid);
      expect(pids.size).toBeGreaterThanOrEqual(3); // warm: api (after its timeout, a fresh one), fulfil, report
    } finally {
      await runtime.stop();
    }
    expect([...pids].filter(alive)).toEqual([]);
    expect(events.at(-1)).toEqual({ type: "stopped" });
  }, 60_000);
});
