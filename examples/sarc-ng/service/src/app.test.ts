import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import type { ReservationEvent } from "./events.js";
import type { Publisher } from "./publisher.js";
import { overlaps, reservationProblem } from "./reservation.js";
import { memoryStore, poolOptions, type Store } from "./store.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));
async function start(store: Store = memoryStore(), events?: Publisher) {
  server = createApp(store, events);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
}

const lab = { name: "Lab 1", kind: "lab", capacity: 30 };
const slot = (from: string, to: string) => ({ resourceId: 1, title: "Thesis defence", startsAt: `2026-03-02T${from}:00Z`, endsAt: `2026-03-02T${to}:00Z` });

describe("SARC-NG API", () => {
  it("answers /health from the database, 503 when it does not answer", async () => {
    expect(await (await start())("GET", "/health")).toEqual({ status: 200, json: { status: "UP", database: "UP" } });
    server!.close();
    const down = await start({ ...memoryStore(), ping: () => Promise.reject(new Error("ECONNREFUSED")) });
    expect((await down("GET", "/health")).status).toBe(503);
  });

  it("creates and lists resources; 400 for bad input, 409 for a duplicate name", async () => {
    const call = await start();
    expect(await call("POST", "/api/v1/resources", lab)).toEqual({ status: 201, json: { id: 1, ...lab } });
    expect((await call("GET", "/api/v1/resources")).json.resources).toEqual([{ id: 1, ...lab }]);
    expect((await call("POST", "/api/v1/resources", { ...lab, capacity: 0 })).json.error).toMatch(/capacity/);
    expect((await call("POST", "/api/v1/resources", "[1]")).status).toBe(400);
    expect((await call("POST", "/api/v1/resources", "{")).json.error).toBe("body must be JSON");
    expect((await call("POST", "/api/v1/resources", lab)).status).toBe(409);
  });

  it("reserves a free slot, refuses an overlapping one with 409 and an unknown resource with 404", async () => {
    const call = await start();
    await call("POST", "/api/v1/resources", lab);
    expect(await call("POST", "/api/v1/reservations", slot("14:00", "16:00"))).toMatchObject({
      status: 201,
      json: { id: 1, startsAt: "2026-03-02T14:00:00.000Z" },
    });
    expect((await call("POST", "/api/v1/reservations", slot("15:00", "17:00"))).status).toBe(409);
    expect((await call("POST", "/api/v1/reservations", slot("16:00", "17:00"))).status).toBe(201); // back to back is fine
    expect((await call("POST", "/api/v1/reservations", { ...slot("09:00", "10:00"), resourceId: 7 })).status).toBe(404);
    expect((await call("GET", "/api/v1/resources/1/reservations")).json.reservations.map((r: { startsAt: string }) => r.startsAt)).toEqual([
      "2026-03-02T14:00:00.000Z",
      "2026-03-02T16:00:00.000Z",
    ]);
  });

  it("sends an event for each new reservation, and keeps the reservation when sending fails", async () => {
    const sent: ReservationEvent[] = [];
    const call = await start(memoryStore(), { publish: async (e) => void sent.push(e) });
    await call("POST", "/api/v1/resources", lab);
    const created = await call("POST", "/api/v1/reservations", slot("14:00", "16:00"));
    await call("POST", "/api/v1/reservations", slot("15:00", "17:00")); // refused: no event
    expect(sent.map((e) => [e.id, e.reservation.id])).toEqual([["reservation-1-created", created.json.id]]);
    server!.close();
    const failing = await start(memoryStore(), { publish: () => Promise.reject(new Error("AccessDenied")) });
    await failing("POST", "/api/v1/resources", lab);
    expect((await failing("POST", "/api/v1/reservations", slot("14:00", "16:00"))).status).toBe(201);
  });

  it("says what is wrong with a reservation", () => {
    expect(reservationProblem({ ...slot("14:00", "13:00") })).toBe('"endsAt" must be after "startsAt"');
    expect(reservationProblem({ ...slot("14:00", "15:00"), startsAt: "2026-03-02 14:00" })).toMatch(/"startsAt" must be an ISO 8601 time with a zone/);
    expect(reservationProblem({ ...slot("14:00", "15:00"), title: "" })).toMatch(/"title"/);
    expect(reservationProblem({ ...slot("14:00", "15:00"), endsAt: "2026-03-12T15:00:00Z" })).toBe("a reservation lasts at most 7 days");
    expect(
      overlaps(
        { startsAt: "2026-03-02T14:00:00Z", endsAt: "2026-03-02T15:00:00+00:00" },
        { startsAt: "2026-03-02T16:59:00+02:00", endsAt: "2026-03-02T18:00:00+02:00" },
      ),
    ).toBe(true);
  });

  it("reads the DB_* variables berth declares, with verified TLS unless DB_SSL_MODE=DISABLED (berth dev)", () => {
    const aws = poolOptions({ DB_HOST: "h", DB_PORT: "3307", DB_USER: "u", DB_PASSWORD: "p", DB_NAME: "d" });
    expect(aws).toMatchObject({ host: "h", port: 3307, user: "u", password: "p", database: "d", ssl: { rejectUnauthorized: true } });
    expect((aws.ssl as { ca: string[] }).ca.length).toBeGreaterThan(0);
    expect(poolOptions({ DB_HOST: "h", DB_USER: "u", DB_PASSWORD: "p", DB_NAME: "d", DB_SSL_MODE: "DISABLED" })).not.toHaveProperty("ssl");
    expect(() => poolOptions({ DB_HOST: "h" })).toThrow(/DB_NAME, DB_USER, DB_PASSWORD/);
  });
});
