/**
 * How the gateway reaches a target: one pooled `undici` client per target (keep-alive, streaming bodies
 * both ways), and the failures the gateway turns into ALB status codes (timeout → 504, else → 502).
 */
import type { Readable } from "node:stream";
import { errors, Pool } from "undici";
import type { TargetAddress } from "./target-group.js";

export type Headers = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface UpstreamRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly path: string;
  readonly headers: Headers;
  readonly body: Readable | null;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Readable;
}

/** A target did not answer: `timeout` (ALB 504) or `failed` (refused, reset, bad response: ALB 502). */
export class UpstreamError extends Error {
  constructor(
    readonly kind: "timeout" | "failed",
    message: string,
  ) {
    super(message);
  }
}

export interface Upstream {
  send(target: TargetAddress, req: UpstreamRequest): Promise<UpstreamResponse>;
  /** Closes the pooled connections to a target that is gone. */
  forget(target: TargetAddress): Promise<void>;
  close(): Promise<void>;
}

/** Headers that belong to one connection and are never forwarded. */
export const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect", "http2-settings"]);

export function forwardable(headers: Headers): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k.toLowerCase())) out[k] = typeof v === "string" ? v : [...v];
  return out;
}

export interface UndiciUpstreamOptions {
  /** Time to wait for response headers, and between body chunks (ALB's idle timeout), in ms. */
  readonly timeoutMs: number;
  /** Connections per target. Default 64. */
  readonly connections?: number;
}

export function undiciUpstream(opts: UndiciUpstreamOptions): Upstream {
  const pools = new Map<string, Pool>();
  const origin = (t: TargetAddress) => `http://${t.host}:${t.port}`;
  const poolFor = (t: TargetAddress): Pool => {
    const key = origin(t);
    let pool = pools.get(key);
    if (!pool) {
      pool = new Pool(key, { connections: opts.connections ?? 64, keepAliveTimeout: 4_000, pipelining: 1 });
      pools.set(key, pool);
    }
    return pool;
  };
  return {
    async send(target, req) {
      try {
        const res = await poolFor(target).request({
          method: req.method as "GET",
          path: req.path,
          headers: forwardable(req.headers),
          body: req.body,
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
        });
        return { status: res.statusCode, headers: res.headers, body: res.body };
      } catch (e) {
        const timeout = e instanceof errors.HeadersTimeoutError || e instanceof errors.ConnectTimeoutError;
        throw new UpstreamError(timeout ? "timeout" : "failed", (e as Error).message);
      }
    },
    async forget(target) {
      const key = origin(target);
      const pool = pools.get(key);
      pools.delete(key);
      await pool?.destroy().catch(() => {});
    },
    async close() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.destroy().catch(() => {})));
    },
  };
}
