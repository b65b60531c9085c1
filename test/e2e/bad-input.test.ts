/** Runs every row of `bad-input.cases.ts` through the real `berth` command. */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CASES } from "./bad-input.cases.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "berth.js");

/** Runs berth without blocking the test worker (a blocked worker misses vitest's heartbeats on a busy machine). */
function run(
  args: readonly string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv; uid?: number },
): Promise<{ status: number | null; signal: string | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ["ignore", "pipe", "pipe"],
      ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr, stdout });
    });
  });
}

/** The first problem berth reports: the line after a "N config errors" header, else the first line, without "error: ". */
function firstProblem(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l.trim() !== "");
  const first = /config errors?$/.test(lines[0] ?? "") ? lines[1] : lines[0];
  return (first ?? "").trim().replace(/^error: /, "");
}

describe("bad input: exit code, first problem, location", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), "berth-bad-"));
      chmodSync(dir, 0o755);
      for (const [name, text] of Object.entries(c.files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const args = c.args ?? ["validate", "--config", Object.keys(c.files)[0] as string];
      const uid = c.uid !== undefined && process.getuid?.() === 0 ? c.uid : undefined;
      const r = await run(args, { cwd: dir, env: { ...process.env, ...c.env }, uid });
      expect(r.signal, "berth must not hang").toBeNull();
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.status, r.stderr).toBe(c.code);
      const first = firstProblem(r.stderr);
      const rest = c.location
        ? (expect(first.startsWith(`${c.location}: `) || first === c.location, r.stderr).toBe(true), first.slice(c.location.length + 2))
        : first;
      expect(rest).toMatch(c.first);
      if (c.count !== undefined) expect(r.stderr).toMatch(new RegExp(`^error: [^\\n]*: ${c.count} config errors?\\n`));
      if (c.alsoSays) expect(r.stderr).toMatch(c.alsoSays);
      if (c.neverSays) expect(r.stderr + r.stdout).not.toMatch(c.neverSays);
    });
  }
});
