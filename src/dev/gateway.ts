/**
 * The local stand-in for one Application Load Balancer, as a request handler without sockets: the
 * listener's rules pick a service, its target group picks a healthy target round-robin, the request is
 * forwarded with `X-Forwarded-For/Proto/Port`, and failures become ALB's status codes — 503 when the
 * service has no registered target, 502 when the target fails, 504 when it does not answer in time.
 * `serve.ts` binds it to a port and hands it Node's `ServerResponse`; tests call `request()` directly.
 */
import type { OutgoingHttpHeaders } from "node:http";
import { Readable } from "node:stream";
import type { DefaultAction, ListenerRule } from "../model/types.js";
import { Listener } from "./matcher.js";
import { MemoryResponse } from "./memory-response.js";
import type { TargetGroup } from "./target-group.js";
import { type Exchange, forwardable, type RequestHeaders, type ResponseHeaders, type Upstream, type UpstreamError, type UpstreamHandler } from "./upstream.js";

export interface GatewaySpec {
  /** The load balancer's key in the config. */
  readonly key: string;
  readonly internal: boolean;
  readonly rules: readonly ListenerRule[];
  readonly defaultAction: DefaultAction;
}

export interface GatewayRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  /** Names in lower case, as Node's HTTP server gives them. */
  readonly headers: RequestHeaders;
  readonly body: Readable | null;
  /** The client's address, appended to `X-Forwarded-For`. */
  readonly remoteAddress: string;
  /** The port the client connected to, sent as `X-Forwarded-Port`. */
  readonly localPort: number;
}

/** Where the gateway writes its answer: the part of Node's `ServerResponse` it uses. */
export interface ClientResponse {
  readonly headersSent: boolean;
  writeHead(status: number, headers: OutgoingHttpHeaders): unknown;
  /** False when the client is not keeping up; `drain` follows. */
  write(chunk: Buffer): boolean;
  end(body?: string): unknown;
  /** Cuts the connection (a target failed after its answer had started). */
  destroy(): unknown;
  once(event: "drain" | "close", listener: () => void): unknown;
}

export interface GatewayCounters {
  requests: number;
  /** Answers the gateway gave itself: fixed responses, 502, 503, 504. */
  fixed: number;
  errors: number;
}

const STATUS_TEXT: Record<number, string> = { 502: "Bad Gateway", 503: "Service Temporarily Unavailable", 504: "Gateway Timeout" };

export class Gateway {
  readonly counters: GatewayCounters = { requests: 0, fixed: 0, errors: 0 };
  private readonly listener: Listener;

  constructor(
    readonly spec: GatewaySpec,
    /** Target groups by service name. */
    readonly groups: ReadonlyMap<string, TargetGroup>,
    private readonly upstream: Upstream,
  ) {
    this.listener = new Listener(spec.rules, spec.defaultAction);
  }

  /** Answers one request on `res`; returns the id of the target it went to, if any. */
  handle(req: GatewayRequest, res: ClientResponse): string | undefined {
    this.counters.requests++;
    const host = first(req.headers.host);
    const decision = this.listener.route({ path: req.path, host });
    if (decision.kind === "fixed") {
      this.answer(res, decision.status, decision.body, decision.contentType);
      return undefined;
    }
    const group = this.groups.get(decision.service);
    const target = group?.pick();
    if (!group || !target) {
      this.answer(res, 503);
      return undefined;
    }
    const forwarding = new Forwarding(this, res, req.body, group, target.id);
    const exchange = this.upstream.send(target, { method: req.method, path: req.path, headers: forwardedHeaders(req), body: req.body }, forwarding);
    forwarding.watch(exchange);
    return target.id;
  }

  /** In-process request for tests: `await gateway.request("/payment-service/pay", { headers: { host: "x" } })`. */
  async request(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string; remoteAddress?: string; localPort?: number } = {},
  ): Promise<{ status: number; headers: OutgoingHttpHeaders; text: string; target: string | undefined; cut: boolean }> {
    const headers: Record<string, string> = { host: "localhost" };
    for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
    const res = new MemoryResponse();
    const target = this.handle(
      {
        method: init.method ?? "GET",
        path,
        headers,
        body: init.body === undefined ? null : Readable.from([Buffer.from(init.body)]),
        remoteAddress: init.remoteAddress ?? "127.0.0.1",
        localPort: init.localPort ?? 80,
      },
      res,
    );
    await res.finished;
    return { status: res.status, headers: res.headers, text: res.text, target, cut: res.destroyed };
  }

  /** An answer the gateway gives itself (fixed response or ALB error). */
  answer(res: ClientResponse, status: number, body?: string, contentType = "text/plain"): void {
    this.counters.fixed++;
    if (status >= 500) this.counters.errors++;
    const text = body ?? (STATUS_TEXT[status] ? `${status} ${STATUS_TEXT[status]}` : "");
    res.writeHead(status, { "content-type": `${contentType}; charset=utf-8`, "content-length": Buffer.byteLength(text) });
    res.end(text);
  }
}

/**
 * One request on its way through a target: relays the target's answer to the client with backpressure,
 * counts it on the target (in flight, errors), and stops the exchange when the client goes away.
 */
class Forwarding implements UpstreamHandler {
  private failed = false;
  private over = false;
  private exchange: Exchange | undefined;
  private readonly done: (failed: boolean) => void;

  constructor(
    private readonly gateway: Gateway,
    private readonly res: ClientResponse,
    private readonly body: Readable | null,
    private readonly group: TargetGroup,
    private readonly target: string,
  ) {
    this.done = group.begin(target);
  }

  watch(exchange: Exchange): void {
    this.exchange = exchange;
    if (!this.over) this.res.once("close", this.clientClosed);
  }

  start(status: number, headers: ResponseHeaders): void {
    if (status >= 500) {
      this.failed = true;
      this.gateway.counters.errors++;
    }
    this.res.writeHead(status, headers);
  }

  data(chunk: Buffer, resume: () => void): boolean {
    const ok = this.res.write(chunk);
    if (!ok) this.res.once("drain", resume);
    return ok;
  }

  end(): void {
    this.finish(this.failed);
    this.res.end();
  }

  error(e: UpstreamError): void {
    this.finish(true);
    if (e.connectionLost) this.group.connectionLost(this.target);
    if (this.res.headersSent) {
      this.res.destroy();
      return;
    }
    this.body?.resume(); // read what is left of the request body, so the client's connection stays usable
    this.gateway.answer(this.res, e.kind === "timeout" ? 504 : 502);
  }

  private finish(failed: boolean): void {
    this.over = true;
    this.done(failed);
  }

  private readonly clientClosed = (): void => {
    if (this.over) return;
    this.finish(true);
    this.exchange?.abort();
  };
}

/** The request's headers for the target: hop-by-hop ones dropped, `X-Forwarded-*` set as ALB sets them. */
function forwardedHeaders(req: GatewayRequest): Record<string, string | readonly string[]> {
  const out = forwardable(req.headers);
  const xff = first(req.headers["x-forwarded-for"]);
  out["x-forwarded-for"] = xff ? `${xff}, ${req.remoteAddress}` : req.remoteAddress;
  out["x-forwarded-proto"] = "http";
  out["x-forwarded-port"] = String(req.localPort);
  return out;
}

const first = (v: string | readonly string[] | undefined): string | undefined => (typeof v === "string" ? v : v?.[0]);
