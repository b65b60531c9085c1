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
    bus.emit({ type: "status", gateways: [], services: [] });
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
    });
    expect(lines[1]).toContain("12 requests, 1 errors");
    expect(lines.at(-1)!.split(/\s{2,}/)).toEqual(["payment-service", "internal", "payment-service#2", "127.0.0.1:40001", "healthy", "1", "11", "0"]);
  });
});
