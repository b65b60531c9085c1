/**
 * An SQS-triggered function under `berth dev`: a poller on the local SQS endpoint doing what Lambda's event
 * source mapping does. It long-polls the queue (`ReceiveMessage`, 20 s), gathers a batch (up to the batch
 * size; with a batching window it keeps receiving until the batch is full or the window has passed),
 * invokes the function with the SQS event, then deletes what succeeded: every message when the function
 * returns, none when it fails (they come back after the visibility timeout and, past the queue's
 * maxReceiveCount, the endpoint moves them to the dead-letter queue), all but the `batchItemFailures` ones
 * when the trigger reports failures (an unreadable answer fails the whole batch, as on AWS). One batch at
 * a time per function.
 */
import type { Invocation } from "./function-pool.js";

export interface LocalQueueTriggerPlan {
  readonly function: string;
  /** The queue's key and its AWS name. */
  readonly queue: string;
  readonly queueName: string;
  readonly batchSize: number;
  readonly batchWindowMs: number;
  readonly reportFailures: boolean;
}

interface SqsMessage {
  MessageId: string;
  ReceiptHandle: string;
  Body: string;
  MD5OfBody?: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }>;
}

export interface SqsRecord {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly messageAttributes: Readonly<Record<string, unknown>>;
  readonly md5OfBody: string;
  readonly eventSource: "aws:sqs";
  readonly eventSourceARN: string;
  readonly awsRegion: string;
}

/** The SQS event of a batch, as Lambda builds it from received messages. */
export function sqsEvent(messages: readonly SqsMessage[], queueArn: string, region: string): { Records: SqsRecord[] } {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId,
      receiptHandle: m.ReceiptHandle,
      body: m.Body,
      attributes: m.Attributes ?? {},
      messageAttributes: Object.fromEntries(
        Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [
          k,
          { stringValue: v.StringValue, binaryValue: v.BinaryValue, stringListValues: [], binaryListValues: [], dataType: v.DataType },
        ]),
      ),
      md5OfBody: m.MD5OfBody ?? "",
      eventSource: "aws:sqs",
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

/**
 * The message ids to delete after an invocation: all on success, none on failure, and with reported
 * failures all but the listed ones (none when the list is not the documented shape or names an unknown id).
 */
export function succeededMessages(ids: readonly string[], end: Invocation, reportFailures: boolean): string[] {
  if (!end.ok) return [];
  if (!reportFailures) return [...ids];
  const result = end.result as { batchItemFailures?: unknown } | null | undefined;
  const failures = result && typeof result === "object" ? result.batchItemFailures : undefined;
  if (failures === undefined || failures === null) return [...ids];
  if (!Array.isArray(failures)) return [];
  const failed = new Set<string>();
  for (const f of failures) {
    const id = (f as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== "string" || !ids.includes(id)) return [];
    failed.add(id);
  }
  return ids.filter((id) => !failed.has(id));
}

export interface QueueTriggerDeps {
  /** The endpoint's base URL and the queue's URL on it. */
  readonly endpoint: string;
  readonly queueUrl: string;
  readonly region: string;
  readonly invoke: (event: { Records: SqsRecord[] }) => Promise<Invocation>;
  readonly onError?: (message: string) => void;
}

/** Polls until `signal` aborts; resolves when the loop has ended. */
export async function pollQueue(plan: LocalQueueTriggerPlan, deps: QueueTriggerDeps, signal: AbortSignal): Promise<void> {
  const queueArn = `arn:aws:sqs:${deps.region}:000000000000:${plan.queueName}`;
  const sqs = async (action: string, body: object, wait?: AbortSignal): Promise<Record<string, any>> => {
    const res = await fetch(deps.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${action}` },
      body: JSON.stringify(body),
      signal: wait ?? signal,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${action} on ${plan.queueName}: ${res.status} ${text.slice(0, 200)}`);
    return text === "" ? {} : (JSON.parse(text) as Record<string, any>);
  };
  const receive = async (max: number, waitSeconds: number): Promise<SqsMessage[]> =>
    ((
      await sqs("ReceiveMessage", {
        QueueUrl: deps.queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitSeconds,
        AttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      })
    ).Messages as SqsMessage[] | undefined) ?? [];

  while (!signal.aborted) {
    try {
      const batch = await receive(plan.batchSize, 20);
      if (batch.length === 0) continue;
      const windowEnds = Date.now() + plan.batchWindowMs;
      while (batch.length < plan.batchSize && Date.now() < windowEnds && !signal.aborted)
        batch.push(...(await receive(plan.batchSize - batch.length, Math.max(0, Math.min(20, Math.floor((windowEnds - Date.now()) / 1000))))));
      const end = await deps.invoke(sqsEvent(batch, queueArn, deps.region));
      const done = new Set(
        succeededMessages(
          batch.map((m) => m.MessageId),
          end,
          plan.reportFailures,
        ),
      );
      const entries = batch.filter((m) => done.has(m.MessageId)).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle }));
      for (let i = 0; i < entries.length; i += 10) await sqs("DeleteMessageBatch", { QueueUrl: deps.queueUrl, Entries: entries.slice(i, i + 10) });
    } catch (e) {
      if (signal.aborted) break;
      deps.onError?.(e instanceof Error ? e.message : String(e));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
