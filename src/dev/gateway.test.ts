/** The gateway in-process (no sockets): status codes, forwarded headers, round-robin, health, draining. */
import { describe, expect, it } from "vitest";
import type { HealthCheck } from "../model/types.js";
import { Gateway, type GatewaySpec } from "./gateway.js";
import { watchHealth } from "./health-checker.js";
import { MemoryResponse } from "./memory-response.js";
import { TargetGroup } from "./target-group.js";
import { type Upstream, type UpstreamRequest, UpstreamError } from "./upstream.js";

const HC: HealthCheck = { path: "/health", intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 2, matcher: "200" };

/** What a fake target answers; `breakAfterStart` fails the exchange once the headers are out. */
interface Answer {
  readonly status: number;
  readonly body: string;
  readonly breakAfterStart?: boolean;
}
type Behaviour = (req: UpstreamRequest) => Promise<Answer> | Answer;
const text = (status: number, body: string): Answer => ({ status, body });

/** An upstream that plays each target's behaviour through the handler, as the undici one does. */
function fakeUpstream(behaviours: Record<string, Behaviour>): Upstream & { seen: UpstreamRequest[]; aborted: number } {
  const fake = {
    seen: [] as UpstreamRequest[],
    aborted: 0,
    send(target, req, handler) {
      fake.seen.push(req);
      let aborted = false;
      void (async () => {
        try {
          const b = behaviours[target.id];
          if (!b) throw new UpstreamError("failed", "connect ECONNREFUSED", true);
          const a = await b(req);
          if (aborted) return;
          handler.start(a.status, { "content-type": "text/plain" });
          if (a.breakAfterStart) throw new UpstreamError("failed", "socket hang up");
          handler.data(Buffer.from(a.body), () => {});
          handler.end();
        } catch (e) {
          if (!aborted) handler.error(e as UpstreamError);
        }
      })();
      return {
        abort: () => {
          aborted = true;
          fake.aborted++;
        },
      };
    },
    async forget() {},
    async close() {},
  } satisfies Upstream & { seen: UpstreamRequest[]; aborted: number };
  return fake;
}

const SPEC: GatewaySpec = {
  key: "internal",
  internal: true,
  rules: [{ priority: 100, service: "payment", paths: ["/payment-service/*"], hosts: [] }],
  defaultAction: { kind: "fixed", status: 404, body: "Not Found", contentType: "text/plain" },
};

function setup(behaviours: Record<string, Behaviour>, drainMs = 1000) {
  const group = new TargetGroup("payment", HC, drainMs);
  const upstream = fakeUpstream(behaviours);
  const gateway = new Gateway(SPEC, new Map([["payment", group]]), upstream);
  return { group, upstream, gateway };
}
const add = (group: TargetGroup, id: string, healthy = true) => {
  group.register({ id, host: "127.0.0.1", port: 1 });
  if (healthy) group.recordCheck(id, true);
};

describe("gateway status codes", () => {
  it("answers the default fixed response when no rule matches", async () => {
    const { gateway } = setup({});
    const res = await gateway.request("/nothing");
    expect([res.status, res.text]).toEqual([404, "Not Found"]);
  });

  it("503 when the service has no registered target", async () => {
    const { gateway } = setup({});
    expect((await gateway.request("/payment-service/x")).status).toBe(503);
  });

  it("502 when the target fails, 504 when it times out", async () => {
    const { gateway, group } = setup({ timeout: () => Promise.reject(new UpstreamError("timeout", "headers timeout")) });
    add(group, "refused");
    expect((await gateway.request("/payment-service/x")).status).toBe(502);
    group.remove("refused");
    add(group, "timeout");
    expect((await gateway.request("/payment-service/x")).status).toBe(504);
    expect(group.stats()[0]).toMatchObject({ requests: 1, errors: 1, inFlight: 0 });
  });

  it("passes the target's status and body through", async () => {
    const { gateway, group } = setup({ a: () => text(201, "made") });
    add(group, "a");
    expect(await gateway.request("/payment-service/x", { method: "POST", body: "{}" })).toMatchObject({ status: 201, text: "made", target: "a", cut: false });
  });

  it("cuts the client's connection when the target fails after its answer started, and counts the error", async () => {
    const { gateway, group } = setup({ a: () => ({ status: 200, body: "", breakAfterStart: true }) });
    add(group, "a");
    expect(await gateway.request("/payment-service/x")).toMatchObject({ status: 200, cut: true });
    expect(group.stats()[0]).toMatchObject({ requests: 1, errors: 1, inFlight: 0 });
  });

  it("a client that goes away stops the exchange and frees the target", async () => {
    const { gateway, group, upstream } = setup({ a: () => new Promise<Answer>(() => {}) });
    add(group, "a");
    const res = new MemoryResponse();
    gateway.handle({ method: "GET", path: "/payment-service/x", headers: { host: "x" }, body: null, remoteAddress: "127.0.0.1", localPort: 80 }, res);
    expect(group.stats()[0]).toMatchObject({ inFlight: 1 });
    res.destroy();
    expect(upstream.aborted).toBe(1);
    expect(group.stats()[0]).toMatchObject({ requests: 1, inFlight: 0 });
  });
});

