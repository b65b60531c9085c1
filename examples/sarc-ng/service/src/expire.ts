/** The expire job (a berth scheduled job, daily): removes reservations that ended more than `keepDays` ago. */
import type { Store } from "./store.js";

const DAY = 24 * 3600_000;

/** Removes what ended before `now − keepDays`; returns how many. */
export async function expireStale(store: Pick<Store, "expireEndedBefore">, now: Date, keepDays: number): Promise<number> {
  if (!Number.isInteger(keepDays) || keepDays < 1) throw new Error(`keepDays must be a positive integer; got ${keepDays}`);
  return store.expireEndedBefore(new Date(now.getTime() - keepDays * DAY));
}
