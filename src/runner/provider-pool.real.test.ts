/**
 * The provider pool with real terraform and the real AWS provider: two stacks planned offline on one
 * worker share one provider server, their plans equal those made with terraform starting the provider,
 * and the server is gone when the run returns. Fails (never skips) when terraform is missing.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { attr, attrs, block, obj, printFile, raw, resource } from "../hcl/index.js";
import { testStack } from "../../test/support/stack.js";
import type { Stack } from "../terraform/stack.js";
import { planOffline } from "./offline.js";
import { checkTerraform, terraformEnv } from "./terraform-env.js";

function stack(id: string, body: ReturnType<typeof resource>[], inputs: Stack["inputs"] = [], outputs: Parameters<typeof testStack>[0]["outputs"] = []): Stack {
  const versions = block(
    "terraform",
    [],
    [
      block("required_providers", [], [attr("aws", obj({ source: "hashicorp/aws", version: ">= 5.100, < 7" }))]),
      block("backend", ["s3"], attrs({ bucket: "berth-test-state", key: `${id}.tfstate`, region: "eu-west-1", use_lockfile: true })),
    ],
  );
  const provider = block("provider", ["aws"], [attr("region", "eu-west-1"), block("default_tags", [], [attr("tags", obj({ Stack: id }))])]);
  const variables = inputs.map((i) => block("variable", [i.variable], [attr("description", "upstream"), attr("type", raw("string"))]));
  const outs = outputs.map((o) => block("output", [o.name], attrs({ description: o.description, value: raw("aws_sqs_queue.this.arn") })));
  return testStack({
    id,
    region: "eu-west-1",
    files: [{ name: "main.tf", body: [versions, provider, ...variables, ...body, ...outs] }],
    dependsOn: inputs.map((i) => i.stack),
    inputs,
    outputs,
  });
}

const queue = stack(
  "queue",
  [resource("aws_sqs_queue", "this", [attrs({ name: "berth-test", message_retention_seconds: 3600 })])],
  [],
  [{ name: "queue_arn", description: "ARN of the queue", mock: "arn:aws:sqs:eu-west-1:123456789012:mock" }],
);
const bucket = stack(
  "bucket",
  [
    resource("aws_s3_bucket", "this", [attrs({ bucket_prefix: "berth-test-" })]),
    resource("aws_ssm_parameter", "queue", [attrs({ name: "/berth/queue", type: "String", value: raw("var.queue_arn") })]),
  ],
  [{ variable: "queue_arn", stack: "queue", output: "queue_arn" }],
);

function written(): string {
  const out = mkdtempSync(join(tmpdir(), "berth-provider-real-"));
  for (const s of [queue, bucket]) {
    mkdirSync(join(out, s.path), { recursive: true });
    for (const f of s.files) writeFileSync(join(out, s.path, f.name), printFile(f));
  }
  return out;
}

/** Running, and not a zombie waiting for its parent. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** `plan.json` without what differs between any two runs: the timestamp and terraform's unordered list of relevant attributes. */
function comparable(file: string): unknown {
  const plan = JSON.parse(readFileSync(file, "utf8")) as { timestamp?: string; relevant_attributes?: unknown[] };
  return { ...plan, timestamp: undefined, relevant_attributes: (plan.relevant_attributes ?? []).map((a) => JSON.stringify(a)).sort() };
}

describe("provider pool (real terraform)", () => {
  beforeAll(async () => {
    await checkTerraform(terraformEnv());
  });

  it("plans two stacks attached to one provider server, with the same plans as without, and leaves no server running", async () => {
    const reused = written();
    const results = await planOffline([queue, bucket], reused, { parallelism: 1 });
    for (const r of results) if (r.status !== "succeeded") throw new Error(`${r.stack} ${r.status}: ${String(r.error)}\nlog: ${r.logFile}`);
    // Offline stacks do not wait for each other, so the queue takes them by name.
    expect(Object.fromEntries(results.map((r) => [r.stack, r.changes]))).toEqual({
      "dev/eu-west-1/queue": { create: 1, update: 0, delete: 0, replace: 0 },
      "dev/eu-west-1/bucket": { create: 2, update: 0, delete: 0, replace: 0 },
    });

    const pids = results.map((r) => {
      const log = readFileSync(r.logFile, "utf8");
      const notes = [...log.matchAll(/\(AWS provider: (.*)\)\n/g)].map((m) => m[1]);
      expect(notes).toHaveLength(3); // init, plan, show
      expect(new Set(notes).size).toBe(1);
      const m = /^attached to berth's provider server for worker 0 \(registry\.terraform\.io\/hashicorp\/aws \d+\.\d+\.\d+, pid (\d+)\)$/.exec(notes[0]!);
      if (!m) throw new Error(`${r.stack} was not planned attached:\n${notes[0]}\nlog: ${r.logFile}`);
      return Number(m[1]);
    });
    expect(pids[0]).toBe(pids[1]);
    expect(running(pids[0]!)).toBe(false);

    const normal = written();
    const base = terraformEnv();
    const without = await planOffline([queue, bucket], normal, { parallelism: 1, tf: { ...base, env: { ...base.env, BERTH_PROVIDER_REUSE: "0" } } });
    expect(without.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect(readFileSync(without[0]!.logFile, "utf8")).toContain("(AWS provider: started by terraform for each command (BERTH_PROVIDER_REUSE is off))");
    for (const [i, r] of results.entries()) expect(comparable(r.planFile)).toEqual(comparable(without[i]!.planFile));
  }, 300_000);
});
