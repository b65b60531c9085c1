/**
 * Applies a `WritePlan` so that each environment changes all at once or not at all:
 * 1. Every new or changed file is first written to a staging folder `<out>/.berth-tmp-<pid>/`
 *    (`createStaging`; a failure here leaves the output untouched).
 * 2. Per environment, a journal `<out>/.berth-old-<pid>/journal-<env>.json` lists the moves; then the
 *    files berth replaces or removes are moved to `<out>/.berth-old-<pid>/`, staged files (and whole new
 *    stack folders, or the whole environment folder when the output has none) are renamed into place,
 *    and emptied folders of stale stacks are removed.
 * 3. Deleting the journal is the environment's commit point. A failure before it moves the previous
 *    files back at once; a process killed outright leaves the journal, and the next write to that output
 *    (`recoverLeftovers`) moves them back first. Both folders are removed at the end.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Stage, WritePlan } from "./write-plan.js";

const TMP_PREFIX = ".berth-tmp-";
const OLD_PREFIX = ".berth-old-";

type Op = { readonly kind: "create" | "replace" | "delete"; readonly rel: string };

interface Journal {
  readonly env: string;
  readonly ops: readonly Op[];
  /** Folders this commit created, outermost first. */
  readonly mkdirs: readonly string[];
}

/** The staging folder of this process: `stage(rel, text)` writes a file there, `discard()` removes it all. */
export function createStaging(out: string): { readonly dir: string; stage: Stage; discard(): void } {
  const dir = stagingDir(out);
  rmSync(dir, { recursive: true, force: true });
  return { dir, stage: stager(dir), discard: () => rmSync(dir, { recursive: true, force: true }) };
}

/** This process's staging folder in `out` (threads of one process share it). */
export const stagingDir = (out: string): string => join(out, `${TMP_PREFIX}${process.pid}`);

/** Writes files below the staging folder `dir`, creating each parent folder once. */
export function stager(dir: string): Stage {
  const made = new Set<string>();
  return (rel, text) => {
    const parent = dirname(rel);
    if (!made.has(parent)) {
      mkdirSync(join(dir, parent), { recursive: true });
      made.add(parent);
    }
    writeFileSync(join(dir, rel), text);
  };
}

