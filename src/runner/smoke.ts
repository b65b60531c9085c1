/**
 * Smoke tests after a deploy: request each service's health URL through its load balancer (the origin
 * of the service's recorded `url` output and the path `model/smoke.ts` decides) until it answers as the
 * health check expects, a few attempts apart; a failure names the URL, the answer and the rollback command.
 */
import type { SmokeCheck } from "../model/smoke.js";
import { statusMatches } from "../model/smoke.js";

export interface SmokeResult {
  readonly service: string;
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
      const res = await fetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000), headers: { "user-agent": "berth-smoke" } });
      await res.body?.cancel();
      answer = `HTTP ${res.status}`;
      if (statusMatches(check.matcher, res.status)) return { service: check.service, url, ok: true, answer };
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      answer = cause?.code ?? cause?.message ?? (e as Error).message;
    }
  }
  return { service: check.service, url, ok: false, answer };
}

/** What a failed smoke test prints: the URL, the answer, what was expected, and how to roll back. */
export function smokeFailure(r: SmokeResult, check: SmokeCheck, rollback: string): string {
  const expected = check.matcher === "<500" ? "no server error" : `HTTP ${check.matcher}`;
  return `smoke test of ${r.service} failed: GET ${r.url} answered ${r.answer}, expected ${expected}; roll back with: ${rollback}`;
}
