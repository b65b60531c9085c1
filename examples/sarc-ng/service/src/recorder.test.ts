import { describe, expect, it } from "vitest";
import { type ReservationEvent, parseEvent, reservationCreated } from "./events.js";
import { expireStale } from "./expire.js";
import { droppingPublisher, sqsPublisher } from "./publisher.js";
import { recordBatch } from "./recorder.js";
import { memoryStore } from "./store.js";

const reservation = { id: 7, resourceId: 1, title: "Seminar", startsAt: "2026-03-02T14:00:00.000Z", endsAt: "2026-03-02T16:00:00.000Z" };
const event = reservationCreated(reservation, new Date("2026-03-01T10:00:00Z"));
const message = (id: string, body: unknown) => ({ id, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("reservation events", () => {
  it("are named after the reservation, so a redelivery is the same event", () => {
    expect(event).toEqual({ id: "reservation-7-created", type: "reservation.created", reservation, at: "2026-03-01T10:00:00.000Z" });
    expect(parseEvent(JSON.stringify(event))).toEqual(event);
    expect(parseEvent("{")).toBe("body is not JSON");
    expect(parseEvent(JSON.stringify({ ...event, type: "reservation.moved" }))).toBe('unknown event type "reservation.moved"');
    expect(parseEvent(JSON.stringify({ ...event, reservation: { id: 7 } }))).toMatch(/resourceId/);
  });

  it("go to each queue as one message with the type as an attribute; without a queue they are dropped with one log line", async () => {
    const sent: unknown[] = [];
    await sqsPublisher({ send: async (c: { input: unknown }) => void sent.push(c.input) } as never, "https://sqs.example/q", "https://sqs.example/u").publish(
      event,
    );
    const message = { MessageBody: JSON.stringify(event), MessageAttributes: { type: { DataType: "String", StringValue: "reservation.created" } } };
    expect(sent).toEqual([
      { QueueUrl: "https://sqs.example/q", ...message },
      { QueueUrl: "https://sqs.example/u", ...message },
    ]);
    const lines: string[] = [];
    const drop = droppingPublisher((l) => lines.push(l));
    await drop.publish(event);
    await drop.publish(event);
    expect(lines).toEqual(["RESERVATION_EVENTS_QUEUE_URL is not set: reservation events are not sent"]);
  });
});

describe("the recorder", () => {
  it("keeps each event once and deletes redeliveries too", async () => {
    const store = memoryStore();
    const first = await recordBatch(store, [message("m1", event), message("m2", event)]);
    expect(first).toEqual({ done: ["m1", "m2"], failed: [] });
    expect(store.events.map((e: ReservationEvent) => e.id)).toEqual(["reservation-7-created"]);
  });

  it("leaves unreadable messages and failed writes on the queue (its dead-letter queue takes them after maxReceives)", async () => {
    const store = { recordEvent: async (e: ReservationEvent) => (e.reservation.id === 8 ? Promise.reject(new Error("ER_LOCK_WAIT_TIMEOUT")) : true) };
    const other = reservationCreated({ ...reservation, id: 8 });
    expect(await recordBatch(store, [message("a", "not json"), message("b", other), message("c", event)])).toEqual({
      done: ["c"],
      failed: [
        { id: "a", reason: "body is not JSON" },
        { id: "b", reason: "ER_LOCK_WAIT_TIMEOUT" },
      ],
    });
  });
});

describe("the expire job", () => {
  it("removes reservations that ended more than keepDays ago, and only those", async () => {
    const store = memoryStore();
    await store.addResource({ name: "Lab 1", kind: "lab", capacity: 30 });
    await store.reserve({ resourceId: 1, title: "Old", startsAt: "2025-01-01T10:00:00Z", endsAt: "2025-01-01T12:00:00Z" });
    await store.reserve({ resourceId: 1, title: "Recent", startsAt: "2026-02-20T10:00:00Z", endsAt: "2026-02-20T12:00:00Z" });
    expect(await expireStale(store, new Date("2026-03-01T00:00:00Z"), 30)).toBe(1);
    expect((await store.reservations(1)).map((r) => r.title)).toEqual(["Recent"]);
    await expect(expireStale(store, new Date(), 0)).rejects.toThrow(/keepDays must be a positive integer/);
  });
});
