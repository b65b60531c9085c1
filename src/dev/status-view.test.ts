import { describe, expect, it } from "vitest";
import { DevBus } from "./events.js";
import { jsonView, statusLines, terminalView } from "./status-view.js";

describe("status view", () => {
  it("writes one NDJSON line per event, with a timestamp", () => {
    const bus = new DevBus();
    const out: string[] = [];
    jsonView(bus, (s) => out.push(s));
    bus.emit({ type: "gateway", key: "external", internal: false, url: "http://127.0.0.1:8080" });
    bus.emit({ type: "ready" });
    const lines = out
      .join("")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.type)).toEqual(["gateway", "ready"]);
    expect(lines[0]).toMatchObject({ url: "http://127.0.0.1:8080", time: expect.stringMatching(/^\d{4}-/) });
  });

  it("prefixes log lines with the replica and prints lifecycle events without colours off a terminal", () => {
    const bus = new DevBus();
    let text = "";
    terminalView(bus, { write: (s: string) => (text += s) });
    bus.emit({ type: "log", service: "payment-service", replica: "payment-service#2", stream: "stdout", line: "listening" });
    bus.emit({
      type: "health",
      service: "payment-service",
      loadBalancer: "internal",
      target: "payment-service#2",
      address: "127.0.0.1:1",
      from: "initial",
      to: "healthy",
    });
    bus.emit({ type: "status", gateways: [], services: [], queues: [], jobs: [] });
    expect(text).toBe("payment-service#2  │ listening\nberth payment-service#2 initial → healthy on internal\n");
  });

  it("tabulates targets with health and counts", () => {
    const lines = statusLines({
      type: "status",
      gateways: [{ key: "internal", internal: true, url: "http://127.0.0.1:9001", requests: 12, errors: 1 }],
      services: [
        {
          service: "payment-service",
          loadBalancer: "internal",
          targets: [{ id: "payment-service#2", address: "127.0.0.1:40001", health: "healthy", inFlight: 1, requests: 11, errors: 0 }],
          processes: [],
        },
      ],
      queues: [],
      jobs: [],
    });
    expect(lines[1]).toContain("12 requests, 1 errors");
    expect(lines.at(-1)!.split(/\s{2,}/)).toEqual(["payment-service", "internal", "payment-service#2", "127.0.0.1:40001", "healthy", "1", "11", "0"]);
  });

  it("lists workers as processes, queues with depth, in flight and dead letters, and schedules with next run and last result", () => {
    const lines = statusLines({
      type: "status",
      gateways: [],
      services: [
        { service: "recorder", loadBalancer: undefined, targets: [], processes: [{ replica: "recorder#2", pid: 42, port: 0, state: "running", restarts: 0 }] },
      ],
      queues: [
        { queue: "events", name: "shop-dev-events", depth: 3, inFlight: 1, deadLetters: 2 },
        { queue: "audit", name: "shop-dev-audit", depth: 0, inFlight: 0, deadLetters: null },
      ],
      jobs: [
        {
          job: "expire",
          expression: "cron(0 3 * * ? *)",
          timezone: "Europe/Berlin",
          enabled: true,
          next: "2026-12-06T02:00:00.000Z",
          running: 0,
          last: { run: "expire@1", result: "succeeded", at: "2026-12-05T01:00:00.000Z", attempts: 1, durationMs: 800 },
        },
        { job: "report", expression: "rate(1 hour)", timezone: "UTC", enabled: false, next: null, running: 1, last: null },
      ],
    });
    const cells = (l: string) => l.split(/\s{2,}/);
    const at = (first: string) => lines.findIndex((l) => l.startsWith(first));
    expect(cells(lines[at("recorder")]!)).toEqual(["recorder", "-", "recorder#2", "-", "running", "-", "-", "-"]);
    expect(cells(lines[at("queue")]!)).toEqual(["queue", "depth", "in-flight", "dead letters"]);
    expect(cells(lines[at("shop-dev-events")]!)).toEqual(["shop-dev-events", "3", "1", "2"]);
    expect(cells(lines[at("shop-dev-audit")]!)).toEqual(["shop-dev-audit", "0", "0", "-"]);
    expect(cells(lines[at("expire")]!)).toEqual(["expire", "cron(0 3 * * ? *) Europe/Berlin", "2026-12-06T02:00:00.000Z", "succeeded (expire@1, 1 try)"]);
    expect(cells(lines[at("report")]!)).toEqual(["report", "rate(1 hour)", "disabled", "running; -"]);
  });

  it("lists the HTTP APIs' gateways beside the load balancers' and a row per function", () => {
    const lines = statusLines({
      type: "status",
      gateways: [{ key: "api-public", internal: false, url: "http://127.0.0.1:4200", requests: 5, errors: 1 }],
      services: [],
      queues: [],
      jobs: [],
      functions: [
        { function: "api", functionName: "shop-dev-api", processes: 2, busy: 1, waiting: 3, invocations: 7, errors: 1, timeouts: 2 },
        { function: "record", functionName: "shop-dev-record", processes: 0, busy: 0, waiting: 0, invocations: 0, errors: 0, timeouts: 0 },
      ],
    });
    const cells = (l: string) => l.split(/\s{2,}/);
    const at = (first: string) => lines.findIndex((l) => l.startsWith(first));
    expect(lines[at("api-public")]).toMatch(/^api-public\s+http:\/\/127\.0\.0\.1:4200\s+internet-facing\s+5 requests, 1 errors$/);
    expect(cells(lines[at("function")]!)).toEqual(["function", "processes", "busy", "invocations", "errors", "timeouts"]);
    expect(cells(lines[at("api ")]!)).toEqual(["api", "2", "1 (+3 waiting)", "7", "1", "2"]);
    expect(cells(lines[at("record")]!)).toEqual(["record", "0", "0", "0", "0", "0"]);
  });

  it("says where the SQS/SNS endpoint listens and how each job run ends", () => {
    const bus = new DevBus();
    let text = "";
    terminalView(bus, { write: (s: string) => (text += s) });
    bus.emit({ type: "messaging", url: "http://127.0.0.1:4100", queues: ["shop-dev-events"], topics: ["shop-dev-news"] });
    bus.emit({ type: "gateway", key: "api-public", internal: false, url: "http://127.0.0.1:4200", httpApi: true });
    bus.emit({ type: "job", job: "expire", run: "expire@1", attempt: 1, state: "started", reason: "by hand" });
    bus.emit({ type: "job", job: "expire", run: "expire@1", attempt: 1, state: "failed", reason: "by hand", exitCode: 3, durationMs: 12 });
    bus.emit({ type: "job", job: "expire", run: "expire@1", attempt: 2, state: "started", reason: "by hand" });
    bus.emit({ type: "job", job: "expire", run: "expire@1", attempt: 2, state: "succeeded", reason: "by hand", exitCode: 0, durationMs: 9 });
    expect(text.split("\n").slice(0, -1)).toEqual([
      "berth SQS/SNS endpoint on http://127.0.0.1:4100: queue shop-dev-events, topic shop-dev-news",
      "berth HTTP API api-public on http://127.0.0.1:4200",
      "berth job expire@1 started (by hand)",
      "berth job expire@1 failed (code 3) after 12 ms",
      "berth job expire@1 started (by hand, try 2)",
      "berth job expire@1 succeeded after 9 ms",
    ]);
  });
});
