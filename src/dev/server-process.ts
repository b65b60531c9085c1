/**
 * A local database server as a child process: spawned in a process group of its own (so a terminal's
 * Ctrl-C reaches only berth, which stops it after the services drained), ready once its log says so,
 * stopped with the server's own graceful-shutdown signal (SIGKILL only if it has not exited 15 s later),
 * then `cleanup` (what the server leaves behind when it is killed), and on the exit hook that kills any
 * group still alive when berth exits. `stopServers()` stops every live one the same way: a second Ctrl-C
 * exits berth at once, but never kills a database first.
 */
import { spawn } from "node:child_process";
import { trackGroup } from "./process.js";

export interface ServerSpec {
  /** For messages: `PostgreSQL`, `MariaDB`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Run as this user (PostgreSQL refuses root). */
  readonly ids?: { readonly uid: number; readonly gid: number };
  /** A line of the server's output that says it accepts connections. */
  readonly ready: string;
  /** The signal the server shuts down on cleanly. */
  readonly stopSignal: NodeJS.Signals;
  /** Named in the error when the server exits before it is ready. */
  readonly dataDir: string;
  readonly log: (line: string) => void;
  /** Removes what the server leaves behind when it did not shut down cleanly (its pid, given); after it exited. */
  readonly cleanup?: (pid: number) => void;
}

export interface ServerProcess {
  stop(): Promise<void>;
}

const live = new Set<ServerProcess>();

/** Stops every database server still running, each with its own shutdown signal; resolves once all have exited. */
export async function stopServers(): Promise<void> {
  await Promise.all([...live].map((s) => s.stop()));
}

export async function spawnServer(spec: ServerSpec): Promise<ServerProcess> {
  const child = spawn(spec.command, spec.args, {
    ...spec.ids,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  const untrack = child.pid !== undefined ? trackGroup(child.pid) : () => false;
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  void exited.then(untrack);
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim()) spec.log(line.trimEnd());
      if (chunk.includes(spec.ready)) resolve();
    };
    for (const stream of [child.stdout, child.stderr]) {
      stream.setEncoding("utf8");
      stream.on("data", read);
    }
    child.once("error", reject);
    void exited.then(() => reject(new Error(`${spec.name} exited before it accepted connections (data directory ${spec.dataDir}); its log is above`)));
  });
  let stopping: Promise<void> | undefined;
  const server: ServerProcess = {
    stop() {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill(spec.stopSignal);
          const killed = setTimeout(() => child.kill("SIGKILL"), 15_000);
          await exited;
          clearTimeout(killed);
        }
        live.delete(server);
        if (child.pid !== undefined) spec.cleanup?.(child.pid);
      })();
      return stopping;
    },
  };
  live.add(server);
  void exited.then(() => {
    if (!stopping) live.delete(server);
  });
  return server;
}
