/**
 * Writes pipeline files under an output folder: all or nothing, and never over a file berth did not
 * write (one without berth's pipeline header). Unchanged files are left alone.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import { hasPipelineHeader } from "./header.js";
import type { PipelineFile } from "./types.js";

export interface PipelineWrite {
  readonly path: string;
  readonly state: "created" | "updated" | "unchanged";
}

export function writePipelineFiles(out: string, files: readonly PipelineFile[]): PipelineWrite[] {
  const plan = files.map((f) => {
    const target = join(out, f.path);
    if (!existsSync(target)) return { file: f, target, state: "created" as const };
    const existing = readFileSync(target, "utf8");
    if (existing === f.text) return { file: f, target, state: "unchanged" as const };
    if (!hasPipelineHeader(existing)) return { file: f, target, state: "foreign" as const };
    return { file: f, target, state: "updated" as const };
  });
  const foreign = plan.filter((p) => p.state === "foreign");
  if (foreign.length > 0) {
    throw new UsageError(
      `${foreign.map((p) => p.target).join(", ")} ${foreign.length === 1 ? "exists and was not" : "exist and were not"} written by berth; nothing was written`,
      "move the file away (or merge it by hand), or give another folder with --out",
    );
  }
  for (const p of plan) {
    if (p.state === "unchanged") continue;
    mkdirSync(dirname(p.target), { recursive: true });
    const tmp = `${p.target}.berth-tmp-${process.pid}`;
    writeFileSync(tmp, p.file.text);
    renameSync(tmp, p.target);
  }
  return plan.map((p) => ({ path: p.file.path, state: p.state as PipelineWrite["state"] }));
}
