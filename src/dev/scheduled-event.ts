/**
 * The event an EventBridge schedule rule sends its target when it has no constant input, as `berth dev`
 * sends it to a function: version 0, detail-type "Scheduled Event", source aws.events, the rule's ARN in
 * `resources`, an empty `detail`.
 */
import { randomUUID } from "node:crypto";

export interface ScheduledEvent {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": "Scheduled Event";
  readonly source: "aws.events";
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, never>>;
}

export function scheduledEvent(rule: string, region: string, at: Date): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "000000000000",
    // EventBridge gives the scheduled time to the second.
    time: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region,
    resources: [`arn:aws:events:${region}:000000000000:rule/${rule}`],
    detail: {},
  };
}
