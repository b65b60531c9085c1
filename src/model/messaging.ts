/**
 * Queues and topics of one environment (the `messaging` stack) and each service's use of them: names
 * within SQS and SNS limits, the queues' timings with AWS's ranges, dead-letter queues, subscriptions
 * with filter policies checked against SNS's limits, and the variables that receive URLs and ARNs.
 */
import type { QueueInput, TopicInput } from "../config/schema/messaging.js";
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { awsName } from "./names.js";
import type { Alarm, Queue, QueueUse, Topic, TopicSubscription, TopicUse } from "./types.js";
import { parseDuration } from "./units.js";
import { compareText } from "./text-order.js";

/** SQS names: 80 characters; SNS names: 256 (both counting a FIFO name's `.fifo`). */
export const MESSAGING_LIMITS = { queueName: 80, topicName: 256 } as const;
const FIFO_SUFFIX = ".fifo";

/** SNS filter policies: keys and value combinations (https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html). */
export const FILTER_POLICY_LIMITS = { keys: 5, combinations: 150 } as const;

export interface MessagingContext {
  readonly prefix: string;
  /** Path of a queue's field: the environment's override when it sets it, else the shared config. */
  readonly queueAt: (key: string, field?: string) => ConfigPath;
  readonly issues: Issues;
}

export function resolveQueues(inputs: Readonly<Record<string, QueueInput>>, topics: Readonly<Record<string, TopicInput>>, ctx: MessagingContext): Queue[] {
  const queues = Object.keys(inputs)
    .sort()
    .map((key) => resolveQueue(key, inputs[key] ?? {}, topics, ctx));
  for (const q of queues) {
    const owner = queues.find((o) => o.deadLetter?.name === q.name);
    if (owner)
      ctx.issues.add(
        ctx.queueAt(q.key),
        `has the name of ${owner.key}'s dead-letter queue (${q.name})`,
        `rename the queue, e.g. "${q.key.replace(/-dlq$/, "")}-failed"`,
      );
  }
  return queues;
}

function resolveQueue(key: string, input: QueueInput, topics: Readonly<Record<string, TopicInput>>, ctx: MessagingContext): Queue {
  const seconds = (field: keyof QueueInput, value: string | undefined, fallback: string, min: number, max: number, range: string): number => {
    const s = parseDuration((value ?? fallback) as Parameters<typeof parseDuration>[0]);
    if (s < min || s > max) ctx.issues.add(ctx.queueAt(key, field), `must be ${range}; got ${s} seconds`);
    return s;
  };
  const fifo = input.fifo ?? false;
  if (input.contentBasedDeduplication && !fifo)
    ctx.issues.add(ctx.queueAt(key, "contentBasedDeduplication"), "applies only to a FIFO queue", "add fifo: true, or remove contentBasedDeduplication");
  // Room for "-dlq" and, on a FIFO queue, ".fifo" (both queues' names end in it).
  const base = awsName([ctx.prefix, key], MESSAGING_LIMITS.queueName - 4 - (fifo ? FIFO_SUFFIX.length : 0));
  const suffix = fifo ? FIFO_SUFFIX : "";
  const name = base + suffix;
  const visibilityTimeoutSeconds = seconds("visibilityTimeout", input.visibilityTimeout, "30 seconds", 0, 43200, "between 0 seconds and 12 hours");
  const retentionSeconds = seconds("retention", input.retention, "4 days", 60, 1209600, "between 1 minute and 14 days");
  const receiveWaitSeconds = seconds("receiveWait", input.receiveWait, "20 seconds", 0, 20, "between 0 and 20 seconds");
  const dl = input.deadLetter === false ? null : (input.deadLetter ?? {});
  let deadLetter: Queue["deadLetter"] = null;
  if (dl) {
    const dlRetention = parseDuration(dl.retention ?? "14 days");
    if (dlRetention < 60 || dlRetention > 1209600)
      ctx.issues.add([...ctx.queueAt(key, "deadLetter"), "retention"], `must be between 1 minute and 14 days; got ${dlRetention} seconds`);
    else if (dlRetention < retentionSeconds)
      ctx.issues.add(
        [...ctx.queueAt(key, "deadLetter"), "retention"],
        `(${dlRetention} s) is shorter than the queue's retention (${retentionSeconds} s); SQS keeps a message's original enqueue time, so it would expire in the dead-letter queue before anyone reads it`,
        `set deadLetter: { retention: "14 days" }`,
      );
    deadLetter = { name: `${base}-dlq${suffix}`, maxReceives: dl.maxReceives ?? 5, retentionSeconds: dlRetention };
  }
  const deliveredBy = Object.keys(topics)
    .filter((t) => (topics[t]?.subscriptions ?? []).some((s) => s.queue === key))
    .sort();
  const alarms = deadLetter && dl && dl.alarm !== false ? [deadLetterAlarm(key, name, deadLetter.name)] : [];
  return {
    key,
    name,
    fifo,
    contentBasedDeduplication: fifo && (input.contentBasedDeduplication ?? false),
    visibilityTimeoutSeconds,
    retentionSeconds,
    receiveWaitSeconds,
    deadLetter,
    topics: deliveredBy,
    alarms,
  };
}

