/** The SkyFox example as the dev runtime sees it, with test-only overrides (replicas, timings). */
import { join } from "node:path";
import type { BerthConfig } from "../../src/config/schema/app.js";
import type { DevOptions } from "../../src/dev/runtime.js";
import { EXAMPLES_DIR } from "../support/examples.js";
import { runExample } from "./run-example.js";

export const SKYFOX_DIR = join(EXAMPLES_DIR, "skyfox");

export const startSkyfox = (edit?: (config: BerthConfig) => BerthConfig, opts: Partial<DevOptions> = {}) =>
  runExample("skyfox", { edit, dev: { statusIntervalMs: 200, ...opts } });

/** The config with `replicas` set on one service. */
export const withReplicas =
  (service: string, replicas: number) =>
  (c: BerthConfig): BerthConfig => ({
    ...c,
    services: { ...c.services, [service]: { ...c.services[service]!, local: { ...c.services[service]!.local!, replicas } } },
  });
