import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BerthConfig } from "../config/schema/app.js";
import { resolveModel } from "../model/resolve.js";
import { type LocalMessaging, messagingEnvironment, startMessaging, toInternal } from "./messaging.js";
import { planMessaging } from "./messaging-plan.js";

const config = {
  project: "shop",
  queues: {
    orders: { visibilityTimeout: "0 seconds", deadLetter: { maxReceives: 2 } },
    audit: { deadLetter: false, receiveWait: "0 seconds" },
  },
  topics: {
    events: {
      subscriptions: [
        { queue: "orders", filter: { type: ["created"] } },
        { queue: "audit", rawDelivery: false },
      ],
    },
  },
  services: {
    api: { port: 3000, queues: { orders: "send" }, topics: { events: "publish" }, local: { command: "node api.js" } },
    fulfil: { worker: { queue: "orders" }, local: { command: "node fulfil.js" } },
    web: { port: 3001, local: { command: "node web.js" } },
  },
  environments: { dev: { tier: "dev", region: "eu-west-1" } },
} as BerthConfig;
const env = resolveModel(config).environments[0]!;

describe("the local messaging plan", () => {
  it("creates the model's queues with AWS names and settings, their dead-letter queues, and the subscriptions with filters", () => {
    expect(planMessaging(env)).toEqual({
      region: "eu-west-1",
      queues: [
        {
          key: "audit",
          name: "shop-dev-audit",
          attributes: { VisibilityTimeout: "30", MessageRetentionPeriod: "345600", ReceiveMessageWaitTimeSeconds: "0" },
          deadLetter: null,
        },
        {
          key: "orders",
          name: "shop-dev-orders",
          attributes: { VisibilityTimeout: "0", MessageRetentionPeriod: "345600", ReceiveMessageWaitTimeSeconds: "20" },
          deadLetter: { name: "shop-dev-orders-dlq", maxReceives: 2, attributes: { MessageRetentionPeriod: "1209600" } },
        },
      ],
      topics: [
        {
          key: "events",
          name: "shop-dev-events",
          attributes: {},
          subscriptions: [
            {
              queue: "shop-dev-orders",
              attributes: { RawMessageDelivery: "true", FilterPolicy: '{"type":["created"]}', FilterPolicyScope: "MessageAttributes" },
            },
            { queue: "shop-dev-audit", attributes: { RawMessageDelivery: "false" } },
          ],
        },
      ],
    });
  });

  it("is null without queues and topics", () => {
    expect(
      planMessaging(resolveModel({ ...config, queues: {}, topics: {}, services: { web: config.services!.web! } } as BerthConfig).environments[0]!),
    ).toBeNull();
  });
});

