/** Resources (rooms, labs, equipment) and their reservations: the shapes and the input rules. */
export interface Resource {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly capacity: number;
}

export interface Reservation {
  readonly id: number;
  readonly resourceId: number;
  readonly title: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

export type NewResource = Omit<Resource, "id">;
export type NewReservation = Omit<Reservation, "id">;

/** The first thing wrong with a new resource, or undefined. */
export function resourceProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.name !== "string" || body.name.trim() === "" || body.name.length > 100) return '"name" must be a string of 1 to 100 characters';
  if (typeof body.kind !== "string" || !/^[a-z][a-z-]{0,39}$/.test(body.kind)) return '"kind" must be a lower-case word such as "room" or "lab"';
  if (!Number.isInteger(body.capacity) || (body.capacity as number) < 1 || (body.capacity as number) > 10_000)
    return '"capacity" must be an integer from 1 to 10000';
  return undefined;
}

/** The first thing wrong with a new reservation, or undefined. Times are ISO 8601 with a zone, stored in UTC. */
export function reservationProblem(body: Record<string, unknown>): string | undefined {
  if (!Number.isInteger(body.resourceId) || (body.resourceId as number) < 1) return '"resourceId" must be a positive integer';
  if (typeof body.title !== "string" || body.title.trim() === "" || body.title.length > 200) return '"title" must be a string of 1 to 200 characters';
  const start = instant(body.startsAt);
  const end = instant(body.endsAt);
  if (start === undefined) return '"startsAt" must be an ISO 8601 time with a zone, e.g. "2026-03-02T14:00:00Z"';
  if (end === undefined) return '"endsAt" must be an ISO 8601 time with a zone, e.g. "2026-03-02T16:00:00Z"';
  if (end <= start) return '"endsAt" must be after "startsAt"';
  if (end - start > 7 * 24 * 3600_000) return "a reservation lasts at most 7 days";
  return undefined;
}

const instant = (v: unknown): number | undefined => {
  if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
};

/** Two reservations of one resource overlap when each starts before the other ends. */
export const overlaps = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }): boolean =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);
