import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanAfterServer, cleanStaleServer } from "./postgres-leftovers.js";

/** A PID that no process has any more: a child that already exited. */
const deadPid = (): number => spawnSync(process.execPath, ["-e", ""]).pid!;

function leftovers(pid: number, lockPid = pid) {
  const dataDir = mkdtempSync(join(tmpdir(), "berth-pgdata-"));
  const socketDir = mkdtempSync(join(tmpdir(), "berth-pgsock-"));
  writeFileSync(join(dataDir, "postmaster.pid"), `${pid}\n${dataDir}\n1733380000\n54321\n${socketDir}\n127.0.0.1\n  1234  5678\nready   \n`);
  const socket = join(socketDir, ".s.PGSQL.54321");
  writeFileSync(socket, "");
  writeFileSync(`${socket}.lock`, `${lockPid}\n${dataDir}\n`);
  return { dataDir, socket, files: () => [existsSync(join(dataDir, "postmaster.pid")), existsSync(socket), existsSync(`${socket}.lock`)] };
}

describe("PostgreSQL leftovers", () => {
  it("removes a dead server's postmaster.pid, socket and lock before the next start", () => {
    const l = leftovers(deadPid());
    expect(cleanStaleServer(l.dataDir)).toHaveLength(3);
    expect(l.files()).toEqual([false, false, false]);
  });

  it("keeps a socket whose lock names another process, and everything of a server still running", () => {
    const other = leftovers(deadPid(), process.pid);
    cleanStaleServer(other.dataDir);
    expect(other.files()).toEqual([false, true, true]);
    const running = leftovers(process.pid);
    expect(cleanStaleServer(running.dataDir)).toEqual([]);
    expect(cleanAfterServer(running.dataDir, process.pid)).toEqual([]);
    expect(running.files()).toEqual([true, true, true]);
  });

  it("after a server exited without cleaning up, removes only what names its PID", () => {
    const pid = deadPid();
    const l = leftovers(pid);
    expect(cleanAfterServer(l.dataDir, pid + 1)).toEqual([]);
    expect(cleanAfterServer(l.dataDir, pid)).toHaveLength(3);
    expect(l.files()).toEqual([false, false, false]);
  });
});
