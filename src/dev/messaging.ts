/**
 * The local SQS- and SNS-compatible endpoint of `berth dev`: fauxqs (an SQS/SNS emulator speaking the AWS
 * protocols the AWS SDK v3 uses: SQS's JSON protocol, SNS's query protocol) in berth's own process, on a
 * free loopback port, with the plan's queues, dead-letter queues, topics and subscriptions created through
 * the same API an app calls (in-process). Services reach it through the AWS SDK unchanged: `messagingEnvironment` gives
 * them the queue URLs and topic ARNs under their AWS names, `AWS_ENDPOINT_URL_SQS`/`_SNS`, the region and
 * dummy credentials.
 *
 * fauxqs 1.x (2.x needs Node 22.5) keys queues by the URL it made, `http://sqs.<region>.localhost:<port>/…`,
 * and `*.localhost` names do not resolve everywhere; so berth hands out `http://127.0.0.1:<port>/…` and two
 * hooks translate: a request's `QueueUrl` to fauxqs's form, fauxqs's URLs in a response back to loopback.
 */
import type { AddressInfo } from "node:net";
import { loadModule } from "../load-module.js";
import type { LocalMessagingPlan } from "./messaging-plan.js";

export interface QueueStatus {
  readonly queue: string;
  readonly name: string;
  /** Messages waiting (ApproximateNumberOfMessages). */
  readonly depth: number;
  /** Received and not yet deleted or back (ApproximateNumberOfMessagesNotVisible). */
  readonly inFlight: number;
  /** Messages in the dead-letter queue; null without one. */
  readonly deadLetters: number | null;
}

export interface LocalMessaging {
  /** `http://127.0.0.1:<port>`: `AWS_ENDPOINT_URL_SQS` and `AWS_ENDPOINT_URL_SNS`. */
  readonly url: string;
  readonly region: string;
  queueUrl(key: string): string;
  topicArn(key: string): string;
  /** Depth, in flight and dead letters of each queue, read from the emulator without receiving. */
  queues(): Promise<QueueStatus[]>;
  stop(): Promise<void>;
}

/** The credentials local clients sign with; the emulator checks none. */
export const LOCAL_CREDENTIALS = { accessKeyId: "berth-local", secretAccessKey: "berth-local" } as const;

export async function startMessaging(plan: LocalMessagingPlan): Promise<LocalMessaging> {
  const { buildApp } = await loadModule<typeof import("fauxqs")>("fauxqs");
  const app = buildApp({ logger: false, defaultRegion: plan.region });
  let port = 0;
  const loopback = () => `http://127.0.0.1:${port}/`;
  const internal = () => `http://sqs.${plan.region}.localhost:${port}/`;
  app.addHook("preHandler", (req, _reply, done) => {
    const body = req.body as { QueueUrl?: unknown } | undefined;
    if (body && typeof body === "object" && typeof body.QueueUrl === "string") body.QueueUrl = toInternal(body.QueueUrl, port, internal());
    done();
  });
  app.addHook("onSend", (_req, _reply, payload, done) => done(null, typeof payload === "string" ? payload.replaceAll(internal(), loopback()) : payload));
  await app.listen({ port: 0, host: "127.0.0.1" });
  port = (app.server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const queueUrls = new Map<string, string>();
  const topicArns = new Map<string, string>();
  const dlqNames = new Map<string, string>();
  const api = apiOf(app, `127.0.0.1:${port}`);
  try {
    for (const q of plan.queues) {
      const attributes: Record<string, string> = { ...q.attributes };
      if (q.deadLetter) {
        const dlq = await api.sqs("CreateQueue", { QueueName: q.deadLetter.name, Attributes: q.deadLetter.attributes });
        attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: await api.queueArn(dlq.QueueUrl), maxReceiveCount: q.deadLetter.maxReceives });
        dlqNames.set(q.key, q.deadLetter.name);
      }
      queueUrls.set(q.key, (await api.sqs("CreateQueue", { QueueName: q.name, Attributes: attributes })).QueueUrl);
    }
    for (const t of plan.topics) {
      const topicAttributes = Object.entries(t.attributes).flatMap(([k, v], i) => [
        [`Attributes.entry.${i + 1}.key`, k],
        [`Attributes.entry.${i + 1}.value`, v],
      ]);
      const topicArn = api.tag(await api.sns({ Action: "CreateTopic", Name: t.name, ...Object.fromEntries(topicAttributes) }), "TopicArn");
      topicArns.set(t.key, topicArn);
      for (const s of t.subscriptions) {
        const endpoint = await api.queueArn(queueUrls.get(plan.queues.find((q) => q.name === s.queue)!.key)!);
        const attributes = Object.entries(s.attributes).flatMap(([k, v], i) => [
          [`Attributes.entry.${i + 1}.key`, k],
          [`Attributes.entry.${i + 1}.value`, v],
        ]);
        await api.sns({ Action: "Subscribe", TopicArn: topicArn, Protocol: "sqs", Endpoint: endpoint, ...Object.fromEntries(attributes) });
      }
    }
  } catch (e) {
    await app.close();
    throw e;
  }

  return {
    url,
    region: plan.region,
    queueUrl: (key) => queueUrls.get(key)!,
    topicArn: (key) => topicArns.get(key)!,
    async queues() {
      const res = await app.inject({ method: "GET", url: "/_fauxqs/queues" });
      const counts = new Map((res.json() as { name: string; approximateMessageCount: number; approximateInflightCount: number }[]).map((q) => [q.name, q]));
      return plan.queues.map((q) => {
        const c = counts.get(q.name);
        const dlq = dlqNames.has(q.key) ? counts.get(dlqNames.get(q.key)!) : undefined;
        return {
          queue: q.key,
          name: q.name,
          depth: c?.approximateMessageCount ?? 0,
          inFlight: c?.approximateInflightCount ?? 0,
          deadLetters: q.deadLetter ? (dlq?.approximateMessageCount ?? 0) : null,
        };
      });
    },
    stop: () => app.close(),
  };
}

