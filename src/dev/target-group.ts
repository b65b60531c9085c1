/**
 * A local target group: the registered targets of one service behind one gateway, their health, in-flight
 * and request counts, round-robin choice over healthy targets, and draining on deregistration.
 *
 * 1. `pick()` goes round-robin over `healthy` targets. When none is healthy, it fails open (as ALB does)
 *    over the targets that have answered checks before (`unhealthy`), else over the `initial` ones; with
 *    none registered it returns undefined (→ 503). Preferring `unhealthy` over `initial` differs from ALB
 *    on purpose: locally an `initial` target is usually a process that is not listening yet.
 * 2. `deregister()` marks a target `draining`: it gets no new requests, and the returned promise settles
 *    when its in-flight requests are done or the deregistration delay has passed, whichever comes first.
 */
import { type HealthState, INITIAL_HEALTH, nextHealth, type HealthStatus } from "./health.js";
import type { HealthCheck } from "../model/types.js";

export interface TargetAddress {
  /** `<service>#<replica>`, unique in the group. */
  readonly id: string;
  readonly host: string;
  readonly port: number;
}

export interface TargetStats {
  readonly id: string;
  readonly address: string;
  readonly health: HealthStatus;
  readonly inFlight: number;
  readonly requests: number;
  readonly errors: number;
}

interface Entry {
  readonly address: TargetAddress;
  health: HealthState;
  inFlight: number;
  requests: number;
  errors: number;
  drained?: () => void;
}

export type HealthListener = (target: TargetAddress, from: HealthStatus, to: HealthStatus) => void;

export class TargetGroup {
  private readonly entries = new Map<string, Entry>();
  private cursor = 0;

  constructor(
    readonly service: string,
    readonly healthCheck: HealthCheck,
    /** How long a deregistered target may finish in-flight requests (ms). */
    readonly deregistrationDelayMs: number,
    private readonly onHealth: HealthListener = () => {},
  ) {}

  register(address: TargetAddress): void {
    this.entries.set(address.id, { address, health: INITIAL_HEALTH, inFlight: 0, requests: 0, errors: 0 });
    this.onHealth(address, "initial", "initial");
  }

  /** Stops new requests to the target; resolves once it is drained (or the delay is over) and removed. */
  async deregister(id: string): Promise<void> {
    const e = this.entries.get(id);
    if (!e) return;
    if (e.health.status !== "draining") this.setHealth(e, { status: "draining", streak: 0 });
    if (e.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.deregistrationDelayMs);
        e.drained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.entries.delete(id);
  }

  /** Forgets a target at once (its process is gone: nothing left to drain). */
  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.drained?.();
    this.entries.delete(id);
    if (e.health.status !== "draining") this.onHealth(e.address, e.health.status, "draining");
  }

  /**
   * The gateway could not reach the target at all (refused, reset, closed). Locally that is nearly always a
   * process that died, so the target leaves the rotation at once as `unhealthy`, and its health checks bring
   * it back (`healthyThreshold` passes). ALB itself waits for its checks; the exit of the process is noticed
   * a few milliseconds later anyway (the target is removed), but a fast client could meet it again meanwhile.
   */
  connectionLost(id: string): void {
    const e = this.entries.get(id);
    // Only a healthy target: an `initial` one is not listening yet as a rule, and `unhealthy` would rank it
    // above the other `initial` targets when none is healthy (fail-open prefers `unhealthy`).
    if (e?.health.status === "healthy") this.setHealth(e, { status: "unhealthy", streak: 0 });
  }

  /** Applies one health-check result. */
  recordCheck(id: string, passed: boolean): void {
    const e = this.entries.get(id);
    if (e) this.setHealth(e, nextHealth(e.health, passed, this.healthCheck));
  }

  /** The next target for a request, round-robin; undefined when none is registered. */
  pick(): TargetAddress | undefined {
    // Two passes and no arrays: this runs for every request.
    let healthy = 0;
    let unhealthy = 0;
    let initial = 0;
    for (const e of this.entries.values()) {
      if (e.health.status === "healthy") healthy++;
      else if (e.health.status === "unhealthy") unhealthy++;
      else if (e.health.status === "initial") initial++;
    }
    const status: HealthStatus = healthy > 0 ? "healthy" : unhealthy > 0 ? "unhealthy" : "initial";
    const size = healthy || unhealthy || initial;
    if (size === 0) return undefined;
    let n = this.cursor++ % size;
    for (const e of this.entries.values()) if (e.health.status === status && n-- === 0) return e.address;
    return undefined;
  }

  /** Counts a request as in flight on a target; call the returned function when it is done. */
  begin(id: string): (failed: boolean) => void {
    const e = this.entries.get(id);
    if (!e) return () => {};
    e.inFlight++;
    e.requests++;
    let done = false;
    return (failed) => {
      if (done) return;
      done = true;
      e.inFlight--;
      if (failed) e.errors++;
      if (e.inFlight === 0) e.drained?.();
    };
  }

  targets(): TargetAddress[] {
    return [...this.entries.values()].map((e) => e.address);
  }

  health(id: string): HealthStatus | undefined {
    return this.entries.get(id)?.health.status;
  }

  stats(): TargetStats[] {
    return [...this.entries.values()].map((e) => ({
      id: e.address.id,
      address: `${e.address.host}:${e.address.port}`,
      health: e.health.status,
      inFlight: e.inFlight,
      requests: e.requests,
      errors: e.errors,
    }));
  }

  private setHealth(e: Entry, next: HealthState): void {
    const from = e.health.status;
    e.health = next;
    if (from !== next.status) this.onHealth(e.address, from, next.status);
  }
}
