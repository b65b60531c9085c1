/**
 * Checks and creates the output directory before anything is written, so a problem of the machine
 * (`--out` at a file or under one, a folder berth may not write, a path the system refuses) is a user
 * error naming the path and the reason. Folders are created one level at a time: Node's recursive
 * `mkdir` never returns for a path under `/proc`.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { MACHINE_REASONS, UsageError } from "../errors.js";

const REASONS: Readonly<Record<string, string>> = {
  ...MACHINE_REASONS,
  ENOENT: "the system does not allow creating it there",
  ENAMETOOLONG: "the path is too long",
};

/** The absolute output directory, created if missing and proven writable. */
export function prepareOutDir(outDir: string, flag = "--out"): string {
  const out = resolve(outDir);
  const missing: string[] = [];
  for (let p = out; ; p = dirname(p)) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === "ENOENT" || code === "ENOTDIR") && dirname(p) !== p) {
        missing.unshift(p);
        continue;
      }
      throw cannot(outDir, flag, p, e);
    }
    if (!isDir)
      throw new UsageError(
        p === out ? `${flag} ${outDir} is a file, not a directory` : `${flag} ${outDir} is under ${p}, which is a file`,
        `choose a directory for ${flag} (berth creates it when it is missing)`,
      );
    break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw cannot(outDir, flag, dir, e);
    }
  }
  const probe = join(out, `.berth-probe-${process.pid}`);
  try {
    writeFileSync(probe, "");
    rmSync(probe, { force: true });
  } catch (e) {
    throw cannot(outDir, flag, out, e);
  }
  return out;
}

function cannot(outDir: string, flag: string, path: string, e: unknown): UsageError {
  const code = (e as NodeJS.ErrnoException).code ?? "";
  const reason = REASONS[code] ?? (e instanceof Error ? e.message : String(e));
  return new UsageError(`cannot write ${flag} ${outDir}: ${path}: ${reason}`, `choose a directory you can write for ${flag}`);
}
