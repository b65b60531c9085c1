/** FIFO queues and topics in the model: `.fifo` names within SQS's and SNS's limits, a FIFO dead-letter queue, and the mismatches SNS refuses. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { MESSAGING_LIMITS } from "./messaging.js";
import { resolveModel } from "./resolve.js";
import type { Environment } from "./types.js";
import { modelReport as errors } from "../../test/support/config-errors.js";

const config = (queues: Record<string, unknown>, topics: Record<string, unknown> = {}, project = "shop") => ({
  project,
  queues,
  topics,
  services: { api: { port: 8080 } },
  environments: { prod: { tier: "prod", region: "eu-west-1" } },
});
const env = (raw: unknown): Environment => resolveModel(validateConfig(raw)).environments[0]!;

describe("FIFO queues and topics", () => {
  it("end in .fifo, the dead-letter queue too, with content-based deduplication only where asked", () => {
    const e = env(
      config(
        { ledger: { fifo: true, contentBasedDeduplication: true }, plain: {} },
        { payments: { fifo: true, subscriptions: [{ queue: "ledger" }, { queue: "plain" }] } },
      ),
    );
    expect(e.queues.map((q) => [q.name, q.fifo, q.contentBasedDeduplication, q.deadLetter?.name])).toEqual([
      ["shop-prod-ledger.fifo", true, true, "shop-prod-ledger-dlq.fifo"],
      ["shop-prod-plain", false, false, "shop-prod-plain-dlq"],
    ]);
    expect(e.topics[0]).toMatchObject({ name: "shop-prod-payments.fifo", fifo: true, contentBasedDeduplication: false });
  });

  it("keep long names within SQS's 80 characters, counting -dlq and .fifo", () => {
    const raw = {
      ...config({ ["q".repeat(32)]: { fifo: true } }, {}, "p".repeat(32)),
      environments: { preproduction: { tier: "staging", region: "eu-west-1" } },
    };
    const q = env(raw).queues[0]!;
    expect(`${"p".repeat(32)}-preproduction-${"q".repeat(32)}-dlq.fifo`.length).toBeGreaterThan(MESSAGING_LIMITS.queueName);
    expect(q.deadLetter!.name.length).toBeLessThanOrEqual(MESSAGING_LIMITS.queueName);
    expect(q.deadLetter!.name).toMatch(/-dlq\.fifo$/);
    expect(q.name).toMatch(/\.fifo$/);
  });

  it("refuse a FIFO queue subscribed to a standard topic, and deduplication without FIFO, at their paths", () => {
    const report = errors(
      config(
        { ledger: { fifo: true }, plain: { contentBasedDeduplication: true } },
        { orders: { contentBasedDeduplication: true, subscriptions: [{ queue: "ledger" }] } },
      ),
    );
    expect(report).toMatch(
      /topics\.orders\.subscriptions\[0\]\.queue: "ledger" is a FIFO queue, which takes deliveries only from a FIFO topic[^\n]*\n.*topics\.orders\.fifo: true/,
    );
    expect(report).toMatch(/queues\.plain\.contentBasedDeduplication: applies only to a FIFO queue/);
    expect(report).toMatch(/topics\.orders\.contentBasedDeduplication: applies only to a FIFO topic/);
  });
});
