import { describe, expect, it } from "vitest";
import { memoryStore } from "../../../service/src/store.js";
import { route } from "./api.js";
import { freeSlots, parseWindow } from "./availability.js";

async function seeded() {
  const store = memoryStore();
  const room = await store.addResource({ name: "Room A", kind: "room", capacity: 8 });
  await store.reserve({ resourceId: room.id, title: "standup", startsAt: "2026-03-02T09:00:00Z", endsAt: "2026-03-02T10:00:00Z" });
  await store.reserve({ resourceId: room.id, title: "review", startsAt: "2026-03-02T13:00:00Z", endsAt: "2026-03-02T15:00:00Z" });
  return { store, room };
}

const availability = (id: string, from?: string, to?: string) => ({
  routeKey: "GET /resources/{id}/availability",
  pathParameters: { id },
  queryStringParameters: { from, to },
});

describe("freeSlots", () => {
  it("gives the gaps between reservations inside the window, clipping those at the edges", () => {
    const r = (s: string, e: string) => ({ id: 1, resourceId: 1, title: "x", startsAt: s, endsAt: e });
    const free = freeSlots(
      [r("2026-03-02T13:00:00Z", "2026-03-02T15:00:00Z"), r("2026-03-02T07:00:00Z", "2026-03-02T09:00:00Z"), r("2026-03-02T14:00:00Z", "2026-03-02T16:00:00Z")],
      new Date("2026-03-02T08:00:00Z"),
      new Date("2026-03-02T18:00:00Z"),
    );
    expect(free).toEqual([
      { startsAt: "2026-03-02T09:00:00.000Z", endsAt: "2026-03-02T13:00:00.000Z" },
      { startsAt: "2026-03-02T16:00:00.000Z", endsAt: "2026-03-02T18:00:00.000Z" },
    ]);
  });

  it("is the whole window when nothing is reserved, and nothing when it is all reserved", () => {
    const from = new Date("2026-03-02T08:00:00Z");
    const to = new Date("2026-03-02T09:00:00Z");
    expect(freeSlots([], from, to)).toEqual([{ startsAt: from.toISOString(), endsAt: to.toISOString() }]);
    expect(freeSlots([{ id: 1, resourceId: 1, title: "x", startsAt: "2026-03-02T07:00:00Z", endsAt: "2026-03-02T10:00:00Z" }], from, to)).toEqual([]);
  });

  it("refuses windows that are missing, reversed or longer than 31 days", () => {
    expect(parseWindow(undefined, "2026-03-02T09:00:00Z")).toHaveProperty("problem");
    expect(parseWindow("2026-03-02T09:00:00Z", "2026-03-02T08:00:00Z")).toEqual({ problem: '"to" must be after "from"' });
    expect(parseWindow("2026-03-01T00:00:00Z", "2026-04-02T00:00:00Z")).toEqual({ problem: "a window is at most 31 days" });
  });
});

describe("the sarc-ng-api routes", () => {
  it("lists the resources", async () => {
    const { store } = await seeded();
    const res = await route({ routeKey: "GET /resources" }, store);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual([{ id: 1, name: "Room A", kind: "room", capacity: 8 }]);
  });

  it("answers a resource's free slots in a window", async () => {
    const { store, room } = await seeded();
    const res = await route(availability(String(room.id), "2026-03-02T08:00:00Z", "2026-03-02T18:00:00Z"), store);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).free).toEqual([
      { startsAt: "2026-03-02T08:00:00.000Z", endsAt: "2026-03-02T09:00:00.000Z" },
      { startsAt: "2026-03-02T10:00:00.000Z", endsAt: "2026-03-02T13:00:00.000Z" },
      { startsAt: "2026-03-02T15:00:00.000Z", endsAt: "2026-03-02T18:00:00.000Z" },
    ]);
  });

  it("answers 400 for a bad id or window, 404 for an unknown resource or route", async () => {
    const { store } = await seeded();
    expect((await route(availability("x", "2026-03-02T08:00:00Z", "2026-03-02T18:00:00Z"), store)).statusCode).toBe(400);
    expect((await route(availability("1"), store)).statusCode).toBe(400);
    expect((await route(availability("9", "2026-03-02T08:00:00Z", "2026-03-02T18:00:00Z"), store)).statusCode).toBe(404);
    expect((await route({ routeKey: "DELETE /resources" }, store)).statusCode).toBe(404);
  });
});