/**
 * The emulator's own API, called in-process (Fastify's `inject`, no socket) as the AWS SDK would call it:
 * SQS's JSON protocol, SNS's query protocol. A refusal is berth's bug (the model checked the names and
 * settings), so it throws with the emulator's answer.
 */
function apiOf(app: ReturnType<typeof import("fauxqs").buildApp>, host: string) {
  const call = async (payload: string, headers: Record<string, string>) => {
    const res = await app.inject({ method: "POST", url: "/", headers: { host, ...headers }, payload });
    if (res.statusCode !== 200) throw new Error(`the local SQS/SNS endpoint refused ${payload.slice(0, 120)}: ${res.body}`);
    return res.body;
  };
  const sqs = async (action: string, body: object) =>
    JSON.parse(await call(JSON.stringify(body), { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${action}` })) as Record<
      string,
      any
    >;
  return {
    sqs,
    sns: (params: Record<string, string>) => call(new URLSearchParams(params).toString(), { "content-type": "application/x-www-form-urlencoded" }),
    queueArn: async (queueUrl: string): Promise<string> =>
      (await sqs("GetQueueAttributes", { QueueUrl: queueUrl, AttributeNames: ["QueueArn"] })).Attributes.QueueArn,
    /** One element of an SNS XML answer (an ARN: no markup inside). */
    tag: (xml: string, name: string): string => new RegExp(`<${name}>([^<]+)</${name}>`).exec(xml)![1]!,
  };
}

/** `http://127.0.0.1:<port>/…` or `http://localhost:<port>/…` in fauxqs's own form; other URLs unchanged. */
export function toInternal(queueUrl: string, port: number, internalPrefix: string): string {
  for (const host of ["127.0.0.1", "localhost"]) {
    const prefix = `http://${host}:${port}/`;
    if (queueUrl.startsWith(prefix)) return internalPrefix + queueUrl.slice(prefix.length);
  }
  return queueUrl;
}

/**
 * What a service that uses queues or topics gets besides its own environment: each URL and ARN under the
 * name it has on AWS, the endpoint for the SDK's SQS and SNS clients, the region, and credentials that sign
 * for the emulator only (an empty session token, so none from berth's own environment leaks to it).
 */
export function messagingEnvironment(
  uses: {
    readonly queues: readonly { readonly queue: string; readonly urlVar: string }[];
    readonly topics: readonly { readonly topic: string; readonly arnVar: string }[];
  },
  messaging: Pick<LocalMessaging, "url" | "region" | "queueUrl" | "topicArn">,
): Record<string, string> {
  if (uses.queues.length === 0 && uses.topics.length === 0) return {};
  const out: Record<string, string> = {
    AWS_ENDPOINT_URL_SQS: messaging.url,
    AWS_ENDPOINT_URL_SNS: messaging.url,
    AWS_REGION: messaging.region,
    AWS_DEFAULT_REGION: messaging.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: "",
  };
  for (const q of uses.queues) out[q.urlVar] = messaging.queueUrl(q.queue);
  for (const t of uses.topics) out[t.arnVar] = messaging.topicArn(t.topic);
  return out;
}
