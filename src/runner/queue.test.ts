/** Tests the stack queue with a fake executor: order, parallelism, failure propagation, destroy, abort. */
import { describe, expect, it } from "vitest";
import type { Stack } from "../terraform/stack.js";
import { testStack } from "../../test/support/stack.js";
import { orderStacks, runQueue, type StackRun } from "./queue.js";

function stack(id: string, dependsOn: string[] = [], env = "dev", region = "us-east-1"): Stack {
  return testStack({ id, env, region, dependsOn });
}

// network → platform → data, platform → service-api, service-web; two regions to check id scoping.
const stacks = [
  stack("service-web", ["platform"]),
  stack("service-api", ["platform", "data"]),
  stack("data", ["network", "platform"]),
  stack("platform", ["network"]),
  stack("network"),
  stack("network", [], "dev", "eu-west-1"),
  stack("platform", ["network"], "dev", "eu-west-1"),
];

const ids = (list: readonly Stack[]) => list.map((s) => s.path.replace("dev/", ""));
const statuses = <R>(runs: readonly StackRun<R>[]) => Object.fromEntries(runs.map((r) => [r.stack.path.replace("dev/", ""), r.status]));
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

/** A fake executor that records start order and concurrency, failing the listed ids. */
function fakeExecutor(fail: string[] = [], ms = 5) {
  const started: string[] = [];
  let current = 0;
  let max = 0;
  const run = async (s: Stack, signal: AbortSignal) => {
    started.push(s.path.replace("dev/", ""));
    max = Math.max(max, ++current);
    try {
      await tick(ms);
      if (signal.aborted) throw new Error("interrupted");
      if (fail.includes(s.path.replace("dev/", ""))) throw new Error(`boom in ${s.id}`);
      return s.id;
    } finally {
      current--;
    }
  };
  return { run, started, max: () => max };
}

describe("orderStacks", () => {
  it("puts dependencies first and sorts independent stacks by path", () => {
    expect(ids(orderStacks(stacks))).toEqual([
      "eu-west-1/network",
      "eu-west-1/platform",
      "us-east-1/network",
      "us-east-1/platform",
      "us-east-1/data",
      "us-east-1/service-api",
      "us-east-1/service-web",
    ]);
  });

  it("runs a recovery region's stack after the primary region's stack it reads (<region>/<id>), apply and destroy", async () => {
    const regions = [
      stack("data", ["network", "us-east-1/data"], "prod", "us-west-2"),
      stack("network", [], "prod", "us-west-2"),
      stack("platform", ["network", "us-east-1/dns"], "prod", "us-west-2"),
      stack("dns", [], "prod", "us-east-1"),
      stack("network", [], "prod", "us-east-1"),
      stack("data", ["network"], "prod", "us-east-1"),
    ];
    const order = orderStacks(regions).map((s) => s.path);
    expect(order).toEqual([
      "prod/us-east-1/dns",
      "prod/us-east-1/network",
      "prod/us-east-1/data",
      "prod/us-west-2/network",
      "prod/us-west-2/data",
      "prod/us-west-2/platform",
    ]);
    const started: string[] = [];
    await runQueue({ stacks: regions, parallelism: 1, direction: "destroy", run: async (s) => started.push(s.path) });
    expect(started.indexOf("prod/us-west-2/data")).toBeLessThan(started.indexOf("prod/us-east-1/data"));
    expect(started.indexOf("prod/us-west-2/platform")).toBeLessThan(started.indexOf("prod/us-east-1/dns"));
  });

  it("ignores dependencies outside the given stacks", () => {
    expect(ids(orderStacks([stack("service-api", ["platform"])]))).toEqual(["us-east-1/service-api"]);
  });

  it("throws on a cycle", () => {
    expect(() => orderStacks([stack("a", ["b"]), stack("b", ["a"]), stack("c")])).toThrow(/cycle among stacks dev\/us-east-1\/a, dev\/us-east-1\/b/);
  });
});

