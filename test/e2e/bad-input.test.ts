/** Runs every row of `bad-input.cases.ts` through the real `berth` command. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { CASES } from "./bad-input.cases.js";

const BIN = join(import.meta.dirname, "..", "..", "bin", "berth.js");

/** The first problem berth reports: the line after a "N config errors" header, else the first line, without "error: ". */
function firstProblem(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l.trim() !== "");
  const first = /config errors?$/.test(lines[0] ?? "") ? lines[1] : lines[0];
  return (first ?? "").trim().replace(/^error: /, "");
}

describe("bad input: exit code, first problem, location", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const dir = mkdtempSync(join(tmpdir(), "berth-bad-"));
      chmodSync(dir, 0o755);
      for (const [name, text] of Object.entries(c.files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const args = c.args ?? ["validate", "--config", Object.keys(c.files)[0] as string];
      const asUser = c.uid !== undefined && process.getuid?.() === 0 ? { uid: c.uid, gid: c.uid } : {};
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, ...c.env }, timeout: 20_000, ...asUser });
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
