/**
 * Smoke tests after a deploy: request each service's health URL through its load balancer (the origin
 * of the service's recorded `url` output and the path `model/smoke.ts` decides), or an HTTP API's health
 * path, until it answers as the health check expects, a few attempts apart; a failure names the URL, the
 * answer and what to do (for a service, the rollback command).
 */
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { SmokeCheck } from "../model/smoke.js";
import { statusMatches } from "../model/smoke.js";

export interface SmokeResult {
  /** The service's or the HTTP API's name. */
  readonly name: string;
  readonly url: string;
  readonly ok: boolean;
  /** The last answer: `HTTP 200`, `HTTP 503`, or the connection error. */
  readonly answer: string;
}

export interface SmokeOptions {
  /** Attempts per URL (default 5) and the pause between them (default 3 s). */
  readonly attempts?: number;
  readonly intervalMs?: number;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  /**
   * Connect to this host (one region's load balancer) instead of resolving the URL's, still asking for the
   * URL's host (TLS server name and `Host`), so a name Route 53 routes between regions reaches this one.
   */
  readonly connectTo?: string;
}

/** The URL a check requests: the origin of the service's `url` output and the check's path. */
export const smokeUrl = (serviceUrl: string, check: SmokeCheck): string => new URL(check.path, new URL(serviceUrl).origin).toString();

export async function smokeTest(check: SmokeCheck, serviceUrl: string, opts: SmokeOptions = {}): Promise<SmokeResult> {
  const url = smokeUrl(serviceUrl, check);
  const attempts = opts.attempts ?? 5;
  let answer = "";
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, opts.intervalMs ?? 3000));
    try {
      const status = opts.connectTo ? await statusVia(url, opts.connectTo, opts.timeoutMs ?? 10_000) : await statusOf(url, opts.timeoutMs ?? 10_000);
      answer = `HTTP ${status}`;
      if (statusMatches(check.matcher, status)) return { name: check.name, url, ok: true, answer };
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      answer = cause?.code ?? cause?.message ?? (e as Error).message;
    }
  }
  return { name: check.name, url: opts.connectTo ? `${url} (through ${opts.connectTo})` : url, ok: false, answer };
}

async function statusOf(url: string, timeoutMs: number): Promise<number> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { "user-agent": "berth-smoke" } });
  await res.body?.cancel();
  return res.status;
}

/** GET `url` on a connection to `host` (the URL's port), naming the URL's host in TLS and `Host`; the certificate is verified for that name. */
function statusVia(url: string, host: string, timeoutMs: number): Promise<number> {
  const u = new URL(url);
  const tls = u.protocol === "https:";
  return new Promise((resolve, reject) => {
    const req = (tls ? httpsRequest : httpRequest)(
      {
        host,
        port: u.port || (tls ? 443 : 80),
        path: `${u.pathname}${u.search}`,
        method: "GET",
        headers: { host: u.host, "user-agent": "berth-smoke" },
        ...(tls ? { servername: u.hostname } : {}),
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", (e: NodeJS.ErrnoException) => reject(Object.assign(new Error(e.message), { cause: { code: e.code, message: e.message } })));
    req.end();
  });
}

/** What a failed smoke test prints: the URL, the answer, what was expected, and what to do (`next`: "roll back with: …"). */
export function smokeFailure(r: SmokeResult, check: SmokeCheck, next: string): string {
  const expected = check.matcher === "<500" ? "no server error" : `HTTP ${check.matcher}`;
  return `smoke test of ${r.name} failed: GET ${r.url} answered ${r.answer}, expected ${expected}; ${next}`;
}