describe("forwarded headers", () => {
  it("adds X-Forwarded-For/Proto/Port, appends to an existing X-Forwarded-For, keeps Host and drops hop-by-hop headers", async () => {
    const { gateway, group, upstream } = setup({ a: () => text(200, "") });
    add(group, "a");
    await gateway.request("/payment-service/x?y=1", {
      headers: { Host: "lb.local:8080", "X-Forwarded-For": "203.0.113.9", Connection: "keep-alive" },
      remoteAddress: "127.0.0.5",
      localPort: 8080,
    });
    const h = upstream.seen[0]!.headers;
    expect(h).toMatchObject({ host: "lb.local:8080", "x-forwarded-for": "203.0.113.9, 127.0.0.5", "x-forwarded-proto": "http", "x-forwarded-port": "8080" });
    expect(h).not.toHaveProperty("connection");
    expect(upstream.seen[0]!.path).toBe("/payment-service/x?y=1");
  });
});

describe("round-robin and health", () => {
  it("alternates over healthy targets and skips unhealthy ones", async () => {
    const { gateway, group } = setup({ a: () => text(200, "a"), b: () => text(200, "b"), c: () => text(200, "c") });
    add(group, "a");
    add(group, "b");
    add(group, "c");
    group.recordCheck("c", false);
    group.recordCheck("c", false);
    const seen = [];
    for (let i = 0; i < 6; i++) seen.push((await gateway.request("/payment-service/")).text);
    expect(seen.sort().join("")).toBe("aaabbb");
  });

  it("takes a target it cannot connect to out of the rotation at once, until its checks pass again", async () => {
    const { gateway, group } = setup({ b: () => text(200, "b") });
    add(group, "gone"); // a process that died: its connection is refused
    add(group, "b");
    expect((await gateway.request("/payment-service/")).status).toBe(502);
    expect(group.health("gone")).toBe("unhealthy");
    for (let i = 0; i < 4; i++) expect((await gateway.request("/payment-service/")).text).toBe("b");
    group.recordCheck("gone", true);
    group.recordCheck("gone", true);
    expect(group.health("gone")).toBe("healthy");
  });

  it("fails open when no target is healthy, as ALB does, preferring targets that answered checks before", async () => {
    const { gateway, group } = setup({ a: () => text(200, "a"), b: () => text(200, "b") });
    add(group, "a", false);
    expect((await gateway.request("/payment-service/")).text).toBe("a");
    group.recordCheck("a", false);
    group.recordCheck("a", false);
    add(group, "b", false); // initial: a process that may not listen yet
    for (let i = 0; i < 3; i++) expect((await gateway.request("/payment-service/")).text).toBe("a");
  });

  it("the checker moves a target through its states with the model's path and thresholds", async () => {
    const transitions: string[] = [];
    const group = new TargetGroup("payment", HC, 0, (_t, from, to) => void (from !== to && transitions.push(`${from}>${to}`)));
    const answers = [200, 500, 500, 200, 200];
    const paths: string[] = [];
    const ac = new AbortController();
    const target = { id: "a", host: "h", port: 1 };
    group.register(target);
    await watchHealth(group, target, { intervalMs: 1, timeoutMs: 1 }, ac.signal, async (_t, path) => {
      paths.push(path);
      const s = answers.shift();
      if (s === undefined) ac.abort();
      return s ?? 200;
    });
    expect(transitions).toEqual(["initial>healthy", "healthy>unhealthy", "unhealthy>healthy"]);
    expect(new Set(paths)).toEqual(new Set(["/health"]));
  });
});

describe("health-check grace period", () => {
  it("ignores failed checks of a starting target during the grace period, then counts them", async () => {
    const transitions: string[] = [];
    const group = new TargetGroup("payment", HC, 0, (_t, from, to) => void (from !== to && transitions.push(`${from}>${to}`)));
    const target = { id: "a", host: "h", port: 1 };
    group.register(target);
    const ac = new AbortController();
    const started = Date.now();
    await watchHealth(group, target, { intervalMs: 5, timeoutMs: 1, graceMs: 60 }, ac.signal, async () => {
      if (Date.now() - started < 50) expect(group.health("a")).toBe("initial");
      if (group.health("a") === "unhealthy") ac.abort();
      return 500;
    });
    expect(transitions).toEqual(["initial>unhealthy"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
  });
});

describe("draining", () => {
  it("a deregistered target gets no new requests and is removed once its in-flight requests finish", async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const { gateway, group } = setup({ a: async () => (await slow, text(200, "a")), b: () => text(200, "b") });
    add(group, "a");
    add(group, "b");
    const inflight = gateway.request("/payment-service/1"); // → a (round-robin starts at a)
    await Promise.resolve();
    let drained = false;
    const draining = group.deregister("a").then(() => (drained = true));
    expect(group.health("a")).toBe("draining");
    for (let i = 0; i < 3; i++) expect((await gateway.request("/payment-service/2")).text).toBe("b");
    expect(drained).toBe(false);
    release();
    expect((await inflight).text).toBe("a");
    await draining;
    expect(group.targets().map((t) => t.id)).toEqual(["b"]);
  });

  it("stops waiting after the deregistration delay", async () => {
    const { gateway, group } = setup({ a: () => new Promise<Answer>(() => {}) }, 20);
    add(group, "a");
    void gateway.request("/payment-service/1");
    await Promise.resolve();
    const t0 = Date.now();
    await group.deregister("a");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(15);
    expect(group.targets()).toEqual([]);
  });
});
