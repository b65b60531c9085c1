import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterEach, describe, expect, it } from "vitest";
import type { Invocation } from "./function-pool.js";
import { LOCAL_CREDENTIALS, type LocalMessaging, startMessaging } from "./messaging.js";
import { pollQueue, type SqsRecord, succeededMessages } from "./queue-trigger.js";

const ok = (result: unknown): Invocation => ({ ok: true, result, durationMs: 1 });
const failed: Invocation = { ok: false, timedOut: false, error: { errorType: "Error", errorMessage: "x", trace: [] }, durationMs: 1 };

describe("which messages an SQS-triggered invocation deletes", () => {
  const ids = ["a", "b", "c"];
  it("deletes all on success and none on failure", () => {
    expect(succeededMessages(ids, ok(null), true)).toEqual(ids);
    expect(succeededMessages(ids, ok({ batchItemFailures: [{ itemIdentifier: "b" }] }), false)).toEqual(ids);
    expect(succeededMessages(ids, failed, true)).toEqual([]);
  });

  it("keeps the reported failures with ReportBatchItemFailures, and the whole batch when the report is unreadable", () => {
    expect(succeededMessages(ids, ok({ batchItemFailures: [{ itemIdentifier: "b" }] }), true)).toEqual(["a", "c"]);
    expect(succeededMessages(ids, ok({ batchItemFailures: [] }), true)).toEqual(ids);
    expect(succeededMessages(ids, ok({ batchItemFailures: [{ itemIdentifier: "zzz" }] }), true)).toEqual([]);
    expect(succeededMessages(ids, ok({ batchItemFailures: [{ itemIdentifier: "" }] }), true)).toEqual([]);
    expect(succeededMessages(ids, ok({ batchItemFailures: "b" }), true)).toEqual([]);
  });
});

describe("an SQS trigger on the local endpoint", () => {
  let messaging: LocalMessaging | undefined;
  const abort = new AbortController();
  afterEach(async () => {
    abort.abort();
    await messaging?.stop();
  });

  it("invokes the function with batches of SQS records, deletes what succeeded and lets the failures go to the dead-letter queue", async () => {
    messaging = await startMessaging({
      region: "eu-west-1",
      queues: [
        {
          key: "orders",
          name: "shop-dev-orders",
          attributes: { VisibilityTimeout: "1", ReceiveMessageWaitTimeSeconds: "0" },
          deadLetter: { name: "shop-dev-orders-dlq", maxReceives: 2, attributes: {} },
        },
      ],
      topics: [],
    });
    const sqs = new SQSClient({ region: "eu-west-1", endpoint: messaging.url, credentials: LOCAL_CREDENTIALS });
    const queueUrl = messaging.queueUrl("orders");
    for (const body of ["1", "2", "bad", "4"])
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageAttributes: { kind: { DataType: "String", StringValue: "n" } } }));

    const batches: SqsRecord[][] = [];
    const seen = new Map<string, number>();
    const done = pollQueue(
      { function: "record", queue: "orders", queueName: "shop-dev-orders", batchSize: 10, batchWindowMs: 300, reportFailures: true },
      {
        endpoint: messaging.url,
        queueUrl,
        region: "eu-west-1",
        invoke: async (event) => {
          batches.push(event.Records);
          for (const r of event.Records) seen.set(r.body, (seen.get(r.body) ?? 0) + 1);
          return ok({ batchItemFailures: event.Records.filter((r) => r.body === "bad").map((r) => ({ itemIdentifier: r.messageId })) });
        },
      },
      abort.signal,
    );
    const deadline = Date.now() + 10_000;
    let status = await messaging.queues();
    while (status[0]!.deadLetters !== 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = await messaging.queues();
    }
    abort.abort();
    await done;
    expect(status[0]).toMatchObject({ depth: 0, inFlight: 0, deadLetters: 1 });
    // The first batch gathered all four within the window; "bad" came back once more before moving to the DLQ.
    expect(batches[0]!.map((r) => r.body).sort()).toEqual(["1", "2", "4", "bad"]);
    expect(batches[0]![0]).toMatchObject({
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:eu-west-1:000000000000:shop-dev-orders",
      awsRegion: "eu-west-1",
      messageAttributes: { kind: { stringValue: "n", dataType: "String" } },
      attributes: { ApproximateReceiveCount: "1" },
    });
    expect(Object.fromEntries(seen)).toEqual({ "1": 1, "2": 1, "4": 1, bad: 2 });
  });
});
