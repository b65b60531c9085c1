/**
 * The online runner against the real terraform binary: two stacks that need no AWS (`terraform_data`
 * and a local backend), the second reading the first one's output. Proves saved plans, apply,
 * tfvars wiring (also for plain terraform in the written folder), apply records, fingerprint skips,
 * stale-plan refusal, image deploys without drift, and destroy. Fails, never skips, without terraform.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { attr, attrs, block, raw, resource, tpl, type HclFile } from "../hcl/index.js";
import type { Stack } from "../terraform/stack.js";
import { writeStacks } from "../terraform/write.js";
import { applyStacks } from "./apply-run.js";
import { deployImage } from "./deploy.js";
import { testStack, testWire } from "../../test/support/stack.js";
import { destroyStacks } from "./destroy-run.js";
import type { StackOutcome } from "./events.js";
import { filesHash } from "./fingerprint.js";
import { planStacks } from "./plan-run.js";
import { LocalRecordStore } from "./records.js";
import { createSession } from "./session.js";
import { terraformEnv } from "./terraform-env.js";
import { stackSources, writeMeta } from "./workspace.js";

const versions: HclFile = { name: "versions.tf", body: [block("terraform", [], [attr("required_version", ">= 1.10")])] };

function base(greeting: string): Stack {
  return testStack({
    id: "base",
    files: [
      versions,
      { name: "main.tf", body: [resource("terraform_data", "this", [attr("input", greeting)])] },
      { name: "outputs.tf", body: [block("output", ["greeting"], attrs({ description: "The greeting.", value: raw("terraform_data.this.output") }))] },
    ],
    dependsOn: [],
    inputs: [],
    outputs: [{ name: "greeting", description: "The greeting.", mock: "mock" }],
  });
}

const app: Stack = testStack({
  id: "app",
  kind: "service",
  deploy: {
    imageTagVariable: "image_tag",
    cluster: testWire("base", "cluster_arn"),
    service: testWire("app", "service_name"),
    taskDefinition: testWire("app", "task_definition_arn"),
  },
  files: [
    versions,
    {
      name: "variables.tf",
      body: [
        block("variable", ["greeting"], [attr("description", "From base."), attr("type", raw("string"))]),
        block("variable", ["image_tag"], [attr("description", "Set by deploy."), attr("type", raw("string")), attr("default", "latest")]),
      ],
    },
    { name: "main.tf", body: [resource("terraform_data", "this", [attr("input", tpl("${var.greeting}, ${var.image_tag}"))])] },
    { name: "outputs.tf", body: [block("output", ["message"], attrs({ description: "The message.", value: raw("terraform_data.this.output") }))] },
  ],
  dependsOn: ["base"],
  inputs: [{ variable: "greeting", stack: "base", output: "greeting" }],
  outputs: [{ name: "message", description: "The message.", mock: "mock" }],
});

const states = (outcomes: readonly StackOutcome[]) => Object.fromEntries(outcomes.map((o) => [o.stack.split("/")[2], o.state]));

describe("the online runner with real terraform", () => {
  it("plans, applies, wires, skips, refuses stale plans, deploys an image without drift and destroys", { timeout: 300_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "berth-apply-"));
    const store = new LocalRecordStore(join(out, ".berth", "records"));
    const tf = terraformEnv();
    const session = (stacks: Stack[]) => createSession({ outDir: out, stacks, store, tf });
    let stacks = [base("hello"), app];
    writeStacks(stacks, out);

    // Round 1: app waits for base, which has never been applied.
    expect(states(await planStacks(session(stacks), stacks))).toEqual({ base: "planned", app: "deferred" });
    expect(states(await applyStacks(session(stacks), stacks))).toEqual({ base: "applied", app: "deferred" });
    expect((await store.read(stacks[0]!))?.outputs).toEqual({ greeting: "hello" });

    // Round 2: base is unchanged (not planned again), app gets base's output as a variable.
    expect(states(await planStacks(session(stacks), stacks))).toEqual({ base: "unchanged", app: "planned" });
    expect(JSON.parse(readFileSync(join(out, app.path, "terraform.tfvars.json"), "utf8"))).toEqual({ greeting: "hello" });
    const plain = execFileSync(tf.binary, [`-chdir=${join(out, app.path)}`, "plan", "-input=false", "-no-color"], {
      env: tf.env,
      encoding: "utf8",
      stdio: "pipe",
    });
    expect(plain).toContain('"hello, latest"');
    expect(states(await applyStacks(session(stacks), stacks))).toEqual({ base: "unchanged", app: "applied" });
    expect((await store.read(app))?.outputs).toEqual({ message: "hello, latest" });
    // The plan was spent: applying again finds nothing to apply.
    expect(states(await applyStacks(session(stacks), stacks))).toEqual({ base: "unchanged", app: "not planned" });

    // A changed upstream output makes app's saved plan stale once base is applied.
    expect(states(await planStacks(session(stacks), stacks, { all: true }))).toEqual({ base: "no changes", app: "no changes" });
    stacks = [base("hi"), app];
    writeStacks(stacks, out);
    expect(states(await planStacks(session(stacks), stacks))).toEqual({ base: "planned", app: "unchanged" });
    const stale = await applyStacks(session(stacks), stacks);
    expect(states(stale)).toEqual({ base: "applied", app: "failed" });
    expect(stale[1]!.message).toBe("the saved plan of dev/us-east-1/app is stale: inputs changed since it was planned (greeting); run `berth plan` again");
    expect(states(await planStacks(session(stacks), stacks))).toEqual({ base: "unchanged", app: "planned" });
    expect(states(await applyStacks(session(stacks), stacks))).toEqual({ base: "unchanged", app: "applied" });
    expect((await store.read(app))?.outputs).toEqual({ message: "hi, latest" });

    // A deploy changes the image tag only, and later plans keep it.
    const deployed = await deployImage(session(stacks), app, { image: "1.4.2" });
    expect(deployed.state).toBe("applied");
    expect(await store.read(app)).toMatchObject({ imageTag: "1.4.2", outputs: { message: "hi, 1.4.2" } });
    expect(states(await planStacks(session(stacks), stacks))).toEqual({ base: "unchanged", app: "unchanged" });
    expect(states(await planStacks(session(stacks), stacks, { all: true }))).toEqual({ base: "no changes", app: "no changes" });

    // A scheduled job's contract names no ECS service: deploy applies the tag and waits for no rollout
    // (an aws binary that does not exist would fail the deploy if it were called).
    const job: Stack = { ...app, deploy: { ...app.deploy!, service: undefined } };
    const noAws = { binary: join(out, "no-such-aws"), env: process.env };
    const jobDeploy = await deployImage(session(stacks), job, { image: "1.4.3", wait: noAws });
    expect([jobDeploy.state, jobDeploy.rollout]).toEqual(["applied", undefined]);
    expect(await store.read(app)).toMatchObject({ imageTag: "1.4.3", outputs: { message: "hi, 1.4.3" } });

    expect(states(await destroyStacks(session(stacks), stacks))).toEqual({ base: "destroyed", app: "destroyed" });
    expect(existsSync(store.where(app))).toBe(false);
    expect(states(await destroyStacks(session(stacks), stacks))).toEqual({ base: "not applied", app: "not applied" });
  });
});

describe("apply without a saved plan", () => {
  const session = (out: string, stacks: Stack[]) => createSession({ outDir: out, stacks, store: new LocalRecordStore(join(out, ".berth", "records")) });

  it("is a user error (exit 2) saying to run `berth plan` first, before any terraform runs", async () => {
    const out = mkdtempSync(join(tmpdir(), "berth-apply-"));
    const stacks = [base("hello"), app];
    const run = applyStacks(session(out, stacks), stacks);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^there is no saved plan to apply for the 2 selected stacks of dev in the out folder .+; run `berth plan` first$/),
    });
  });

  it("reports a stack without a plan as not planned when another selected stack has one", async () => {
    const out = mkdtempSync(join(tmpdir(), "berth-apply-"));
    const stacks = [base("hello"), app];
    // base was planned as unchanged (no terraform needed to apply it); app's plan was spent.
    writeMeta(out, stacks[0]!, {
      stack: stacks[0]!.path,
      status: "unchanged",
      filesHash: filesHash(stackSources(out, stacks[0]!)),
      fingerprint: "",
      vars: {},
      createdAt: "2026-01-01T00:00:00Z",
    });
    expect(states(await applyStacks(session(out, stacks), stacks))).toEqual({ base: "unchanged", app: "not planned" });
  });
});
