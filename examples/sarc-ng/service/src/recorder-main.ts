/** Entry point of the recorder worker: long-polls RESERVATION_EVENTS_QUEUE_URL, records, deletes what it recorded. */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createPool } from "mysql2/promise";
import { recordBatch } from "./recorder.js";
import { mysqlStore, poolOptions } from "./store.js";

const queueUrl = process.env.RESERVATION_EVENTS_QUEUE_URL;
if (!queueUrl) throw new Error("set RESERVATION_EVENTS_QUEUE_URL (berth sets it for the worker of the reservation-events queue)");
const pool = createPool(poolOptions(process.env));
const store = await mysqlStore(pool);
const sqs = new SQSClient({});
// SIGTERM (ECS stopping the task, berth dev stopping) ends the long poll at once, not after up to 20 s.
const stopping = new AbortController();
const stop = () => stopping.abort();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

while (!stopping.signal.aborted) {
  const received = await sqs
    .send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }), { abortSignal: stopping.signal })
    .catch((e: unknown) => {
      if (stopping.signal.aborted) return { Messages: [] };
      throw e;
    });
  const { Messages = [] } = received;
  const byId = new Map(Messages.map((m) => [m.MessageId!, m.ReceiptHandle!]));
  const { done, failed } = await recordBatch(
    store,
    Messages.map((m) => ({ id: m.MessageId!, body: m.Body ?? "" })),
  );
  for (const f of failed) console.error(`message ${f.id} not recorded: ${f.reason}`);
  if (done.length > 0) {
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((id, i) => ({ Id: String(i), ReceiptHandle: byId.get(id)! })) }));
  }
}
await pool.end();
