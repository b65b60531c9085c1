/** The `queues` and `topics` sections (SQS queues with dead-letter queues, SNS topics with subscriptions), and how a service uses them. */
import { z } from "zod";
import { strict } from "./strict.js";
import { duration } from "./units.js";

const filterPolicy = z
  .record(z.string().min(1), z.unknown())
  .describe(
    'SNS filter policy: only messages that match it reach the queue, e.g. `{ type: ["reservation.created", "reservation.cancelled"] }` or `{ amount: [{ numeric: [">", 100] }] }`. At most 5 keys and 150 value combinations (AWS limits).',
  );

export const queueSchema = strict({
  fifo: z
    .boolean()
    .optional()
    .describe(
      "A FIFO queue: messages of one message group arrive in order, exactly once (within 5 minutes); its name (and its dead-letter queue's, also FIFO) ends in `.fifo`. Only a FIFO topic may deliver to it. Default `false`.",
    ),
  contentBasedDeduplication: z
    .boolean()
    .optional()
    .describe("FIFO only: deduplicate by a hash of the body, so senders need no deduplication id. Default `false`."),
  visibilityTimeout: duration
    .optional()
    .describe(
      'How long a received message stays hidden from other consumers, 0 seconds–12 hours; longer than the consumer takes per message. Default `"30 seconds"`.',
    ),
  retention: duration.optional().describe('How long an unreceived message is kept, 1 minute–14 days. Default `"4 days"`.'),
  receiveWait: duration
    .optional()
    .describe('Long polling: how long a receive call waits for a message, 0–20 seconds (fewer empty receives, lower cost). Default `"20 seconds"`.'),
  deadLetter: z
    .union([
      z.literal(false),
      strict({
        maxReceives: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .optional()
          .describe("Receives after which a message that was never deleted moves to the dead-letter queue. Default 5."),
        retention: duration.optional().describe('How long the dead-letter queue keeps a message. Default `"14 days"` (the maximum).'),
        alarm: z.boolean().optional().describe("Alarm (on the environment's alarm topic) as soon as a message lands in the dead-letter queue. Default `true`."),
      }),
    ])
    .optional()
    .describe(
      "The queue's dead-letter queue (`<queue>-dlq`), where a message goes after failing `maxReceives` times; `false` for none. Default: on, 5 receives.",
    ),
});
export type QueueInput = z.infer<typeof queueSchema>;

const subscription = strict({
  queue: z.string().min(1).describe("Key of the queue (in `queues`) that receives the topic's messages."),
  filter: filterPolicy.optional(),
  filterOn: z
    .enum(["attributes", "body"])
    .optional()
    .describe('What `filter` matches: the message attributes or the (JSON) message body. Default `"attributes"`.'),
  rawDelivery: z
    .boolean()
    .optional()
    .describe("Deliver the message as published, without SNS's JSON envelope. Default `true` (consumers read the body they were sent)."),
});
export type SubscriptionInput = z.infer<typeof subscription>;

export const topicSchema = strict({
  fifo: z
    .boolean()
    .optional()
    .describe(
      "A FIFO topic: ordered by message group and deduplicated; its name ends in `.fifo`. It delivers to FIFO and standard queues; a FIFO queue takes deliveries only from a FIFO topic. Default `false`.",
    ),
  contentBasedDeduplication: z
    .boolean()
    .optional()
    .describe("FIFO only: deduplicate by a hash of the body, so publishers need no deduplication id. Default `false`."),
  subscriptions: z
    .array(subscription)
    .optional()
    .describe(
      'Queues subscribed to the topic, each with an optional filter policy, e.g. `[{ queue: "audit" }, { queue: "mail", filter: { type: ["invoice"] } }]`.',
    ),
});
export type TopicInput = z.infer<typeof topicSchema>;

const queueAction = z.enum(["send", "consume"]);

export const queueUseSchema = z
  .union([queueAction, z.array(queueAction).min(1)], { error: 'expected "send", "consume" or ["send", "consume"]' })
  .describe(
    '`"send"` (SendMessage), `"consume"` (ReceiveMessage, DeleteMessage, ChangeMessageVisibility) or both. The service gets the queue URL as `<QUEUE>_QUEUE_URL` (e.g. `RESERVATION_EVENTS_QUEUE_URL`) and exactly these permissions, with the queue key\'s.',
  );

export const topicUseSchema = z
  .literal("publish", { error: 'expected "publish"' })
  .describe('`"publish"`: the service may publish to the topic (and use its key) and gets its ARN as `<TOPIC>_TOPIC_ARN`.');
