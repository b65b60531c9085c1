/**
 * Where the API sends reservation events: the SQS queues whose URLs berth gives as RESERVATION_EVENTS_QUEUE_URL
 * (the recorder's) and RESERVATION_USAGE_QUEUE_URL (the usage function's), on AWS and under `berth dev` on its
 * local SQS endpoint. Without them (the API run on its own) events are dropped with one log line;
 * reservations work the same.
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { ReservationEvent } from "./events.js";

export interface Publisher {
  publish(event: ReservationEvent): Promise<void>;
}

/** Sends each event as one message to each queue, its type as a message attribute (for filter policies). */
export function sqsPublisher(client: Pick<SQSClient, "send">, ...queueUrls: string[]): Publisher {
  return {
    async publish(event) {
      await Promise.all(
        queueUrls.map((queueUrl) =>
          client.send(
            new SendMessageCommand({
              QueueUrl: queueUrl,
              MessageBody: JSON.stringify(event),
              MessageAttributes: { type: { DataType: "String", StringValue: event.type } },
            }),
          ),
        ),
      );
    },
  };
}

export function droppingPublisher(log: (line: string) => void = console.warn): Publisher {
  let said = false;
  return {
    async publish() {
      if (!said) log("RESERVATION_EVENTS_QUEUE_URL is not set: reservation events are not sent");
      said = true;
    },
  };
}
