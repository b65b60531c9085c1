import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { readSession, sessionFile, writeSession } from "./dev-session.js";

const dir = mkdtempSync(`${tmpdir()}/berth-session-`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the berth dev session file", () => {
  it("is written for its owner only, read back while berth dev runs, and removed when it stops", () => {
    const session = { pid: process.pid, env: "dev", consoleUrl: "http://127.0.0.1:4000/", token: "t0k" };
    const remove = writeSession(dir, session);
    expect(statSync(sessionFile(dir, "dev")).mode & 0o777).toBe(0o600);
    expect(readSession(dir, "dev")).toEqual(session);
    expect(readSession(dir, "prod")).toBeUndefined();
    remove();
    expect(readSession(dir, "dev")).toBeUndefined();
  });

  it("counts a file left by a session whose process is gone, or a damaged one, as none", () => {
    writeSession(dir, { pid: 2 ** 22 + 12345, env: "gone", consoleUrl: "http://127.0.0.1:4000/", token: "t" });
    expect(readSession(dir, "gone")).toBeUndefined();
    writeSession(dir, { pid: process.pid, env: "bad", consoleUrl: "http://127.0.0.1:4000/", token: "t" });
    writeFileSync(sessionFile(dir, "bad"), "{ not json");
    expect(readSession(dir, "bad")).toBeUndefined();
  });

  it("leaves a newer session's file alone when an older one stops", () => {
    const removeOld = writeSession(dir, { pid: 2 ** 22 + 12346, env: "x", consoleUrl: "http://127.0.0.1:1/", token: "old" });
    writeSession(dir, { pid: process.pid, env: "x", consoleUrl: "http://127.0.0.1:2/", token: "new" });
    removeOld();
    expect(readSession(dir, "x")?.token).toBe("new");
  });
});