describe("the local SQS/SNS endpoint", () => {
  let m: LocalMessaging;
  beforeAll(async () => {
    m = await startMessaging(planMessaging(env)!);
  });
  afterAll(() => m.stop());

  /** Runs `body` with the environment a service gets, so the SDK's clients are configured by it alone, as an app's `new SQSClient({})` is. */
  const withEnvironment = async (vars: Record<string, string>, body: () => Promise<void>): Promise<void> => {
    const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
    Object.assign(process.env, vars, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
    try {
      await body();
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  };

  it("listens on loopback only and hands out loopback URLs and the region's ARNs", () => {
    expect(m.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(m.queueUrl("orders")).toBe(`${m.url}/000000000000/shop-dev-orders`);
    expect(m.topicArn("events")).toBe("arn:aws:sns:eu-west-1:000000000000:shop-dev-events");
  });

  it("gives a service its URLs and ARNs under the AWS names, the endpoint, region and local credentials; nothing to one that uses none", () => {
    const api = env.services.find((s) => s.name === "api")!;
    expect(messagingEnvironment(api, m)).toEqual({
      ORDERS_QUEUE_URL: m.queueUrl("orders"),
      EVENTS_TOPIC_ARN: m.topicArn("events"),
      AWS_ENDPOINT_URL_SQS: m.url,
      AWS_ENDPOINT_URL_SNS: m.url,
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
      AWS_ACCESS_KEY_ID: "berth-local",
      AWS_SECRET_ACCESS_KEY: "berth-local",
      AWS_SESSION_TOKEN: "",
    });
    expect(Object.keys(messagingEnvironment(env.services.find((s) => s.name === "fulfil")!, m))).toContain("ORDERS_QUEUE_URL");
    expect(messagingEnvironment(env.services.find((s) => s.name === "web")!, m)).toEqual({});
  });

  it("works with the AWS SDK configured by that environment alone: send, fan out through the topic's filter, redrive to the dead-letter queue", async () => {
    const vars = messagingEnvironment(env.services.find((s) => s.name === "api")!, m);
    await withEnvironment(vars, async () => {
      const sqs = new SQSClient({});
      const sns = new SNSClient({});
      const orders = vars.ORDERS_QUEUE_URL!;
      const audit = m.queueUrl("audit");

      await sqs.send(new SendMessageCommand({ QueueUrl: orders, MessageBody: "direct" }));
      await sns.send(
        new PublishCommand({ TopicArn: vars.EVENTS_TOPIC_ARN, Message: "made", MessageAttributes: { type: { DataType: "String", StringValue: "created" } } }),
      );
      await sns.send(
        new PublishCommand({ TopicArn: vars.EVENTS_TOPIC_ARN, Message: "gone", MessageAttributes: { type: { DataType: "String", StringValue: "deleted" } } }),
      );
      expect((await m.queues()).find((q) => q.queue === "orders")).toMatchObject({ depth: 2, inFlight: 0, deadLetters: 0 });

      // The audit queue takes both, wrapped in SNS's envelope (no raw delivery); orders only "created", raw.
      const wrapped = await sqs.send(new ReceiveMessageCommand({ QueueUrl: audit, MaxNumberOfMessages: 10 }));
      expect(wrapped.Messages!.map((x) => JSON.parse(x.Body!).Message).sort()).toEqual(["gone", "made"]);
      const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: orders, MaxNumberOfMessages: 10, VisibilityTimeout: 30, WaitTimeSeconds: 0 }));
      expect(first.Messages!.map((x) => x.Body).sort()).toEqual(["direct", "made"]);
      expect((await m.queues()).find((q) => q.queue === "orders")).toMatchObject({ depth: 0, inFlight: 2 });

      // "direct" is done; "made" fails twice (back on the queue at once) and moves to the dead-letter queue on the third receive.
      const made = first.Messages!.find((x) => x.Body === "made")!;
      await sqs.send(new DeleteMessageCommand({ QueueUrl: orders, ReceiptHandle: first.Messages!.find((x) => x.Body === "direct")!.ReceiptHandle }));
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: orders, ReceiptHandle: made.ReceiptHandle, VisibilityTimeout: 0 }));
      expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: orders, WaitTimeSeconds: 0 }))).Messages?.map((x) => x.Body)).toEqual(["made"]);
      expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: orders, WaitTimeSeconds: 0 }))).Messages).toBeUndefined();
      expect((await m.queues()).find((q) => q.queue === "orders")).toEqual({ queue: "orders", name: "shop-dev-orders", depth: 0, inFlight: 0, deadLetters: 1 });
      expect((await m.queues()).find((q) => q.queue === "audit")).toMatchObject({ deadLetters: null });
      sqs.destroy();
      sns.destroy();
    });
  });

  it("translates only its own loopback URLs to the emulator's form", () => {
    expect(toInternal("http://127.0.0.1:4000/000000000000/q", 4000, "http://sqs.r.localhost:4000/")).toBe("http://sqs.r.localhost:4000/000000000000/q");
    expect(toInternal("http://localhost:4000/000000000000/q", 4000, "http://sqs.r.localhost:4000/")).toBe("http://sqs.r.localhost:4000/000000000000/q");
    expect(toInternal("http://127.0.0.1:4001/000000000000/q", 4000, "http://sqs.r.localhost:4000/")).toBe("http://127.0.0.1:4001/000000000000/q");
  });
});

describe("FIFO queues and topics on the local endpoint", () => {
  const fifoEnv = resolveModel({
    project: "shop",
    queues: { ledger: { fifo: true, contentBasedDeduplication: true } },
    topics: { payments: { fifo: true, contentBasedDeduplication: true, subscriptions: [{ queue: "ledger" }] } },
    services: { api: { port: 3000, topics: { payments: "publish" }, queues: { ledger: "consume" }, local: { command: "node api.js" } } },
    environments: { dev: { tier: "dev", region: "eu-west-1" } },
  } as BerthConfig).environments[0]!;
  let m: LocalMessaging;
  beforeAll(async () => {
    m = await startMessaging(planMessaging(fifoEnv)!);
  });
  afterAll(() => m.stop());

  it("are created FIFO under their AWS names, and deliver in order, once per deduplicated body", async () => {
    const plan = planMessaging(fifoEnv)!;
    expect(plan.queues[0]).toMatchObject({
      name: "shop-dev-ledger.fifo",
      attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" },
      deadLetter: { name: "shop-dev-ledger-dlq.fifo", attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" } },
    });
    expect(plan.topics[0]).toMatchObject({ name: "shop-dev-payments.fifo", attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" } });
    expect(m.topicArn("payments")).toBe("arn:aws:sns:eu-west-1:000000000000:shop-dev-payments.fifo");
    const sns = new SNSClient({ endpoint: m.url, region: "eu-west-1", credentials: { accessKeyId: "berth-local", secretAccessKey: "berth-local" } });
    const sqs = new SQSClient({ endpoint: m.url, region: "eu-west-1", credentials: { accessKeyId: "berth-local", secretAccessKey: "berth-local" } });
    for (const body of ["one", "two", "one", "three"])
      await sns.send(new PublishCommand({ TopicArn: m.topicArn("payments"), Message: body, MessageGroupId: "account-1" }));
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: m.queueUrl("ledger"), MaxNumberOfMessages: 1, WaitTimeSeconds: 0 }));
      for (const x of r.Messages ?? []) {
        got.push(x.Body!);
        await sqs.send(new DeleteMessageCommand({ QueueUrl: m.queueUrl("ledger"), ReceiptHandle: x.ReceiptHandle }));
      }
    }
    expect(got).toEqual(["one", "two", "three"]);
    sns.destroy();
    sqs.destroy();
  });
});
