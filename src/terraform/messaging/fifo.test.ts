/** FIFO queues and topics in the messaging stack: the FIFO flags on the queue, its dead-letter queue and the topic, and attribute names the aws provider knows. */
import { describe, expect, it } from "vitest";
import { attrExpr, attrValue, findBlock, toJs } from "../../../test/support/hcl-query.js";
import { awsProviderSchema, checkAgainstSchema } from "../../../test/support/provider-schema.js";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../render.js";

const messaging = renderStacks(
  resolveModel(
    validateConfig({
      project: "shop",
      queues: { ledger: { fifo: true, contentBasedDeduplication: true }, audit: { deadLetter: false } },
      topics: { payments: { fifo: true, subscriptions: [{ queue: "ledger" }, { queue: "audit" }] } },
      services: { api: { port: 8080, topics: { payments: "publish" } } },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    }),
  ),
).find((s) => s.id === "messaging")!;
/** The named attributes of a resource as plain data; undefined for those it does not set. */
const values = (type: string, name: string, keys: string[]) => {
  const block = findBlock(messaging, "resource", type, name);
  return Object.fromEntries(keys.map((k) => [k, attrExpr(block, k) && toJs(attrExpr(block, k)!)]));
};

describe("FIFO in the messaging stack", () => {
  it("makes the queue and its dead-letter queue FIFO, with the deduplication asked for", () => {
    const keys = ["name", "fifo_queue", "content_based_deduplication"];
    expect(values("aws_sqs_queue", "ledger", keys)).toEqual({ name: "shop-dev-ledger.fifo", fifo_queue: true, content_based_deduplication: true });
    expect(values("aws_sqs_queue", "ledger_dlq", keys)).toEqual({ name: "shop-dev-ledger-dlq.fifo", fifo_queue: true, content_based_deduplication: true });
    expect(values("aws_sqs_queue", "audit", keys)).toEqual({ name: "shop-dev-audit", fifo_queue: undefined, content_based_deduplication: undefined });
  });

  it("makes the topic FIFO; it delivers to the FIFO and the standard queue", () => {
    expect(values("aws_sns_topic", "payments", ["name", "fifo_topic", "content_based_deduplication"])).toEqual({
      name: "shop-dev-payments.fifo",
      fifo_topic: true,
      content_based_deduplication: undefined,
    });
    expect(attrValue(findBlock(messaging, "resource", "aws_sns_topic_subscription", "payments_to_ledger"), "endpoint")).toEqual({
      raw: "aws_sqs_queue.ledger.arn",
    });
    expect(attrValue(findBlock(messaging, "resource", "aws_sns_topic_subscription", "payments_to_audit"), "endpoint")).toEqual({
      raw: "aws_sqs_queue.audit.arn",
    });
  });

  it("uses only attributes the aws provider knows", async () => {
    expect(checkAgainstSchema(messaging.files, await awsProviderSchema())).toEqual([]);
  }, 600_000);
});
