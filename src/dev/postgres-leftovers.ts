/**
 * What an embedded PostgreSQL leaves behind when it did not shut down cleanly (killed, or berth killed):
 * `postmaster.pid` in the data directory, and the unix socket `<dir>/.s.PGSQL.<port>` with its `.lock`.
 * A clean (fast) shutdown removes them itself. berth removes them only when they are provably its
 * server's: the lock names the server's PID, and that process is gone.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

/** The first lines of `postmaster.pid`: PID, data directory, start time, port, socket directory. */
interface PostmasterPid {
  readonly pid: number;
  readonly port: number;
  readonly socketDir: string;
}

function readPostmasterPid(dataDir: string): PostmasterPid | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
  return { pid, port, socketDir: (lines[4] ?? "").split(",")[0]!.trim() };
}

/** Whether a process with this PID exists (EPERM: it does, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes `<dir>/.s.PGSQL.<port>` and its `.lock` when the lock names `pid` (they are that server's). */
export function removeSocket(socketDir: string, port: number, pid: number): string[] {
  if (!socketDir) return [];
  const socket = join(socketDir, `.s.PGSQL.${port}`);
  const lock = `${socket}.lock`;
  let owner: number;
  try {
    owner = Number(readFileSync(lock, "utf8").split("\n")[0]);
  } catch {
    return [];
  }
  if (owner !== pid) return [];
  const removed = [socket, lock].filter((f) => existsSync(f));
  for (const f of removed) rmSync(f, { force: true });
  return removed;
}

/**
 * Before a start: a `postmaster.pid` whose process is gone is a crash's leftover; its socket and lock
 * (when they name that process) and the file itself are removed, so the new server starts without
 * tripping over them. Returns what was removed, for the log.
 */
export function cleanStaleServer(dataDir: string): string[] {
  const stale = readPostmasterPid(dataDir);
  if (!stale || processAlive(stale.pid)) return [];
  const removed = removeSocket(stale.socketDir, stale.port, stale.pid);
  const pidFile = join(dataDir, "postmaster.pid");
  rmSync(pidFile, { force: true });
  return [...removed, pidFile];
}

/** After the server exited: its socket and lock, if it could not remove them itself, and its `postmaster.pid`. */
export function cleanAfterServer(dataDir: string, pid: number): string[] {
  const own = readPostmasterPid(dataDir);
  if (own && own.pid === pid && !processAlive(pid)) return cleanStaleServer(dataDir);
  return [];
}