/** A message in the dead-letter queue means one failed `maxReceives` times: alarm at the first one. */
function deadLetterAlarm(key: string, queueName: string, dlqName: string): Alarm {
  return {
    id: `${key}-dead-letters`,
    name: `${queueName}-dead-letters`,
    description: `Messages of ${queueName} failed too often and wait in ${dlqName}.`,
    namespace: "AWS/SQS",
    metric: "ApproximateNumberOfMessagesVisible",
    subject: { kind: "dead-letters", queue: key },
    statistic: "Maximum",
    threshold: 0,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "notBreaching",
  };
}

export function resolveTopics(
  inputs: Readonly<Record<string, TopicInput>>,
  queues: Readonly<Record<string, QueueInput>>,
  ctx: { prefix: string; issues: Issues },
): Topic[] {
  const queueKeys = Object.keys(queues);
  return Object.keys(inputs)
    .sort()
    .map((key) => {
      const at = ["topics", key];
      const input = inputs[key] ?? {};
      const fifo = input.fifo ?? false;
      if (input.contentBasedDeduplication && !fifo)
        ctx.issues.add([...at, "contentBasedDeduplication"], "applies only to a FIFO topic", "add fifo: true, or remove contentBasedDeduplication");
      const subs = input.subscriptions ?? [];
      const seen = new Set<string>();
      const subscriptions: TopicSubscription[] = [];
      subs.forEach((s, i) => {
        const where = [...at, "subscriptions", i];
        if (!queueKeys.includes(s.queue)) return ctx.issues.unknown([...where, "queue"], "queue", s.queue, queueKeys);
        if (!fifo && queues[s.queue]?.fifo)
          ctx.issues.add(
            [...where, "queue"],
            `"${s.queue}" is a FIFO queue, which takes deliveries only from a FIFO topic; topic "${key}" is standard`,
            `make the topic FIFO (topics.${key}.fifo: true), or subscribe a standard queue`,
          );
        if (seen.has(s.queue))
          return ctx.issues.add([...where, "queue"], `subscribes queue "${s.queue}" a second time; SNS keeps one subscription per endpoint`);
        seen.add(s.queue);
        if (s.filter) checkFilterPolicy(s.filter, [...where, "filter"], ctx.issues);
        subscriptions.push({
          queue: s.queue,
          filter: s.filter && Object.keys(s.filter).length > 0 ? s.filter : null,
          filterScope: s.filterOn === "body" ? "MessageBody" : "MessageAttributes",
          rawDelivery: s.rawDelivery ?? true,
        });
      });
      const name = awsName([ctx.prefix, key], MESSAGING_LIMITS.topicName - (fifo ? FIFO_SUFFIX.length : 0)) + (fifo ? FIFO_SUFFIX : "");
      return { key, name, fifo, contentBasedDeduplication: fifo && (input.contentBasedDeduplication ?? false), subscriptions };
    });
}

