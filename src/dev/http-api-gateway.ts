/**
 * The local gateway of one HTTP API under `berth dev`: a loopback HTTP server that routes each request
 * (`http-api-event.ts`) to its function, as API Gateway's Lambda proxy integration with payload format 2.0.
 * Answers as API Gateway does: 404 `Not Found` without a route, 500 `Internal Server Error` when the
 * function fails (its own timeout included) or answers what cannot be read, 503 `Service Unavailable` when
 * it takes longer than the integration's 30 seconds. CORS as configured: preflights answered by the
 * gateway, `access-control-allow-origin` on answers to an allowed origin. Throttling is not enforced.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./loopback.js";
import type { Invocation } from "./function-pool.js";
import {
  gatewayAnswer,
  httpApiEvent,
  type HttpApiEvent,
  type HttpApiResponse,
  type HttpApiRoute,
  httpApiResponse,
  internalError,
  matchRoute,
} from "./http-api-event.js";

/** API Gateway's longest wait for a Lambda integration. */
export const INTEGRATION_TIMEOUT_MS = 30_000;

export interface LocalHttpApiPlan {
  /** The API's key in the config. */
  readonly key: string;
  /** `<prefix>-<key>`: the event's `apiId` locally. */
  readonly name: string;
  readonly routes: readonly HttpApiRoute[];
  readonly cors: {
    readonly origins: readonly string[];
    readonly methods: readonly string[];
    readonly headers: readonly string[];
    readonly maxAgeSeconds: number;
  } | null;
}

export type InvokeFunction = (fn: string, event: HttpApiEvent) => Promise<Invocation>;

export interface HttpApiCounters {
  requests: number;
  errors: number;
}

/** Handles one request: fetch-style, no socket, so tests call it directly. */
export async function handleHttpApi(
  api: LocalHttpApiPlan,
  req: { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: Buffer; sourceIp: string; protocol: string },
  invoke: InvokeFunction,
  integrationTimeoutMs = INTEGRATION_TIMEOUT_MS,
): Promise<HttpApiResponse> {
  const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
  const allowed = api.cors && origin !== undefined && (api.cors.origins.includes("*") || api.cors.origins.includes(origin));
  if (api.cors && req.method === "OPTIONS" && origin !== undefined && req.headers["access-control-request-method"] !== undefined)
    return allowed ? preflight(api.cors, origin) : { statusCode: 204, headers: {}, body: Buffer.alloc(0) };
  const path = req.url.split("?")[0]!;
  const match = matchRoute(api.routes, req.method, path);
  const answer = match ? await call(match.route.function, httpApiEvent(req, match, api.name)) : gatewayAnswer(404, "Not Found");
  if (!allowed) return answer;
  return { ...answer, headers: { ...answer.headers, "access-control-allow-origin": api.cors!.origins.includes("*") ? "*" : origin! } };

  async function call(fn: string, event: HttpApiEvent): Promise<HttpApiResponse> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), integrationTimeoutMs)));
    const end = await Promise.race([invoke(fn, event), late]);
    clearTimeout(timer);
    if (end === "late") return gatewayAnswer(503, "Service Unavailable");
    return end.ok ? httpApiResponse(end.result) : internalError();
  }
}

function preflight(cors: NonNullable<LocalHttpApiPlan["cors"]>, origin: string): HttpApiResponse {
  return {
    statusCode: 204,
    headers: {
      "access-control-allow-origin": cors.origins.includes("*") ? "*" : origin,
      "access-control-allow-methods": cors.methods.join(","),
      ...(cors.headers.length > 0 ? { "access-control-allow-headers": cors.headers.join(",") } : {}),
      "access-control-max-age": String(cors.maxAgeSeconds),
    },
    body: Buffer.alloc(0),
  };
}

export interface ServedHttpApi {
  readonly key: string;
  readonly url: string;
  readonly port: number;
  readonly counters: HttpApiCounters;
  close(): Promise<void>;
}

/** Binds the API's gateway on a loopback port (0: a free one). */
export async function serveHttpApi(api: LocalHttpApiPlan, invoke: InvokeFunction, port = 0): Promise<ServedHttpApi> {
  const counters: HttpApiCounters = { requests: 0, errors: 0 };
  const server = createServer((req, res) => void respond(req, res));
  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = await handleHttpApi(
      api,
      {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks),
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        protocol: `HTTP/${req.httpVersion}`,
      },
      invoke,
    ).catch(() => internalError());
    if (answer.statusCode >= 500) counters.errors++;
    res.writeHead(answer.statusCode, { ...answer.headers, "content-length": answer.body.length });
    res.end(answer.body);
  }
  const { url, port: bound, close } = await listenOnLoopback(server, port);
  return { key: api.key, url, port: bound, counters, close };
}
