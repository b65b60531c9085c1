/** `berth dev`: runs one environment's topology on loopback until Ctrl-C (then drains and stops everything). */
import { dirname } from "node:path";
import { DevBus } from "../dev/events.js";
import { jsonView, terminalView } from "../dev/status-view.js";
import { type DevConsole, startConsole } from "../dev/console.js";
import { writeSession } from "../dev/dev-session.js";
import { stopServers } from "../dev/server-process.js";
import { startDev } from "../dev/runtime.js";
import { localEnvironment } from "../dev/plan.js";
import { renderDiagram } from "../insight/diagram/render.js";
import { UsageError } from "../errors.js";
import { compileForLongRun } from "./compiler-tuning.js";
import { loadModel } from "./context.js";

export interface DevCommandOptions {
  readonly config?: string;
  readonly env?: string;
  readonly port?: number;
  readonly watch?: boolean;
  readonly json?: boolean;
  readonly healthScale?: number;
  /** `false` with --no-console. */
  readonly console?: boolean;
  readonly consolePort?: number;
}

export async function dev(opts: DevCommandOptions): Promise<void> {
  compileForLongRun();
  for (const [flag, port] of [
    ["--port", opts.port],
    ["--console-port", opts.consolePort],
  ] as const) {
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
      throw new UsageError(`${flag} must be a port number from 0 to 65535`, `e.g. ${flag} 3000, or ${flag} 0 for any free port`);
    }
  }
  const { model, loaded } = await loadModel(opts);
  const env = localEnvironment(model.environments);
  const others = model.environments.filter((e) => e !== env).map((e) => e.name);
  const write = (s: string) => process.stdout.write(s);
  const bus = new DevBus();
  const unsubscribe = opts.json ? jsonView(bus, write) : terminalView(bus, process.stdout);
  if (others.length > 0)
    bus.emit({ type: "warning", message: `running environment "${env.name}" (tier ${env.tier}) of ${loaded.display}; pass --env ${others[0]} for another` });
  const runtime = await startDev(env, {
    configDir: dirname(loaded.path),
    port: opts.port,
    watch: opts.watch,
    healthScale: opts.healthScale,
    bus,
  });
  let web: DevConsole | undefined;
  try {
    web =
      opts.console === false
        ? undefined
        : await startConsole({
            runtime,
            port: opts.consolePort,
            title: `${env.prefix} (${env.name}, local)`,
            diagramSvg: (await renderDiagram(env, "svg")) as string,
          });
  } catch (e) {
    await runtime.stop();
    throw e;
  }
  // `berth dev run <job>` finds this session (console URL and token) through this file.
  const removeSession = web ? writeSession(dirname(loaded.path), { pid: process.pid, env: env.name, consoleUrl: web.url, token: web.token }) : undefined;
  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = () => {
      // A second Ctrl-C: exit now, but stop the databases with their own fast shutdown first (never
      // SIGKILL first: PostgreSQL would run crash recovery next time); a third exits at once. The
      // exit hook kills every process group still alive (the services).
      if (++signals === 2) void stopServers().finally(() => process.exit(130));
      if (signals > 1) {
        if (signals > 2) process.exit(130);
        return;
      }
      removeSession?.();
      void runtime
        .stop()
        .then(() => web?.close())
        .then(resolve);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
  unsubscribe();
}
