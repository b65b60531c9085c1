/**
 * The recorder (a berth worker on the reservation-events queue): keeps each reservation event once in the
 * reservation_events table. A message it cannot record is left on the queue, so SQS delivers it again and,
 * after the queue's maxReceives, moves it to the dead-letter queue.
 */
import { parseEvent } from "./events.js";
import type { Store } from "./store.js";

export interface QueueMessage {
  /** The receipt's handle or id: what the caller deletes. */
  readonly id: string;
  readonly body: string;
}

export interface BatchResult {
  /** Recorded now or before (a redelivery): delete these from the queue. */
  readonly done: readonly string[];
  /** Not recorded: leave them for another try. */
  readonly failed: readonly { readonly id: string; readonly reason: string }[];
}

export async function recordBatch(store: Pick<Store, "recordEvent">, messages: readonly QueueMessage[]): Promise<BatchResult> {
  const done: string[] = [];
  const failed: { id: string; reason: string }[] = [];
  for (const m of messages) {
    const event = parseEvent(m.body);
    if (typeof event === "string") {
      failed.push({ id: m.id, reason: event });
      continue;
    }
    try {
      await store.recordEvent(event);
      done.push(m.id);
    } catch (e) {
      failed.push({ id: m.id, reason: (e as Error).message });
    }
  }
  return { done, failed };
}
