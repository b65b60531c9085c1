/**
 * Starts one example under `berth dev` for e2e tests (health checks scaled down, gateways on free ports) and
 * waits until it is ready: its runtime, its events, its gateways' URLs, and a JSON caller for the first one.
 */
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import type { BerthConfig } from "../../src/config/schema/app.js";
import { DevBus, type DevEvent } from "../../src/dev/events.js";
import { type DevOptions, startDev } from "../../src/dev/runtime.js";
import { resolveModel } from "../../src/model/resolve.js";
import { EXAMPLES_DIR } from "../support/examples.js";

export interface ExampleRun {
  /** The environment to run; default the config's first. */
  readonly env?: string;
  /** Test-only changes to the config (replicas, …). */
  readonly edit?: (config: BerthConfig) => BerthConfig;
  readonly dev?: Partial<DevOptions>;
}

export async function runExample(name: string, opts: ExampleRun = {}) {
  const dir = join(EXAMPLES_DIR, name);
  const bus = new DevBus();
  const events: DevEvent[] = [];
  bus.on((e) => void (e.type !== "status" && events.push(e)));
  const { config } = await loadConfig({ config: join(dir, "berth.config.ts") });
  const edited = (opts.edit ?? ((c) => c))(config);
  const environment = resolveModel(edited, opts.env === undefined ? {} : { env: opts.env }).environments[0]!;
  const runtime = await startDev(environment, { configDir: dir, port: 0, healthScale: 0.01, bus, ...opts.dev });
  await runtime.ready;
  const url = (key: string) => runtime.gateways.find((g) => g.key === key)!.url;
  const base = runtime.gateways[0]!.url;
  /** One request through the first gateway; `json` is the parsed body, when there is one. */
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  return { runtime, events, url, call };
}