describe("runQueue", () => {
  it("runs everything dependency-first", async () => {
    const exec = fakeExecutor();
    const runs = await runQueue({ stacks, parallelism: 3, direction: "apply", run: exec.run });
    expect(runs.every((r) => r.status === "succeeded" && r.result === r.stack.id)).toBe(true);
    const pos = (id: string) => exec.started.indexOf(id);
    expect(pos("us-east-1/network")).toBeLessThan(pos("us-east-1/platform"));
    expect(pos("us-east-1/platform")).toBeLessThan(pos("us-east-1/data"));
    expect(pos("us-east-1/data")).toBeLessThan(pos("us-east-1/service-api"));
  });

  it("never runs more stacks at once than the parallel limit", async () => {
    const wide = [stack("network"), ...["a", "b", "c", "d", "e", "f"].map((id) => stack(`service-${id}`, ["network"]))];
    for (const parallelism of [1, 2, 4]) {
      const exec = fakeExecutor();
      await runQueue({ stacks: wide, parallelism, direction: "apply", run: exec.run });
      expect(exec.max()).toBe(parallelism);
    }
  });

  it("gives each running stack its own worker slot below the parallel limit, reused once freed", async () => {
    const wide = [stack("network"), ...["a", "b", "c", "d", "e", "f"].map((id) => stack(`service-${id}`, ["network"]))];
    const inUse = new Set<number>();
    const seen: number[] = [];
    await runQueue({
      stacks: wide,
      parallelism: 3,
      direction: "apply",
      run: async (s, _signal, worker) => {
        expect(inUse.has(worker)).toBe(false);
        inUse.add(worker);
        seen.push(worker);
        await tick(s.id === "service-a" ? 20 : 5);
        inUse.delete(worker);
      },
    });
    expect(seen[0]).toBe(0);
    expect(new Set(seen)).toEqual(new Set([0, 1, 2]));
  });

  it("starts stacks in queue order when run one at a time", async () => {
    const exec = fakeExecutor();
    await runQueue({ stacks, parallelism: 1, direction: "apply", run: exec.run });
    expect(exec.started).toEqual(ids(orderStacks(stacks)));
  });

  it("skips the dependents of a failed stack and lets independent stacks finish", async () => {
    const exec = fakeExecutor(["us-east-1/platform"]);
    const runs = await runQueue({ stacks, parallelism: 4, direction: "apply", run: exec.run });
    expect(statuses(runs)).toEqual({
      "eu-west-1/network": "succeeded",
      "eu-west-1/platform": "succeeded",
      "us-east-1/network": "succeeded",
      "us-east-1/platform": "failed",
      "us-east-1/data": "skipped",
      "us-east-1/service-api": "skipped",
      "us-east-1/service-web": "skipped",
    });
    const failed = runs.find((r) => r.status === "failed")!;
    expect(String(failed.error)).toMatch(/boom in platform/);
    expect(failed.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(String(runs.find((r) => r.stack.id === "data")!.error)).toMatch(/skipped because dev\/us-east-1\/platform failed/);
  });

  it("destroys dependents first and keeps dependencies of a failed destroy", async () => {
    const exec = fakeExecutor(["us-east-1/service-api"]);
    const runs = await runQueue({ stacks, parallelism: 1, direction: "destroy", run: exec.run });
    expect(exec.started).toEqual(["us-east-1/service-web", "us-east-1/service-api", "eu-west-1/platform", "eu-west-1/network"]);
    expect(statuses(runs)).toMatchObject({
      "us-east-1/service-api": "failed",
      "us-east-1/data": "skipped",
      "us-east-1/platform": "skipped",
      "us-east-1/network": "skipped",
      "eu-west-1/network": "succeeded",
    });
  });

  it("on abort starts nothing new, passes the signal to running stacks and cancels the rest", async () => {
    const controller = new AbortController();
    const exec = fakeExecutor([], 30);
    const pending = runQueue({ stacks, parallelism: 2, direction: "apply", run: exec.run, signal: controller.signal });
    await tick(10);
    controller.abort();
    const runs = await pending;
    expect(exec.started).toEqual(["eu-west-1/network", "us-east-1/network"]);
    expect(new Set(runs.map((r) => r.status))).toEqual(new Set(["cancelled"]));
    expect(runs.filter((r) => r.error).map((r) => String(r.error))).toEqual(["Error: interrupted", "Error: interrupted"]);
  });

  it("cancels everything when the signal is already aborted", async () => {
    const exec = fakeExecutor();
    const runs = await runQueue({ stacks, parallelism: 2, direction: "apply", run: exec.run, signal: AbortSignal.abort() });
    expect(exec.started).toEqual([]);
    expect(runs.every((r) => r.status === "cancelled")).toBe(true);
  });

  it("lets a stack that is already running finish when a sibling fails", async () => {
    const wide = [stack("network"), stack("service-fast", ["network"]), stack("service-slow", ["network"])];
    const run = async (s: Stack) => {
      await tick(s.id === "service-slow" ? 60 : 5);
      if (s.id === "service-fast") throw new Error("boom");
      return s.id;
    };
    const runs = await runQueue({ stacks: wide, parallelism: 2, direction: "apply", run });
    expect(statuses(runs)).toEqual({ "us-east-1/network": "succeeded", "us-east-1/service-fast": "failed", "us-east-1/service-slow": "succeeded" });
  });

  it("counts a stack that completes its work after the abort (terraform's graceful stop) as succeeded", async () => {
    const controller = new AbortController();
    const runs = runQueue({
      stacks: [stack("network"), stack("platform", ["network"])],
      parallelism: 1,
      direction: "apply",
      signal: controller.signal,
      run: async (s) => {
        await tick(20);
        return s.id;
      },
    });
    await tick(5);
    controller.abort();
    expect(statuses(await runs)).toEqual({ "us-east-1/network": "succeeded", "us-east-1/platform": "cancelled" });
  });

  it("resolves at once for no stacks", async () => {
    expect(await runQueue({ stacks: [], parallelism: 2, direction: "apply", run: async () => 1 })).toEqual([]);
  });
});
