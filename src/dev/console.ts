/**
 * The `berth dev` web console: one page on loopback showing what the terminal shows — gateways and
 * their rules, targets with health and counts, processes (workers among them) with their streamed logs,
 * queues with depth, in-flight and dead letters, schedules with next and last run, databases — plus the
 * environment's diagram, a button per replica that restarts it and one per job that runs it at once. The
 * page reads server-sent events from the runtime's bus (a snapshot first, then every event); no framework.
 *
 * Only this machine's pages can act: the server listens on 127.0.0.1, refuses a Host header that is not
 * its own address (DNS rebinding), and a restart or a job run needs the per-run token the page carries
 * (`berth dev run <job>` reads it from the session file, `dev-session.ts`).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { UsageError } from "../errors.js";
import { consolePage } from "./console-page.js";
import type { DevEvent } from "./events.js";
import type { JobOutcome } from "./job-run.js";
import { listenOnLoopback } from "./loopback.js";
import type { DevRuntime } from "./runtime.js";

export interface ConsoleOptions {
  readonly runtime: Pick<DevRuntime, "bus" | "plan" | "status" | "rollingRestart" | "runJob">;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /** The environment's diagram (SVG), shown on the page when given. */
  readonly diagramSvg?: string;
  readonly title: string;
}

export interface DevConsole {
  readonly url: string;
  /** What a request that acts must carry as `x-berth-token`. */
  readonly token: string;
  close(): Promise<void>;
}

const LOG_LINES = 200;

export async function startConsole(opts: ConsoleOptions): Promise<DevConsole> {
  const { runtime } = opts;
  const token = randomBytes(16).toString("hex");
  const logs = new Map<string, Extract<DevEvent, { type: "log" }>[]>();
  const databases: Extract<DevEvent, { type: "database" }>[] = [];
  const clients = new Set<ServerResponse>();
  const send = (res: ServerResponse, e: object) => res.write(`data: ${JSON.stringify(e)}\n\n`);

  const unsubscribe = runtime.bus.on((e) => {
    if (e.type === "log") {
      const list = logs.get(e.replica) ?? [];
      list.push(e);
      if (list.length > LOG_LINES) list.shift();
      logs.set(e.replica, list);
    }
    if (e.type === "database") databases.push(e);
    for (const c of clients) send(c, e);
  });

  const snapshot = () => ({
    type: "snapshot",
    title: opts.title,
    gateways: runtime.plan.gateways.map((g) => ({ key: g.key, internal: g.internal, rules: g.rules, defaultAction: g.defaultAction })),
    services: runtime.plan.services.map((s) => ({ name: s.name, loadBalancers: s.loadBalancers, replicas: s.replicas })),
    notRun: runtime.plan.notRun,
    jobs: runtime.plan.jobs.map((j) => ({ name: j.name, expression: j.expression, timezone: j.timezone })),
    httpApis: (runtime.plan.httpApis ?? []).map((a) => ({ key: `api-${a.key}`, routes: a.routes })),
    sites: (runtime.plan.sites ?? []).map((x) => ({ key: `site-${x.key}`, dir: x.dir, spa: x.spa })),
    status: runtime.status(),
    logs: [...logs.values()].flat(),
    databases,
    diagram: opts.diagramSvg !== undefined,
  });

  let address = "";
  const server = createServer((req, res) => {
    if (req.headers.host !== address && req.headers.host !== address.replace("127.0.0.1", "localhost")) return reply(res, 421, "text/plain", "wrong host\n");
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === "/") {
      const nonce = randomBytes(16).toString("base64");
      res.setHeader(
        "content-security-policy",
        `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'`,
      );
      return reply(res, 200, "text/html; charset=utf-8", consolePage(opts.title, token, nonce));
    }
    if (req.method === "GET" && path === "/diagram.svg" && opts.diagramSvg) return reply(res, 200, "image/svg+xml", opts.diagramSvg);
    if (req.method === "GET" && path === "/events") {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      send(res, snapshot());
      clients.add(res);
      req.on("close", () => clients.delete(res));
      return;
    }
    if (req.method === "POST" && path === "/api/restart") return void restart(req, res);
    if (req.method === "POST" && path === "/api/run-job") return void runJob(req, res);
    reply(res, 404, "text/plain", "not found\n");
  });

  /** The JSON body of a request that acts, or undefined once it answered 403 (token) or 400 (not JSON). */
  async function actingBody(req: IncomingMessage, res: ServerResponse, shape: string): Promise<Record<string, unknown> | undefined> {
    if (req.headers["x-berth-token"] !== token) return void reply(res, 403, "text/plain", "missing or wrong token\n");
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as unknown;
      if (typeof body === "object" && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
    } catch {
      // answered below
    }
    return void reply(res, 400, "text/plain", `expected JSON: ${shape}\n`);
  }

  /** `{ job }` answers 202 at once (progress arrives as events); `{ job, wait: true }` answers with the run's outcome. */
  async function runJob(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await actingBody(req, res, "{ job, wait? }");
    if (!body) return;
    if (typeof body.job !== "string") return reply(res, 400, "text/plain", "expected JSON: { job, wait? }\n");
    let run: Promise<JobOutcome>;
    try {
      run = runtime.runJob(body.job);
    } catch (e) {
      return reply(res, 404, "text/plain", `${(e as Error).message}\n`);
    }
    if (body.wait !== true) {
      run.catch(() => {});
      return reply(res, 202, "application/json", `${JSON.stringify({ running: body.job })}\n`);
    }
    const outcome = await run;
    reply(res, 200, "application/json", `${JSON.stringify({ job: body.job, ...outcome })}\n`);
  }

  async function restart(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await actingBody(req, res, "{ service, replica? }");
    if (!body) return;
    if (typeof body.service !== "string" || (body.replica !== undefined && typeof body.replica !== "string"))
      return reply(res, 400, "text/plain", "expected JSON: { service, replica? }\n");
    try {
      // Answer at once; the restart's progress arrives as events.
      const run = runtime.rollingRestart(body.service, "restarted from the console", body.replica as string | undefined);
      run.catch(() => {});
      await Promise.race([run, new Promise((r) => setTimeout(r, 50))]);
      reply(res, 202, "application/json", `${JSON.stringify({ restarting: body.service, replica: body.replica ?? null })}\n`);
    } catch (e) {
      reply(res, 400, "text/plain", `${(e as Error).message}\n`);
    }
  }

  const bound = await listenOnLoopback(server, opts.port ?? 0).catch((e: NodeJS.ErrnoException) => {
    throw e.code === "EADDRINUSE"
      ? new UsageError(`--console-port ${opts.port}: the port is in use`, "pick another, or --console-port 0 for any free port")
      : e;
  });
  address = `127.0.0.1:${bound.port}`;
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(": keep-alive\n\n");
  }, 15_000);
  const url = `http://${address}/`;
  runtime.bus.emit({ type: "console", url });
  return {
    url,
    token,
    close: async () => {
      clearInterval(heartbeat);
      unsubscribe();
      for (const c of clients) c.end();
      await bound.close();
    },
  };
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(body);
}
