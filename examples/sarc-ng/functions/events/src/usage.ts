/**
 * Reservation usage: minutes reserved per resource and day, one row per reservation event, kept once however
 * often the queue delivers it. The `usage` function records it from the reservation-usage queue (an SQS
 * consumer reporting partial batch failures); the daily `prune` function removes rows older than KEEP_DAYS.
 */
import { type ReservationEvent, parseEvent } from "../../../service/src/events.js";

export interface UsageRow {
  readonly eventId: string;
  readonly resourceId: number;
  /** The day the reservation starts, `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly minutes: number;
}

export interface UsageStore {
  /** Keeps a row once: false when its event was recorded before. */
  record(row: UsageRow): Promise<boolean>;
  /** Removes rows of days before `day` (`YYYY-MM-DD`); returns how many. */
  pruneBefore(day: string): Promise<number>;
}

export const usageOf = (e: ReservationEvent): UsageRow => ({
  eventId: e.id,
  resourceId: e.reservation.resourceId,
  day: e.reservation.startsAt.slice(0, 10),
  minutes: Math.round((Date.parse(e.reservation.endsAt) - Date.parse(e.reservation.startsAt)) / 60_000),
});

/** The SQS event's records Lambda hands the consumer (the fields it reads). */
export interface SqsBatch {
  readonly Records: readonly { readonly messageId: string; readonly body: string }[];
}

/** Records each message's usage; the ones it could not read or store come back as `batchItemFailures`. */
export async function recordUsage(store: Pick<UsageStore, "record">, batch: SqsBatch, log: (line: string) => void = console.error) {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const r of batch.Records) {
    const event = parseEvent(r.body);
    try {
      if (typeof event === "string") throw new Error(event);
      await store.record(usageOf(event));
    } catch (e) {
      log(`message ${r.messageId}: not recorded: ${(e as Error).message}`);
      batchItemFailures.push({ itemIdentifier: r.messageId });
    }
  }
  return { batchItemFailures };
}

const DAY = 24 * 3600_000;

/** Removes usage of days more than `keepDays` before `now`; returns how many rows. */
export async function pruneUsage(store: Pick<UsageStore, "pruneBefore">, now: Date, keepDays: number): Promise<number> {
  if (!Number.isInteger(keepDays) || keepDays < 1) throw new Error(`KEEP_DAYS must be a positive integer; got ${keepDays}`);
  return store.pruneBefore(new Date(now.getTime() - keepDays * DAY).toISOString().slice(0, 10));
}

export function memoryUsageStore(): UsageStore & { readonly rows: UsageRow[] } {
  const rows: UsageRow[] = [];
  return {
    rows,
    async record(row) {
      if (rows.some((r) => r.eventId === row.eventId)) return false;
      rows.push(row);
      return true;
    },
    async pruneBefore(day) {
      const old = rows.filter((r) => r.day < day);
      for (const r of old) rows.splice(rows.indexOf(r), 1);
      return old.length;
    },
  };
}
