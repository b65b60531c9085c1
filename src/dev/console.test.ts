import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { startConsole } from "./console.js";
import { DevBus } from "./events.js";
import type { JobOutcome } from "./job-run.js";
import type { DevRuntime } from "./runtime.js";

/** A runtime with one job, `expire`, whose runs succeed. */
function fakeRuntime() {
  const runs: string[] = [];
  const runtime = {
    bus: new DevBus(),
    plan: {
      gateways: [],
      services: [],
      notRun: [],
      jobs: [{ name: "expire", expression: "cron(0 3 * * ? *)", timezone: "UTC" }],
      httpApis: [{ key: "public", name: "p-dev-public", routes: [{ key: "GET /resources", function: "api" }], cors: null }],
      sites: [{ key: "web", dir: "/repo/web/dist", spa: true, immutable: ["assets/*"] }],
    } as unknown as DevRuntime["plan"],
    status: () => ({
      gateways: [],
      services: [],
      queues: [{ queue: "events", name: "p-dev-events", depth: 2, inFlight: 0, deadLetters: 1 }],
      jobs: [{ job: "expire", expression: "cron(0 3 * * ? *)", timezone: "UTC", enabled: true, next: "2026-12-06T03:00:00.000Z", running: 0, last: null }],
      functions: [{ function: "api", functionName: "p-dev-api", processes: 1, busy: 0, waiting: 0, invocations: 3, errors: 1, timeouts: 0 }],
    }),
    rollingRestart: async () => {},
    runJob: (name: string): Promise<JobOutcome> => {
      if (name !== "expire") throw new UsageError(`no scheduled job "${name}" runs locally`);
      runs.push(name);
      return Promise.resolve({ run: `expire@${runs.length}`, result: "succeeded", attempts: 1, exitCode: 0, startedAt: new Date(0), durationMs: 7 });
    },
  };
  return { runtime, runs };
}

describe("the dev console's job runs", () => {
  it("runs a job at once for a request with the page's token, refuses others, and can wait for the outcome", async () => {
    const { runtime, runs } = fakeRuntime();
    const web = await startConsole({ runtime, title: "t" });
    try {
      const post = (body: unknown, token: string | null = web.token) =>
        fetch(new URL("/api/run-job", web.url), {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { "x-berth-token": token } : {}) },
          body: JSON.stringify(body),
        });
      expect((await post({ job: "expire" }, "wrong")).status).toBe(403);
      expect((await post({ job: "expire" }, null)).status).toBe(403);
      expect((await post({ nope: 1 })).status).toBe(400);
      const unknown = await post({ job: "expyre" });
      expect([unknown.status, await unknown.text()]).toEqual([404, 'no scheduled job "expyre" runs locally\n']);
      expect(runs).toEqual([]);

      const started = await post({ job: "expire" });
      expect([started.status, await started.json()]).toEqual([202, { running: "expire" }]);
      const waited = await post({ job: "expire", wait: true });
      expect(waited.status).toBe(200);
      expect(await waited.json()).toMatchObject({ job: "expire", run: "expire@2", result: "succeeded", attempts: 1 });
      expect(runs).toEqual(["expire", "expire"]);
    } finally {
      await web.close();
    }
  });

  it("sends the queues and schedules in its snapshot, and its page has their tables and a run-now button per job", async () => {
    const { runtime } = fakeRuntime();
    const web = await startConsole({ runtime, title: "t" });
    const abort = new AbortController();
    try {
      const page = await (await fetch(web.url)).text();
      expect(page).toContain('data-testid="queues"');
      expect(page).toContain('data-testid="schedules"');
      expect(page).toContain('"run now"');
      expect(page).toContain('data-testid="functions"');
      const res = await fetch(new URL("/events", web.url), { signal: abort.signal });
      const reader = res.body!.getReader();
      let text = "";
      while (!text.includes("\n\n")) text += new TextDecoder().decode((await reader.read()).value);
      const snapshot = JSON.parse(text.slice("data: ".length, text.indexOf("\n\n"))) as Record<string, any>;
      expect(snapshot.jobs).toEqual([{ name: "expire", expression: "cron(0 3 * * ? *)", timezone: "UTC" }]);
      expect(snapshot.status.queues[0]).toMatchObject({ name: "p-dev-events", depth: 2, deadLetters: 1 });
      expect(snapshot.status.jobs[0]).toMatchObject({ job: "expire", next: "2026-12-06T03:00:00.000Z" });
      expect(snapshot.httpApis).toEqual([{ key: "api-public", routes: [{ key: "GET /resources", function: "api" }] }]);
      expect(snapshot.sites).toEqual([{ key: "site-web", dir: "/repo/web/dist", spa: true }]);
      expect(snapshot.status.functions[0]).toMatchObject({ function: "api", invocations: 3, errors: 1 });
    } finally {
      abort.abort();
      await web.close();
    }
  });
});
