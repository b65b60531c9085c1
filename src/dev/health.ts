/**
 * Target health as ALB tracks it: a pure state machine over check results, the matcher of healthy HTTP
 * codes, and the local timing (the model's interval and timeout scaled down for a laptop).
 *
 * 1. A registered target starts `initial`; its first passing check makes it `healthy` (ALB routes to a new
 *    target once it passes a check), `unhealthyThreshold` failed checks in a row make it `unhealthy`.
 * 2. A `healthy` target turns `unhealthy` after `unhealthyThreshold` failures in a row.
 * 3. An `unhealthy` target turns `healthy` after `healthyThreshold` successes in a row.
 * 4. `draining` (deregistration) is final: checks no longer change it.
 */
import type { HealthCheck } from "../model/types.js";

export type HealthStatus = "initial" | "healthy" | "unhealthy" | "draining";

export interface HealthState {
  readonly status: HealthStatus;
  /** Consecutive passing (positive) or failing (negative) checks. */
  readonly streak: number;
}

export const INITIAL_HEALTH: HealthState = { status: "initial", streak: 0 };

export function nextHealth(state: HealthState, passed: boolean, hc: Pick<HealthCheck, "healthyThreshold" | "unhealthyThreshold">): HealthState {
  if (state.status === "draining") return state;
  const streak = passed ? Math.max(state.streak, 0) + 1 : Math.min(state.streak, 0) - 1;
  if (passed && (state.status === "initial" || (state.status === "unhealthy" && streak >= hc.healthyThreshold))) return { status: "healthy", streak };
  if (!passed && state.status !== "unhealthy" && -streak >= hc.unhealthyThreshold) return { status: "unhealthy", streak };
  return { status: state.status, streak };
}

/** ALB matcher syntax (`200`, `200-299`, `200,302`) as a predicate on a status code. */
export function statusMatcher(matcher: string): (status: number) => boolean {
  const ranges = matcher.split(",").map((part) => {
    const [lo, hi] = part.split("-").map((n) => Number.parseInt(n, 10));
    return [lo ?? 0, hi ?? lo ?? 0] as const;
  });
  return (status) => ranges.some(([lo, hi]) => status >= lo && status <= hi);
}

export interface LocalHealthTiming {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Failed checks of a target that was never healthy are ignored this long after it starts (ECS grace period). */
  readonly graceMs?: number;
}

/**
 * Local check timing: the model's interval × `scale` (default 1/30, so ALB's 30 seconds become 1 second),
 * never under 100 ms; the timeout scaled alike but at least 250 ms and at most the interval.
 */
export function localHealthTiming(hc: Pick<HealthCheck, "intervalSeconds" | "timeoutSeconds">, scale = 1 / 30, graceSeconds = 0): LocalHealthTiming {
  const intervalMs = Math.max(100, Math.round(hc.intervalSeconds * 1000 * scale));
  const timeoutMs = Math.min(intervalMs, Math.max(250, Math.round(hc.timeoutSeconds * 1000 * scale)));
  return { intervalMs, timeoutMs, graceMs: Math.round(graceSeconds * 1000 * scale) };
}
