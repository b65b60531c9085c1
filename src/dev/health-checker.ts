/**
 * Active health checks of one target: every interval, a GET of the model's path with a timeout; the
 * status code is matched against the model's matcher and fed to the target group's state machine.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { request } from "undici";
import { type LocalHealthTiming, statusMatcher } from "./health.js";
import type { TargetAddress, TargetGroup } from "./target-group.js";

/** Sends one check; resolves with the HTTP status, rejects when the target does not answer. */
export type Probe = (target: TargetAddress, path: string, timeoutMs: number) => Promise<number>;

export const httpProbe: Probe = async (target, path, timeoutMs) => {
  const res = await request(`http://${target.host}:${target.port}${path}`, {
    method: "GET",
    headers: { "user-agent": "ELB-HealthChecker/2.0", connection: "close" },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.body.dump();
  return res.statusCode;
};

/** Checks a target until it leaves the group or `signal` aborts. */
export async function watchHealth(
  group: TargetGroup,
  target: TargetAddress,
  timing: LocalHealthTiming,
  signal: AbortSignal,
  probe: Probe = httpProbe,
): Promise<void> {
  const ok = statusMatcher(group.healthCheck.matcher);
  const graceUntil = Date.now() + (timing.graceMs ?? 0);
  while (!signal.aborted) {
    const status = group.health(target.id);
    if (status === undefined || status === "draining") return;
    const passed = await probe(target, group.healthCheck.path, timing.timeoutMs).then(ok, () => false);
    if (signal.aborted) return;
    if (passed || status !== "initial" || Date.now() >= graceUntil) group.recordCheck(target.id, passed);
    await sleep(timing.intervalMs, undefined, { signal }).catch(() => {});
  }
}
