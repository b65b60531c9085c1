/**
 * The local stand-in for one Application Load Balancer, as a request handler without sockets: the
 * listener's rules pick a service, its target group picks a healthy target round-robin, the request is
 * forwarded with `X-Forwarded-For/Proto/Port`, and failures become ALB's status codes — 503 when the
 * service has no registered target, 502 when the target fails, 504 when it does not answer in time.
 * `serve.ts` binds it to a port; tests call `request()` directly.
 */
import { finished, Readable } from "node:stream";
import type { DefaultAction, ListenerRule } from "../model/types.js";
import { Listener } from "./matcher.js";
import type { TargetGroup } from "./target-group.js";
import { forwardable, type Headers, type Upstream, UpstreamError } from "./upstream.js";

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
  readonly headers: Headers;
  readonly body: Readable | null;
  /** The client's address, appended to `X-Forwarded-For`. */
  readonly remoteAddress: string;
  /** The port the client connected to, sent as `X-Forwarded-Port`. */
  readonly localPort: number;
}

export interface GatewayResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly body: Readable | string;
  /** The target that answered, when one did. */
  readonly target?: string;
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

  async handle(req: GatewayRequest): Promise<GatewayResponse> {
    this.counters.requests++;
    const host = first(req.headers.host);
    const decision = this.listener.route({ path: req.path, host });
    if (decision.kind === "fixed") return this.answer(decision.status, decision.body, decision.contentType);
    const group = this.groups.get(decision.service);
    const target = group?.pick();
    if (!group || !target) return this.answer(503);
    const done = group.begin(target.id);
    let res;
    try {
      res = await this.upstream.send(target, { method: req.method, path: req.path, headers: this.forwardedHeaders(req), body: req.body });
    } catch (e) {
      done(true);
      req.body?.resume();
      return this.answer(e instanceof UpstreamError && e.kind === "timeout" ? 504 : 502);
    }
    const failed = res.status >= 500;
    if (failed) this.counters.errors++;
    finished(res.body, (err) => done(failed || err !== undefined));
    return { status: res.status, headers: forwardable(res.headers), body: res.body, target: target.id };
  }

  /** In-process request for tests: `await gateway.request("/payment-service/pay", { headers: { host: "x" } })`. */
  async request(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string; remoteAddress?: string; localPort?: number } = {},
  ): Promise<{ status: number; headers: Readonly<Record<string, string | string[]>>; text: string; target: string | undefined }> {
    const res = await this.handle({
      method: init.method ?? "GET",
      path,
      headers: { host: "localhost", ...init.headers },
      body: init.body === undefined ? null : Readable.from([Buffer.from(init.body)]),
      remoteAddress: init.remoteAddress ?? "127.0.0.1",
      localPort: init.localPort ?? 80,
    });
    const text = typeof res.body === "string" ? res.body : Buffer.concat(await res.body.toArray()).toString("utf8");
    return { status: res.status, headers: res.headers, text, target: res.target };
  }

  private forwardedHeaders(req: GatewayRequest): Headers {
    const xff = first(req.headers["x-forwarded-for"]);
    return {
      ...req.headers,
      "x-forwarded-for": xff ? `${xff}, ${req.remoteAddress}` : req.remoteAddress,
      "x-forwarded-proto": "http",
      "x-forwarded-port": String(req.localPort),
    };
  }

  private answer(status: number, body?: string, contentType = "text/plain"): GatewayResponse {
    this.counters.fixed++;
    if (status >= 500) this.counters.errors++;
    const text = body ?? (STATUS_TEXT[status] ? `${status} ${STATUS_TEXT[status]}` : "");
    return { status, headers: { "content-type": `${contentType}; charset=utf-8`, "content-length": String(Buffer.byteLength(text)) }, body: text };
  }
}

const first = (v: string | readonly string[] | undefined): string | undefined => (typeof v === "string" ? v : v?.[0]);
