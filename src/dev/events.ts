/**
 * The typed events of `berth dev`: the runtime's parts publish them on one bus, and the status view,
 * the `--json` NDJSON stream and the tests subscribe.
 */
import { EventEmitter } from "node:events";
import type { FunctionStatus } from "./function-pool.js";
import type { HealthStatus } from "./health.js";
import type { JobResult } from "./job-run.js";
import type { QueueStatus } from "./messaging.js";
import type { TargetStats } from "./target-group.js";

export type { QueueStatus } from "./messaging.js";
export type { FunctionStatus } from "./function-pool.js";

export interface GatewayStatus {
  readonly key: string;
  readonly internal: boolean;
  readonly url: string;
  readonly requests: number;
  readonly errors: number;
}

export interface ServiceStatus {
  readonly service: string;
  readonly loadBalancer: string | undefined;
  readonly targets: readonly TargetStats[];
  readonly processes: readonly {
    readonly replica: string;
    readonly pid: number | undefined;
    readonly port: number;
    readonly state: ProcessState;
    readonly restarts: number;
  }[];
}

/** A scheduled job: when it fires next, how its last run ended, whether one runs now. */
export interface JobStatus {
  readonly job: string;
  readonly expression: string;
  readonly timezone: string;
  readonly enabled: boolean;
  /** ISO time of the next fire; null when disabled or the schedule has ended. */
  readonly next: string | null;
  readonly running: number;
  readonly last: { readonly run: string; readonly result: JobResult; readonly at: string; readonly attempts: number; readonly durationMs: number } | null;
}

export type ProcessState = "starting" | "running" | "backoff" | "stopping" | "stopped";

export type DevEvent =
  /** A load balancer's gateway, an HTTP API's (`httpApi`, keyed `api-<key>`) or a static site's server (`site`, keyed `site-<key>`). */
  | { readonly type: "gateway"; readonly key: string; readonly internal: boolean; readonly url: string; readonly httpApi?: true; readonly site?: true }
  | {
      readonly type: "process";
      readonly service: string;
      readonly replica: string;
      readonly pid: number | undefined;
      readonly port: number;
      readonly state: ProcessState;
      readonly exitCode?: number | null;
      readonly signal?: string | null;
      readonly restartInMs?: number;
    }
  | {
      readonly type: "health";
      readonly service: string;
      readonly loadBalancer: string;
      readonly target: string;
      readonly address: string;
      readonly from: HealthStatus;
      readonly to: HealthStatus;
    }
  | { readonly type: "log"; readonly service: string; readonly replica: string; readonly stream: "stdout" | "stderr"; readonly line: string }
  | {
      readonly type: "status";
      readonly gateways: readonly GatewayStatus[];
      readonly services: readonly ServiceStatus[];
      readonly queues: readonly QueueStatus[];
      readonly jobs: readonly JobStatus[];
      /** Functions' warm processes and invocation counts (absent when the runtime has none to report). */
      readonly functions?: readonly FunctionStatus[];
    }
  /** The local SQS/SNS endpoint is up with these queues and topics (their AWS names). */
  | { readonly type: "messaging"; readonly url: string; readonly queues: readonly string[]; readonly topics: readonly string[] }
  /** A try of a job run began or ended. */
  | {
      readonly type: "job";
      readonly job: string;
      readonly run: string;
      readonly attempt: number;
      readonly state: "started" | JobResult;
      readonly reason: string;
      readonly exitCode?: number | null;
      readonly durationMs?: number;
    }
  | { readonly type: "warning"; readonly message: string }
  /** A local database is up; the URL never carries the password. */
  | { readonly type: "database"; readonly name: string; readonly engine: string; readonly url: string; readonly dataDir: string }
  | { readonly type: "ready" }
  /** The web console is up at this loopback URL. */
  | { readonly type: "console"; readonly url: string }
  | { readonly type: "restart"; readonly service: string; readonly reason: string }
  | { readonly type: "stopped" };

export class DevBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  emit(event: DevEvent): void {
    this.emitter.emit("event", event);
  }

  on(listener: (event: DevEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  /** The first event matching `pred`. */
  once<E extends DevEvent>(pred: (e: DevEvent) => e is E, signal?: AbortSignal): Promise<E>;
  once(pred: (e: DevEvent) => boolean, signal?: AbortSignal): Promise<DevEvent>;
  once(pred: (e: DevEvent) => boolean, signal?: AbortSignal): Promise<DevEvent> {
    return new Promise((resolve, reject) => {
      const off = this.on((e) => {
        if (!pred(e)) return;
        off();
        resolve(e);
      });
      signal?.addEventListener("abort", () => {
        off();
        reject(signal.reason);
      });
    });
  }
}
