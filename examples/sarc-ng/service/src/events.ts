/** Reservation events: what the API sends to the reservation-events queue and the recorder keeps. */
import type { Reservation } from "./reservation.js";

export interface ReservationEvent {
  /** Unique per event: the recorder keeps each once, however often the queue delivers it. */
  readonly id: string;
  readonly type: "reservation.created";
  readonly reservation: Reservation;
  /** When it happened, ISO 8601 UTC. */
  readonly at: string;
}

export const reservationCreated = (reservation: Reservation, at: Date = new Date()): ReservationEvent => ({
  id: `reservation-${reservation.id}-created`,
  type: "reservation.created",
  reservation,
  at: at.toISOString(),
});

/** A queue message's body as an event, or what is wrong with it. */
export function parseEvent(body: string): ReservationEvent | string {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return "body is not JSON";
  }
  const e = v as Partial<ReservationEvent> | null;
  if (typeof e !== "object" || e === null) return "body is not a JSON object";
  if (typeof e.id !== "string" || e.id === "" || e.id.length > 100) return '"id" must be a string of 1 to 100 characters';
  if (e.type !== "reservation.created") return `unknown event type ${JSON.stringify(e.type)}`;
  if (typeof e.at !== "string" || Number.isNaN(Date.parse(e.at))) return '"at" must be an ISO 8601 time';
  const r = e.reservation;
  if (typeof r !== "object" || r === null || !Number.isInteger(r.id) || !Number.isInteger(r.resourceId))
    return '"reservation" must carry its id and resourceId';
  return e as ReservationEvent;
}
