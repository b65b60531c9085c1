/**
 * The running `berth dev` session, as other commands on this machine find it: its console URL and the
 * per-run token that lets a request act (`berth dev run <job>`), in `<configDir>/.berth/dev/<env>/session.json`,
 * readable by its owner only, written when the console is up and removed when berth dev stops. A file left
 * by a session that died (its process is gone) counts as none.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface DevSession {
  readonly pid: number;
  readonly env: string;
  readonly consoleUrl: string;
  readonly token: string;
}

export const sessionFile = (configDir: string, env: string): string => join(configDir, ".berth", "dev", env, "session.json");

/** Writes the session file; returns the call that removes it (only while it is still this session's). */
export function writeSession(configDir: string, session: DevSession): () => void {
  const file = sessionFile(configDir, session.env);
  mkdirSync(join(file, ".."), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
  return () => {
    if (readSession(configDir, session.env)?.pid === session.pid) rmSync(file, { force: true });
  };
}

/** The live session of the environment, or undefined (no file, an unreadable one, or its process is gone). */
export function readSession(configDir: string, env: string): DevSession | undefined {
  let session: DevSession;
  try {
    session = JSON.parse(readFileSync(sessionFile(configDir, env), "utf8")) as DevSession;
  } catch {
    return undefined;
  }
  if (typeof session.pid !== "number" || typeof session.consoleUrl !== "string" || typeof session.token !== "string") return undefined;
  try {
    process.kill(session.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ESRCH") return undefined;
  }
  return session;
}
