import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DevBus } from "./events.js";
import { FunctionPool, type Invocation } from "./function-pool.js";
import { handleHttpApi, type LocalHttpApiPlan, serveHttpApi } from "./http-api-gateway.js";
import type { HttpApiEvent } from "./http-api-event.js";

const api: LocalHttpApiPlan = {
  key: "public",
  name: "shop-dev-public",
  routes: [
    { key: "GET /ok", function: "ok" },
    { key: "GET /boom", function: "boom" },
    { key: "GET /late", function: "late" },
  ],
  cors: { origins: ["https://app.example.com"], methods: ["GET", "POST"], headers: ["content-type"], maxAgeSeconds: 600 },
};

const invoke = async (fn: string, event: HttpApiEvent): Promise<Invocation> => {
  if (fn === "ok") return { ok: true, result: { statusCode: 200, body: event.rawPath }, durationMs: 1 };
  if (fn === "late") return new Promise((r) => setTimeout(() => r({ ok: true, result: "late", durationMs: 200 }), 200));
  return { ok: false, timedOut: fn === "boom", error: { errorType: "Error", errorMessage: "x", trace: [] }, durationMs: 1 };
};

const request = (method: string, url: string, headers: Record<string, string> = {}) => ({
  method,
  url,
  headers,
  body: Buffer.alloc(0),
  sourceIp: "127.0.0.1",
  protocol: "HTTP/1.1",
});

describe("an HTTP API's local gateway", () => {
  it("answers as API Gateway: the function's response, 404 without a route, 500 when the function fails, 503 past the integration timeout", async () => {
    const ok = await handleHttpApi(api, request("GET", "/ok"), invoke);
    expect(ok).toMatchObject({ statusCode: 200, body: Buffer.from("/ok") });
    expect(await handleHttpApi(api, request("GET", "/nope"), invoke)).toMatchObject({ statusCode: 404, body: Buffer.from('{"message":"Not Found"}') });
    expect(await handleHttpApi(api, request("GET", "/boom"), invoke)).toMatchObject({
      statusCode: 500,
      body: Buffer.from('{"message":"Internal Server Error"}'),
    });
    expect(await handleHttpApi(api, request("GET", "/late"), invoke, 50)).toMatchObject({
      statusCode: 503,
      body: Buffer.from('{"message":"Service Unavailable"}'),
    });
  });

  it("answers CORS preflights itself and adds the allowed origin to answers", async () => {
    const pre = await handleHttpApi(
      api,
      request("OPTIONS", "/anything", { origin: "https://app.example.com", "access-control-request-method": "POST" }),
      invoke,
    );
    expect(pre).toMatchObject({
      statusCode: 204,
      headers: {
        "access-control-allow-origin": "https://app.example.com",
        "access-control-allow-methods": "GET,POST",
        "access-control-allow-headers": "content-type",
        "access-control-max-age": "600",
      },
    });
    const other = await handleHttpApi(api, request("OPTIONS", "/ok", { origin: "https://evil.example", "access-control-request-method": "GET" }), invoke);
    expect(other.headers).not.toHaveProperty("access-control-allow-origin");
    expect((await handleHttpApi(api, request("GET", "/ok", { origin: "https://app.example.com" }), invoke)).headers["access-control-allow-origin"]).toBe(
      "https://app.example.com",
    );
    expect((await handleHttpApi(api, request("GET", "/ok", { origin: "https://evil.example" }), invoke)).headers).not.toHaveProperty(
      "access-control-allow-origin",
    );
    // Without CORS configured, OPTIONS is routed like any method.
    expect(
      await handleHttpApi({ ...api, cors: null }, request("OPTIONS", "/ok", { origin: "x", "access-control-request-method": "GET" }), invoke),
    ).toMatchObject({
      statusCode: 404,
    });
  });

  it("serves a real function on loopback with the 2.0 event, cookies and a JSON default answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-api-"));
    writeFileSync(
      join(dir, "app.js"),
      `export const handler = async (e) => e.rawPath === "/cookie"
        ? { statusCode: 200, cookies: ["a=1", "b=2"], headers: { "content-type": "text/plain" }, body: "set" }
        : { route: e.routeKey, id: e.pathParameters?.id, q: e.queryStringParameters, body: e.body, method: e.requestContext.http.method };`,
    );
    writeFileSync(join(dir, "package.json"), '{"type":"module"}');
    const pool = new FunctionPool(
      { key: "api", functionName: "shop-dev-api", dir, handler: "app.handler", timeoutMs: 5_000, memoryMb: 128, concurrency: 1, env: {} },
      new DevBus(),
    );
    const served = await serveHttpApi(
      {
        ...api,
        routes: [
          { key: "ANY /items/{id}", function: "api" },
          { key: "GET /cookie", function: "api" },
        ],
      },
      (_fn, event) => pool.invoke(event),
    );
    try {
      const res = await fetch(`${served.url}/items/7?x=1`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"n":1}' });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(await res.json()).toEqual({ route: "ANY /items/{id}", id: "7", q: { x: "1" }, body: '{"n":1}', method: "POST" });
      const cookie = await fetch(`${served.url}/cookie`);
      expect(cookie.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
      expect(await cookie.text()).toBe("set");
      expect((await fetch(`${served.url}/nothing`)).status).toBe(404);
      expect(served.counters).toEqual({ requests: 3, errors: 0 });
    } finally {
      await served.close();
      await pool.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
