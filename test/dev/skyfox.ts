/** The SkyFox example as the dev runtime sees it, with test-only overrides (replicas, timings). */
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import type { BerthConfig } from "../../src/config/schema/app.js";
import { DevBus, type DevEvent } from "../../src/dev/events.js";
import { type DevOptions, type DevRuntime, startDev } from "../../src/dev/runtime.js";
import { resolveModel } from "../../src/model/resolve.js";
import { EXAMPLES_DIR } from "../support/examples.js";

export const SKYFOX_DIR = join(EXAMPLES_DIR, "skyfox");

export async function startSkyfox(
  edit: (config: BerthConfig) => BerthConfig = (c) => c,
  opts: Partial<DevOptions> = {},
): Promise<{ runtime: DevRuntime; events: DevEvent[]; url: (key: string) => string }> {
  const { config } = await loadConfig({ config: join(SKYFOX_DIR, "berth.config.ts") });
  const env = resolveModel(edit(config)).environments[0]!;
  const bus = new DevBus();
  const events: DevEvent[] = [];
  bus.on((e) => void (e.type !== "status" && events.push(e)));
  const runtime = await startDev(env, { configDir: SKYFOX_DIR, port: 0, healthScale: 0.01, bus, statusIntervalMs: 200, ...opts });
  await runtime.ready;
  const url = (key: string) => runtime.gateways.find((g) => g.key === key)!.url;
  return { runtime, events, url };
}

/** The config with `replicas` set on one service. */
export const withReplicas = (service: string, replicas: number) => (c: BerthConfig): BerthConfig => ({
  ...c,
  services: { ...c.services, [service]: { ...c.services[service]!, local: { ...c.services[service]!.local!, replicas } } },
});
