/**
 * The stack graph as a pure, deterministic queue with an injected executor (terragrunt's queue, rule 10).
 *
 * 1. Stacks are keyed by `stack.path`; `dependsOn` ids resolve within the same env and region, or in
 *    the region a `<region>/<id>` names (a recovery region's stack reading its primary's).
 *    A dependency that is not among the given stacks is outside this run and is ignored.
 * 2. `orderStacks` is Kahn's algorithm that always takes the alphabetically first ready stack,
 *    so the order is dependency-first and the same on every run.
 * 3. `runQueue` starts a stack once all its prerequisites succeeded: its dependencies for apply,
 *    its dependents for destroy. A failed prerequisite marks the stack (and, transitively, what
 *    waits on it) "skipped"; independent stacks keep running. Aborting starts nothing new, marks
 *    waiting stacks "cancelled" and hands the signal to running ones.
 * 4. Each running stack holds a worker slot, the lowest free one, and frees it when it settles.
 */
import { upstreamKey } from "../model/stack-ids.js";
import type { Stack } from "../terraform/stack.js";

export type Direction = "apply" | "destroy";
export type StackStatus = "succeeded" | "failed" | "skipped" | "cancelled";

export interface StackRun<R> {
  readonly stack: Stack;
  readonly status: StackStatus;
  /** Wall time of `run`; 0 for stacks that never started. */
  readonly elapsedMs: number;
  readonly result?: R;
  /** What `run` threw (failed or cancelled), or why the stack was skipped. */
  readonly error?: unknown;
}

export interface RunQueueOptions<R> {
  readonly stacks: readonly Stack[];
  readonly parallelism: number;
  readonly direction: Direction;
  /**
   * Runs one stack. `worker` is the slot it runs in, `0 … parallelism-1`: no two running stacks share
   * one, so per-worker resources (a provider server) are used by one stack at a time.
   */
  readonly run: (stack: Stack, signal: AbortSignal, worker: number) => Promise<R>;
  readonly signal?: AbortSignal;
}

/** Paths of the stacks each stack depends on, limited to the given stacks. */
export function dependencyPaths(stacks: readonly Stack[]): Map<string, string[]> {
  const byKey = new Map(stacks.map((s) => [`${s.env}/${s.region}/${s.id}`, s.path]));
  const deps = new Map<string, string[]>();
  for (const s of stacks) {
    if (deps.has(s.path)) throw new Error(`bug: two stacks share the path ${s.path}`);
    const paths = s.dependsOn.map((id) => byKey.get(upstreamKey(s.env, s.region, id))).filter((p): p is string => p !== undefined);
    deps.set(s.path, [...new Set(paths)].sort());
  }
  return deps;
}

/** Dependency-first, alphabetical by path among stacks that are ready at the same time. */
export function orderStacks(stacks: readonly Stack[]): Stack[] {
  const deps = dependencyPaths(stacks);
  const byPath = new Map(stacks.map((s) => [s.path, s]));
  const done = new Set<string>();
  const order: Stack[] = [];
  const remaining = [...byPath.keys()].sort();
  while (remaining.length > 0) {
    const next = remaining.findIndex((p) => deps.get(p)!.every((d) => done.has(d)));
    if (next < 0) throw new Error(`bug: dependency cycle among stacks ${remaining.join(", ")}`);
    const [path] = remaining.splice(next, 1) as [string];
    done.add(path);
    order.push(byPath.get(path)!);
  }
  return order;
}

/** Runs every stack through `run`; resolves (never rejects) with one entry per stack, in queue order. */
export function runQueue<R>(opts: RunQueueOptions<R>): Promise<StackRun<R>[]> {
  const ordered = orderStacks(opts.stacks);
  const queue = opts.direction === "apply" ? ordered : ordered.reverse();
  const prerequisites = prerequisitePaths(opts.stacks, opts.direction);
  const limit = Math.max(1, Math.floor(opts.parallelism));
  const controller = new AbortController();
  const runs = new Map<string, StackRun<R>>();
  const started = new Set<string>();
  const busy = new Set<number>();
  let running = 0;

  return new Promise((resolve) => {
    const onAbort = () => {
      controller.abort(opts.signal?.reason);
      schedule();
    };
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    function finish(stack: Stack, worker: number, run: StackRun<R>) {
      runs.set(stack.path, run);
      busy.delete(worker);
      running--;
      schedule();
    }

    function start(stack: Stack) {
      started.add(stack.path);
      running++;
      let worker = 0;
      while (busy.has(worker)) worker++;
      busy.add(worker);
      const t0 = performance.now();
      const elapsed = () => Math.round(performance.now() - t0);
      Promise.resolve()
        .then(() => opts.run(stack, controller.signal, worker))
        .then(
          (result) => finish(stack, worker, { stack, status: "succeeded", elapsedMs: elapsed(), result }),
          (error: unknown) => {
            const status = controller.signal.aborted ? "cancelled" : "failed";
            finish(stack, worker, { stack, status, elapsedMs: elapsed(), error });
          },
        );
    }

    // Queue order is topological for the direction, so one pass settles skips transitively.
    function schedule() {
      for (const stack of queue) {
        if (started.has(stack.path) || runs.has(stack.path)) continue;
        if (controller.signal.aborted) {
          runs.set(stack.path, { stack, status: "cancelled", elapsedMs: 0 });
          continue;
        }
        const pre = prerequisites.get(stack.path)!;
        const blocker = pre.find((p) => runs.has(p) && runs.get(p)!.status !== "succeeded");
        if (blocker) {
          const error = new Error(`skipped because ${blocker} ${runs.get(blocker)!.status}`);
          runs.set(stack.path, { stack, status: "skipped", elapsedMs: 0, error });
        } else if (running < limit && pre.every((p) => runs.get(p)?.status === "succeeded")) {
          start(stack);
        }
      }
      if (running === 0 && runs.size === queue.length) {
        opts.signal?.removeEventListener("abort", onAbort);
        resolve(queue.map((s) => runs.get(s.path)!));
      }
    }

    if (opts.signal?.aborted) controller.abort(opts.signal.reason);
    schedule();
  });
}

/** What must succeed before a stack may start: dependencies to apply, dependents to destroy. */
function prerequisitePaths(stacks: readonly Stack[], direction: Direction): Map<string, string[]> {
  const deps = dependencyPaths(stacks);
  if (direction === "apply") return deps;
  const dependents = new Map<string, string[]>([...deps.keys()].map((p) => [p, []]));
  for (const [path, ds] of deps) for (const d of ds) dependents.get(d)!.push(path);
  return dependents;
}
