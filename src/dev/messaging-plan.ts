/**
 * The environment's queues and topics as `berth dev` creates them on its local SQS/SNS endpoint: the same
 * names as on AWS (FIFO ones too), the queue settings as SQS attributes, each dead-letter queue with its redrive after
 * `maxReceives`, and each subscription with its filter policy, scope and raw delivery. Pure: no I/O.
 */
import type { Environment } from "../model/types.js";

export interface LocalQueuePlan {
  readonly key: string;
  readonly name: string;
  /** CreateQueue attributes (the redrive policy is added once the dead-letter queue exists). */
  readonly attributes: Readonly<Record<string, string>>;
  readonly deadLetter: { readonly name: string; readonly maxReceives: number; readonly attributes: Readonly<Record<string, string>> } | null;
}

export interface LocalTopicPlan {
  readonly key: string;
  readonly name: string;
  /** CreateTopic attributes (a FIFO topic's). */
  readonly attributes: Readonly<Record<string, string>>;
  /** Subscriptions by queue name, with their SNS subscription attributes. */
  readonly subscriptions: readonly { readonly queue: string; readonly attributes: Readonly<Record<string, string>> }[];
}

export interface LocalMessagingPlan {
  /** The environment's region: in the ARNs and the services' `AWS_REGION`. */
  readonly region: string;
  readonly queues: readonly LocalQueuePlan[];
  readonly topics: readonly LocalTopicPlan[];
}

/** Null when the environment has no queue and no topic (no endpoint is started). */
export function planMessaging(env: Environment): LocalMessagingPlan | null {
  if (env.queues.length === 0 && env.topics.length === 0) return null;
  const queueName = new Map(env.queues.map((q) => [q.key, q.name]));
  return {
    region: env.region,
    queues: env.queues.map((q) => ({
      key: q.key,
      name: q.name,
      attributes: {
        ...fifoAttributes("FifoQueue", q),
        VisibilityTimeout: String(q.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(q.retentionSeconds),
        ReceiveMessageWaitTimeSeconds: String(q.receiveWaitSeconds),
      },
      deadLetter: q.deadLetter && {
        name: q.deadLetter.name,
        maxReceives: q.deadLetter.maxReceives,
        attributes: { ...fifoAttributes("FifoQueue", q), MessageRetentionPeriod: String(q.deadLetter.retentionSeconds) },
      },
    })),
    topics: env.topics.map((t) => ({
      key: t.key,
      name: t.name,
      attributes: fifoAttributes("FifoTopic", t),
      subscriptions: t.subscriptions.map((s) => ({
        queue: queueName.get(s.queue)!,
        attributes: {
          RawMessageDelivery: String(s.rawDelivery),
          ...(s.filter ? { FilterPolicy: JSON.stringify(s.filter), FilterPolicyScope: s.filterScope } : {}),
        },
      })),
    })),
  };
}

/** A FIFO queue's or topic's attributes, as SQS and SNS name them; none for a standard one. */
function fifoAttributes(flag: "FifoQueue" | "FifoTopic", x: { fifo: boolean; contentBasedDeduplication: boolean }): Record<string, string> {
  return x.fifo ? { [flag]: "true", ContentBasedDeduplication: String(x.contentBasedDeduplication) } : {};
}
