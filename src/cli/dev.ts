/** `berth dev`: runs one environment's topology on loopback until Ctrl-C (then drains and stops everything). */
import { dirname } from "node:path";
import { loadConfig } from "../config/load.js";
import { DevBus } from "../dev/events.js";
import { jsonView, terminalView } from "../dev/status-view.js";
import { startDev } from "../dev/runtime.js";
import { UsageError } from "../errors.js";
import { resolveModel } from "../model/resolve.js";

export interface DevCommandOptions {
  readonly config?: string;
  readonly env?: string;
  readonly port?: number;
  readonly watch?: boolean;
  readonly json?: boolean;
  readonly healthScale?: number;
}

export async function dev(opts: DevCommandOptions): Promise<void> {
  if (opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)) {
    throw new UsageError(`--port must be a port number from 0 to 65535`, "e.g. --port 3000, or --port 0 for any free port");
  }
  const loaded = await loadConfig({ config: opts.config });
  const model = resolveModel(loaded.config, { env: opts.env, file: loaded.display });
  if (model.environments.length !== 1) {
    const names = model.environments.map((e) => e.name);
    throw new UsageError(`${loaded.display} has ${names.length} environments (${names.join(", ")}); berth dev runs one`, `pass --env ${names[0]}`);
  }
  const env = model.environments[0]!;
  const write = (s: string) => process.stdout.write(s);
  const bus = new DevBus();
  const unsubscribe = opts.json ? jsonView(bus, write) : terminalView(bus, process.stdout);
  const runtime = await startDev(env, {
    configDir: dirname(loaded.path),
    port: opts.port,
    watch: opts.watch,
    healthScale: opts.healthScale,
    bus,
  });
  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = () => {
      if (++signals > 1) process.exit(130); // the exit hook still kills every process group
      void runtime.stop().then(resolve);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  unsubscribe();
}
