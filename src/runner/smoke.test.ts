/** Smoke tests against a local server: retries until the answer matches, and reports the last answer and the rollback. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smokeFailure, smokeTest, smokeUrl } from "./smoke.js";

let server: Server;
let base: string;
let flaky = 0;
const hosts: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hosts.push(req.headers.host ?? "");
    if (req.url === "/health") return res.writeHead(200).end("ok");
    if (req.url === "/broken") return res.writeHead(503).end("no healthy targets");
    if (req.url === "/flaky") return res.writeHead(++flaky < 3 ? 502 : 200).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(() => server.close());

const fast = { attempts: 3, intervalMs: 10, timeoutMs: 2000 };

describe("smokeTest", () => {
  it("requests the check's path on the origin of the service URL", () => {
    expect(smokeUrl("https://shop.example.com/api/", { name: "api", path: "/health", matcher: "200" })).toBe("https://shop.example.com/health");
  });

  it("passes when the health URL answers as the health check expects", async () => {
    const r = await smokeTest({ name: "api", path: "/health", matcher: "200" }, base, fast);
    expect(r).toMatchObject({ ok: true, answer: "HTTP 200" });
  });

  it("retries while targets come up", async () => {
    expect(await smokeTest({ name: "api", path: "/flaky", matcher: "200" }, base, fast)).toMatchObject({ ok: true, answer: "HTTP 200" });
    expect(flaky).toBe(3);
  });

  it("fails with the last answer, what was expected and the rollback command", async () => {
    const check = { name: "api", path: "/broken", matcher: "200" };
    const r = await smokeTest(check, base, fast);
    expect(r).toMatchObject({ ok: false, answer: "HTTP 503" });
    expect(smokeFailure(r, check, "roll back with: berth deploy api --env prod --image 1.4.1")).toBe(
      `smoke test of api failed: GET ${new URL("/broken", base)} answered HTTP 503, expected HTTP 200; roll back with: berth deploy api --env prod --image 1.4.1`,
    );
  });

  it("reaches one region's load balancer through connectTo, asking for the URL's host", async () => {
    const port = (server.address() as AddressInfo).port;
    hosts.length = 0;
    // shop.invalid never resolves: only the connection to 127.0.0.1 can answer.
    const r = await smokeTest({ name: "api", path: "/health", matcher: "200" }, `http://shop.invalid:${port}/api/`, { ...fast, connectTo: "127.0.0.1" });
    expect(r).toMatchObject({ ok: true, answer: "HTTP 200", url: `http://shop.invalid:${port}/health` });
    expect(hosts).toEqual([`shop.invalid:${port}`]);
    const broken = await smokeTest({ name: "api", path: "/broken", matcher: "200" }, `http://shop.invalid:${port}/`, { ...fast, connectTo: "127.0.0.1" });
    expect(broken).toMatchObject({ ok: false, answer: "HTTP 503", url: `http://shop.invalid:${port}/broken (through 127.0.0.1)` });
  });

  it("reports a connection that is refused", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await smokeTest({ name: "api", path: "/health", matcher: "200" }, `http://127.0.0.1:${port}/`, { ...fast, attempts: 1 });
    expect(r).toMatchObject({ ok: false, answer: "ECONNREFUSED" });
  });
});
