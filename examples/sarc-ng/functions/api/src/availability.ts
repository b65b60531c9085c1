/** Free time of a resource: the gaps between its reservations inside a window, for the availability route. */
import type { Reservation } from "../../../service/src/reservation.js";

export interface Slot {
  readonly startsAt: string;
  readonly endsAt: string;
}

/** Longest window one request may ask about (31 days), so a query stays small. */
export const MAX_WINDOW_MS = 31 * 24 * 3600_000;

/** The free slots of `[from, to)` given the resource's reservations (any order, possibly overlapping the edges). */
export function freeSlots(reservations: readonly Reservation[], from: Date, to: Date): Slot[] {
  const busy = reservations
    .map((r) => [Date.parse(r.startsAt), Date.parse(r.endsAt)] as const)
    .filter(([s, e]) => e > from.getTime() && s < to.getTime())
    .sort((a, b) => a[0] - b[0]);
  const free: Slot[] = [];
  let cursor = from.getTime();
  for (const [s, e] of busy) {
    if (s > cursor) free.push({ startsAt: new Date(cursor).toISOString(), endsAt: new Date(s).toISOString() });
    cursor = Math.max(cursor, e);
  }
  if (cursor < to.getTime()) free.push({ startsAt: new Date(cursor).toISOString(), endsAt: to.toISOString() });
  return free;
}

/** The window a request asks about, or the reason it is refused. */
export function parseWindow(from: string | undefined, to: string | undefined): { from: Date; to: Date } | { problem: string } {
  if (!from || !to) return { problem: 'give "from" and "to" as ISO 8601 times, e.g. ?from=2026-03-02T08:00:00Z&to=2026-03-02T18:00:00Z' };
  const f = new Date(from);
  const t = new Date(to);
  if (Number.isNaN(f.getTime()) || Number.isNaN(t.getTime())) return { problem: '"from" and "to" must be ISO 8601 times' };
  if (t <= f) return { problem: '"to" must be after "from"' };
  if (t.getTime() - f.getTime() > MAX_WINDOW_MS) return { problem: "a window is at most 31 days" };
  return { from: f, to: t };
}