/** Moves the staged files of `plan` from `tmp` into place, environment by environment; removes `tmp`. */
export function commitWrite(out: string, tmp: string, plan: WritePlan): void {
  const old = join(out, `${OLD_PREFIX}${process.pid}`);
  rmSync(old, { recursive: true, force: true });
  try {
    for (const env of envsOf(plan))
      commitEnv(
        out,
        tmp,
        old,
        journalOf(out, env, plan),
        plan.staleDirs.filter((d) => envOf(d) === env),
      );
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    // Rolled back: the backups are spent. A journal still there means the roll-back failed too; its
    // backups stay for `recoverLeftovers` on the next write.
    if (!existsSync(old) || !readdirSync(old).some(isJournal)) rmSync(old, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const envOf = (rel: string): string => rel.slice(0, rel.indexOf("/"));

function envsOf(plan: WritePlan): string[] {
  return [...new Set([...plan.writes, ...plan.deletes].map(envOf))].sort();
}

/**
 * The moves of one environment: the whole staged environment folder when the output has none yet (a first
 * synth: one rename instead of one per stack), else whole new stack folders, then files created, replaced
 * and removed.
 */
function journalOf(out: string, env: string, plan: WritePlan): Journal {
  if (!existsSync(join(out, env))) return { env, ops: [{ kind: "create", rel: env }], mkdirs: [] };
  const ops: Op[] = [];
  for (const path of [...plan.newStacks].filter((p) => envOf(p) === env).sort()) ops.push({ kind: "create", rel: path });
  for (const rel of [...plan.writes].filter((r) => envOf(r) === env && !plan.newStacks.has(dirname(r))).sort()) {
    ops.push({ kind: plan.replaces.has(rel) ? "replace" : "create", rel });
  }
  for (const rel of plan.deletes.filter((r) => envOf(r) === env)) ops.push({ kind: "delete", rel });
  const mkdirs = new Set<string>();
  for (const op of ops) {
    if (op.kind === "delete") continue;
    for (let dir = dirname(op.rel); dir !== "." && !mkdirs.has(dir) && !existsSync(join(out, dir)); dir = dirname(dir)) mkdirs.add(dir);
  }
  return { env, ops, mkdirs: [...mkdirs].sort((a, b) => a.length - b.length) };
}

function commitEnv(out: string, tmp: string, old: string, journal: Journal, staleDirs: readonly string[]): void {
  const file = join(old, `journal-${journal.env}.json`);
  mkdirSync(old, { recursive: true });
  writeFileSync(file, JSON.stringify(journal));
  try {
    for (const dir of journal.mkdirs) mkdirSync(join(out, dir));
    for (const op of journal.ops) apply(out, tmp, old, op);
    for (const dir of [...staleDirs].sort((a, b) => b.length - a.length)) removeIfEmpty(join(out, dir));
  } catch (e) {
    rollBack(out, old, journal);
    unlinkSync(file);
    throw e;
  }
  unlinkSync(file);
}

function apply(out: string, tmp: string, old: string, op: Op): void {
  if (op.kind === "replace" || op.kind === "delete") {
    mkdirSync(dirname(join(old, op.rel)), { recursive: true });
    renameSync(join(out, op.rel), join(old, op.rel));
  }
  if (op.kind !== "delete") renameSync(join(tmp, op.rel), join(out, op.rel));
}

/** Puts the environment back as it was before `journal`'s moves, whichever of them happened. */
function rollBack(out: string, old: string, journal: Journal): void {
  for (const op of [...journal.ops].reverse()) {
    const saved = join(old, op.rel);
    if (op.kind === "create") rmSync(join(out, op.rel), { recursive: true, force: true });
    else if (existsSync(saved)) {
      mkdirSync(dirname(join(out, op.rel)), { recursive: true });
      renameSync(saved, join(out, op.rel));
    }
  }
  for (const dir of [...journal.mkdirs].reverse()) removeIfEmpty(join(out, dir));
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST" && code !== "ENOENT" && code !== "ENOTDIR") throw e;
  }
}

/**
 * Cleans what an interrupted write left in `out`: staging folders are removed; a backup folder with a
 * journal has its environment rolled back first. Folders of a berth process still running are left
 * alone. Returns one line per environment restored.
 */
export function recoverLeftovers(out: string): string[] {
  const notes: string[] = [];
  let names: string[];
  try {
    names = readdirSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return notes;
    throw e;
  }
  for (const name of names.sort()) {
    const isTmp = name.startsWith(TMP_PREFIX);
    if (!isTmp && !name.startsWith(OLD_PREFIX)) continue;
    const [pid, legacyEnv] = splitLeftover(name.slice((isTmp ? TMP_PREFIX : OLD_PREFIX).length));
    if (pid !== process.pid && isAlive(pid)) continue;
    const dir = join(out, name);
    if (!isTmp && legacyEnv !== undefined) {
      // Written by a berth that swapped whole environment folders: put the folder back if it is missing.
      if (!existsSync(join(out, legacyEnv))) {
        renameSync(dir, join(out, legacyEnv));
        notes.push(`restored ${legacyEnv}/ from an interrupted synth`);
        continue;
      }
    } else if (!isTmp) {
      for (const j of readdirSync(dir).filter(isJournal)) {
        const journal = JSON.parse(readFileSync(join(dir, j), "utf8")) as Journal;
        rollBack(out, dir, journal);
        notes.push(`restored the previous files of ${journal.env}/ from an interrupted synth`);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return notes;
}

const isJournal = (name: string): boolean => /^journal-.+\.json$/.test(name);

/** `<pid>` or, from older berth versions, `<pid>-<env>`. */
function splitLeftover(rest: string): [number, string | undefined] {
  const m = /^(\d+)(?:-(.+))?$/.exec(rest);
  return m ? [Number(m[1]), m[2]] : [Number.NaN, undefined];
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
