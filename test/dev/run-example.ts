/** Starts one example environment under `berth dev` for e2e tests, with its events and a JSON caller for its public gateway. */
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.js";
import { DevBus, type DevEvent } from "../../src/dev/events.js";
import { startDev } from "../../src/dev/runtime.js";
import { resolveModel } from "../../src/model/resolve.js";
import { EXAMPLES_DIR } from "../support/examples.js";

export async function runExample(name: string, env: string, dataDir: string) {
  const dir = join(EXAMPLES_DIR, name);
  const bus = new DevBus();
  const events: DevEvent[] = [];
  bus.on((e) => void (e.type !== "status" && events.push(e)));
  const { config } = await loadConfig({ config: join(dir, "berth.config.ts") });
  const environment = resolveModel(config, { env }).environments[0]!;
  const runtime = await startDev(environment, { configDir: dir, port: 0, healthScale: 0.01, bus, dataDir });
  await runtime.ready;
  const base = runtime.gateways[0]!.url;
  /** One request through the public gateway; `json` is the parsed body, when there is one. */
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  return { runtime, events, call };
}
