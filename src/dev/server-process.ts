/**
 * A local database server as a child process: spawned in a process group of its own (so a terminal's
 * Ctrl-C reaches only berth, which stops it after the services drained), ready once its log says so,
 * stopped with the server's own graceful-shutdown signal, and on the exit hook that kills any group
 * still alive when berth exits.
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
}

export interface ServerProcess {
  stop(): Promise<void>;
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
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(spec.stopSignal);
      const killed = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killed);
    },
  };
}
