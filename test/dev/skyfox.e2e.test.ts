/**
 * `berth dev` end to end on loopback with the real SkyFox services: through the public gateway (backend →
 * internal gateway → payment and movie), losing a replica under load, a rolling restart under load.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { DevRuntime } from "../../src/dev/runtime.js";
import { localHealthTiming } from "../../src/dev/health.js";
import { steadyLoad } from "./load.js";
import { SKYFOX_DIR, startSkyfox, withReplicas } from "./skyfox.js";

const SCALE = 0.02;
let runtime: DevRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

describe("SkyFox under berth dev", () => {
  it("serves the public API through both gateways, with the same paths as on AWS", async () => {
    const started = await startSkyfox();
    runtime = started.runtime;
    const pub = started.url("external");
    expect(await (await fetch(`${pub}/health`)).json()).toEqual({ status: "UP" });
    const status = (await (await fetch(`${pub}/status`)).json()) as Record<string, { status: string }>;
    expect(status.payment?.status).toBe("UP");
    expect(status.movie?.status).toBe("UP");
    const booking = await fetch(`${pub}/bookings`, { method: "POST", body: JSON.stringify({ movieId: "tt1375666", seats: 2 }) });
    expect(booking.status).toBe(201);
    expect(await booking.json()).toMatchObject({ movie: { title: "Inception" }, payment: { status: "APPROVED", amount: 500 } });
    // The internal gateway applies the internal ALB's rules: its default action is a fixed 404.
    const internal = started.url("internal");
    expect((await fetch(`${internal}/payment-service/payment-service`)).status).toBe(200);
    expect((await fetch(`${internal}/nothing`)).status).toBe(404);
    // The backend reached payment and movie through the internal gateway.
    const s = runtime.status();
    const reqs = (svc: string) => s.services.find((x) => x.service === svc)!.targets.reduce((n, t) => n + t.requests, 0);
    expect(reqs("payment-service")).toBeGreaterThanOrEqual(2);
    expect(reqs("movie-service")).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("losing one of two replicas under load loses at most the requests in flight, then none", async () => {
    const started = await startSkyfox(withReplicas("payment-service", 2), { healthScale: SCALE });
    runtime = started.runtime;
    const concurrency = 8;
    const load = steadyLoad(`${started.url("internal")}/payment-service/payment-service`, concurrency);
    await sleep(1000);
    const victim = runtime.status().services.find((s) => s.service === "payment-service")!.processes[0]!;
    const killedAt = Date.now();
    process.kill(-victim.pid!, "SIGKILL");
    // Health-check thresholds at this scale: unhealthyThreshold × interval + timeout.
    const hc = runtime.plan.services.find((s) => s.name === "payment-service")!.healthCheck;
    const timing = localHealthTiming(hc, SCALE);
    const window = hc.unhealthyThreshold * timing.intervalMs + timing.timeoutMs;
    await sleep(window + 1500);
    const result = await load.stop();
    expect(result.ok).toBeGreaterThan(100);
    expect(result.failed.length, JSON.stringify(result.failed.slice(0, 10))).toBeLessThanOrEqual(concurrency);
    expect(result.failed.filter((f) => f.at > killedAt + window)).toEqual([]);
    expect(started.events).toContainEqual(expect.objectContaining({ type: "process", replica: victim.replica, state: "backoff" }));
  }, 60_000);

  it("a --watch rolling restart under load loses no request", async () => {
    const started = await startSkyfox(withReplicas("payment-service", 2), { watch: true });
    runtime = started.runtime;
    const before = runtime
      .status()
      .services.find((s) => s.service === "payment-service")!
      .processes.map((p) => p.replica);
    const load = steadyLoad(`${started.url("internal")}/payment-service/payment-service`, 8);
    await sleep(500);
    const file = join(SKYFOX_DIR, "services/payment/src/main.ts");
    writeFileSync(file, readFileSync(file)); // same content: a change event, nothing to commit
    const done = started.runtime.bus.once((e) => e.type === "process" && e.replica === before[1] && e.state === "stopped");
    await done;
    await sleep(300);
    const result = await load.stop();
    const after = runtime
      .status()
      .services.find((s) => s.service === "payment-service")!
      .processes.map((p) => p.replica);
    expect(after).toHaveLength(2);
    expect(after.some((r) => before.includes(r))).toBe(false);
    expect(result.ok).toBeGreaterThan(100);
    expect(result.failed).toEqual([]);
    expect(started.events).toContainEqual(expect.objectContaining({ type: "restart", service: "payment-service", reason: "src/main.ts changed" }));
  }, 90_000);
});
