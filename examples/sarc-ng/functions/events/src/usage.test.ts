import { describe, expect, it } from "vitest";
import { reservationCreated } from "../../../service/src/events.js";
import { memoryUsageStore, pruneUsage, recordUsage } from "./usage.js";

const reservation = (id: number, startsAt: string, endsAt: string) => ({ id, resourceId: 3, title: "t", startsAt, endsAt });
const message = (id: string, body: unknown) => ({ messageId: id, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("reservation usage", () => {
  it("records minutes per resource and day once per event, and reports what it could not read as batch item failures", async () => {
    const store = memoryUsageStore();
    const e = reservationCreated(reservation(7, "2026-12-05T09:00:00.000Z", "2026-12-05T10:30:00.000Z"));
    const logs: string[] = [];
    const result = await recordUsage(store, { Records: [message("m1", e), message("m2", "not json"), message("m3", e)] }, (l) => logs.push(l));
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m2" }] });
    expect(store.rows).toEqual([{ eventId: "reservation-7-created", resourceId: 3, day: "2026-12-05", minutes: 90 }]);
    expect(logs).toEqual(["message m2: not recorded: body is not JSON"]);
  });

  it("fails the messages whose store write fails, so SQS delivers them again", async () => {
    const failing = { record: async () => Promise.reject(new Error("connection lost")) };
    const e = reservationCreated(reservation(8, "2026-12-05T09:00:00.000Z", "2026-12-05T10:00:00.000Z"));
    expect(await recordUsage(failing, { Records: [message("m1", e)] }, () => {})).toEqual({ batchItemFailures: [{ itemIdentifier: "m1" }] });
  });

  it("prunes days more than KEEP_DAYS ago and refuses a KEEP_DAYS that is not a positive integer", async () => {
    const store = memoryUsageStore();
    for (const [id, day] of [
      ["a", "2025-01-01"],
      ["b", "2026-11-30"],
      ["c", "2026-12-05"],
    ] as const)
      await store.record({ eventId: id, resourceId: 1, day, minutes: 60 });
    expect(await pruneUsage(store, new Date("2026-12-05T04:00:00Z"), 30)).toBe(1);
    expect(store.rows.map((r) => r.eventId)).toEqual(["b", "c"]);
    await expect(pruneUsage(store, new Date(), 0)).rejects.toThrow("KEEP_DAYS must be a positive integer; got 0");
  });
});
