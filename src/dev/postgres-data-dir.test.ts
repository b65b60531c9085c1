import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { blockingFolder, clusterDataDir } from "./postgres-data-dir.js";

// A user that owns nothing here: only the "others" permission bits apply to it.
const OTHER = { uid: 54321, gid: 54321 };

describe("where the embedded PostgreSQL keeps its data", () => {
  it("finds the first folder another user cannot pass", () => {
    const closed = mkdtempSync(join(tmpdir(), "berth-closed-"));
    expect(statSync(closed).mode & 0o777).toBe(0o700);
    expect(blockingFolder(join(closed, ".berth", "dev", "main", "data"), OTHER)).toBe(closed);
    chmodSync(closed, 0o711);
    expect(blockingFolder(join(closed, ".berth", "dev", "main", "data"), OTHER)).toBeUndefined();
  });

  it("keeps it beside the config when berth's own user runs the server, or the server's user can reach it", () => {
    const open = mkdtempSync(join(tmpdir(), "berth-open-"));
    chmodSync(open, 0o755);
    const preferred = join(open, "main", "data");
    expect(clusterDataDir(preferred, undefined, () => {})).toBe(preferred);
    expect(clusterDataDir(preferred, OTHER, () => {})).toBe(preferred);
  });

  it("moves it to a per-project folder of the server's user under <tmp>/berth-<uid> when a folder above blocks it, the same one each run", () => {
    const closed = mkdtempSync(join(tmpdir(), "berth-closed-"));
    const base = mkdtempSync(join(tmpdir(), "berth-base-"));
    chmodSync(base, 0o755);
    const lines: string[] = [];
    const preferred = join(closed, "main", "data");
    const dataDir = clusterDataDir(preferred, OTHER, (l) => lines.push(l), base);
    const project = join(dataDir, "..");
    expect(project.startsWith(join(base, `berth-${process.getuid!()}`))).toBe(true);
    expect([statSync(project).uid, statSync(project).mode & 0o777, statSync(join(project, "..")).mode & 0o777]).toEqual([OTHER.uid, 0o700, 0o711]);
    expect(lines.join("\n")).toContain(`cannot pass ${closed}`);
    expect(clusterDataDir(preferred, OTHER, () => {}, base)).toBe(dataDir);
    expect(clusterDataDir(join(closed, "other", "data"), OTHER, () => {}, base)).not.toBe(dataDir);
  });

  it("is a user error, saying why and what to do, when neither place can be reached or the runtime folder is not berth's", () => {
    const closed = mkdtempSync(join(tmpdir(), "berth-closed-"));
    const closedBase = mkdtempSync(join(tmpdir(), "berth-base-"));
    const attempt = () => clusterDataDir(join(closed, "main", "data"), OTHER, () => {}, closedBase);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(/runs as the postgres user \(PostgreSQL refuses root\), which cannot reach/);
    const base = mkdtempSync(join(tmpdir(), "berth-base-"));
    chmodSync(base, 0o755);
    mkdirSync(join(base, "elsewhere"));
    symlinkSync(join(base, "elsewhere"), join(base, `berth-${process.getuid!()}`));
    expect(() => clusterDataDir(join(closed, "main", "data"), OTHER, () => {}, base)).toThrow(/is not a folder of this user/);
  });
});