/**
 * SNS's own checks, before an apply would fail: every key holds a non-empty list of values or operators
 * (or a nested object, for body policies); at most 5 keys; at most 150 combinations (the product of the
 * list lengths).
 */
export function checkFilterPolicy(policy: Readonly<Record<string, unknown>>, at: ConfigPath, issues: Issues): void {
  const leaves: number[] = [];
  const walk = (node: Readonly<Record<string, unknown>>, path: ConfigPath): void => {
    for (const [k, v] of Object.entries(node)) {
      if (Array.isArray(v)) {
        if (v.length === 0) issues.add([...path, k], "is an empty list, which matches nothing", `list the values to match, e.g. { ${k}: ["created"] }`);
        leaves.push(v.length);
      } else if (typeof v === "object" && v !== null) {
        walk(v as Record<string, unknown>, [...path, k]);
      } else {
        issues.add([...path, k], `must be a list of values or operators, e.g. { ${k}: [${JSON.stringify(v)}] }; got ${JSON.stringify(v)}`);
      }
    }
  };
  walk(policy, at);
  if (leaves.length > FILTER_POLICY_LIMITS.keys)
    issues.add(at, `has ${leaves.length} keys; SNS accepts at most ${FILTER_POLICY_LIMITS.keys}`, "split the subscription, or filter in the consumer");
  const combinations = leaves.reduce((a, n) => a * Math.max(n, 1), 1);
  if (combinations > FILTER_POLICY_LIMITS.combinations)
    issues.add(
      at,
      `allows ${combinations} combinations of values; SNS accepts at most ${FILTER_POLICY_LIMITS.combinations}`,
      "use fewer values per key, or a prefix operator",
    );
}

/** `reservation-events` → `RESERVATION_EVENTS`. */
export const envName = (key: string): string => key.toUpperCase().replace(/[^A-Z0-9]/g, "_");

export function resolveQueueUses(input: ServiceInput, ctx: { queues: readonly Queue[]; at: ConfigPath; issues: Issues }): QueueUse[] {
  const uses = new Map<string, { send: boolean; consume: boolean }>();
  const known = ctx.queues.map((q) => q.key);
  for (const [key, use] of Object.entries(input.queues ?? {})) {
    if (!known.includes(key)) {
      ctx.issues.unknown([...ctx.at, "queues", key], "queue", key, known);
      continue;
    }
    const actions = typeof use === "string" ? [use] : use;
    uses.set(key, { send: actions.includes("send"), consume: actions.includes("consume") });
  }
  const worked = input.worker?.queue;
  if (worked !== undefined) {
    if (!known.includes(worked)) ctx.issues.unknown([...ctx.at, "worker", "queue"], "queue", worked, known);
    else uses.set(worked, { send: uses.get(worked)?.send ?? false, consume: true });
  }
  return [...uses].sort(([a], [b]) => compareText(a, b)).map(([queue, u]) => ({ queue, ...u, urlVar: `${envName(queue)}_QUEUE_URL` }));
}

export function resolveTopicUses(input: ServiceInput, ctx: { topics: readonly Topic[]; at: ConfigPath; issues: Issues }): TopicUse[] {
  const known = ctx.topics.map((t) => t.key);
  return Object.keys(input.topics ?? {})
    .sort()
    .flatMap((key) => {
      if (known.includes(key)) return [{ topic: key, arnVar: `${envName(key)}_TOPIC_ARN` }];
      ctx.issues.unknown([...ctx.at, "topics", key], "topic", key, known);
      return [];
    });
}
