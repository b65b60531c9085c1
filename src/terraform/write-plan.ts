/**
 * What a synth must change in the output folder, decided before anything there changes: files to create
 * or replace (content differs), berth's files to remove (no longer rendered, or in a stack that left the
 * config), how many are unchanged, and the user's files that stand where berth wants to write
 * (conflicts). Each stack is decided on its own (`planStackWrite`, staging its new or changed texts at
 * once, so no more than one stack's text is held in memory per thread), then merged (`planWrite`). See
 * `generated.ts` for how berth's files are told apart.
 */
import { type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { hasBerthHeader, isReplaceable, RUNNER_FILES } from "./generated.js";
import { isBerthPackage } from "./package.js";

/** Stack path (`<env>/<region>/<stack>`) and its files: name → text, or bytes for a package. */
export type DesiredStack = readonly [path: string, files: ReadonlyMap<string, string | Uint8Array>];

/** Writes one new or changed file into the staging folder. */
export type Stage = (rel: string, content: string | Uint8Array) => void;

export interface WritePlan {
  /** Files to write (already staged), by path relative to the output folder: new or with changed content. */
  readonly writes: ReadonlySet<string>;
  /** The subset of `writes` that replaces an existing file of berth's. */
  readonly replaces: ReadonlySet<string>;
  /** Stack folders that do not exist yet (their files are in `writes`): moved into place whole. */
  readonly newStacks: ReadonlySet<string>;
  /** Berth's files to remove, relative to the output folder. */
  readonly deletes: readonly string[];
  /** Folders of stacks that left the config (and their region folders), removed if empty afterwards, deepest first. */
  readonly staleDirs: readonly string[];
  readonly unchanged: number;
  /** User files (or folders) at paths berth must write, relative to the output folder. */
  readonly conflicts: readonly string[];
}

/** What writing one stack's files changes; paths relative to the output folder. */
export interface StackWrite {
  readonly path: string;
  /** Files berth wants in the stack (rendered and copied). */
  readonly files: number;
  readonly writes: readonly string[];
  readonly replaces: readonly string[];
  /** The stack folder does not exist yet. */
  readonly newStack: boolean;
  readonly deletes: readonly string[];
  readonly unchanged: number;
  readonly conflicts: readonly string[];
}

/**
 * Folders (relative to the output folder) known not to exist, so a first synth of 600 stacks asks the
 * disk once per region folder instead of failing a listing per stack. One per thread and write.
 */
export type AbsentFolders = Map<string, boolean>;

/**
 * Decides one stack's changes, staging each new or changed text at once. Reads only that stack's folder,
 * so stacks can be planned in any order or on several threads and merged with `planWrite`.
 */
export function planStackWrite(out: string, [path, files]: DesiredStack, stage: Stage, absent: AbsentFolders = new Map()): StackWrite {
  const writes: string[] = [];
  const replaces: string[] = [];
  const deletes: string[] = [];
  const conflicts: string[] = [];
  let unchanged = 0;
  const write = (rel: string, text: string | Uint8Array) => {
    stage(rel, text);
    writes.push(rel);
  };
  const entries = isAbsent(out, path.slice(0, path.lastIndexOf("/")), absent) ? undefined : list(out, path, conflicts);
  if (entries === undefined) {
    for (const [name, text] of files) write(`${path}/${name}`, text);
    return { path, files: files.size, writes, replaces, newStack: true, deletes, unchanged, conflicts };
  }
  for (const [name, text] of files) {
    const rel = `${path}/${name}`;
    const entry = entries.get(name);
    if (entry === undefined) write(rel, text);
    else if (!entry.isFile()) conflicts.push(rel);
    else if (typeof text !== "string") {
      const existing = readFileSync(join(out, rel));
      if (existing.equals(text)) unchanged++;
      else if (isBerthPackage(existing)) {
        write(rel, text);
        replaces.push(rel);
      } else conflicts.push(rel);
    } else {
      const existing = readFileSync(join(out, rel), "utf8");
      if (existing === text) unchanged++;
      else if (isReplaceable(existing, text)) {
        write(rel, text);
        replaces.push(rel);
      } else conflicts.push(rel);
    }
  }
  for (const [name, entry] of entries) {
    if (!files.has(name) && isBerthTf(out, `${path}/${name}`, entry)) deletes.push(`${path}/${name}`);
  }
  return { path, files: files.size, writes, replaces, newStack: false, deletes, unchanged, conflicts };
}

/** The whole write from every stack's decisions (in the stacks' order), plus the stacks that left the config. */
export function planWrite(out: string, stacks: readonly StackWrite[]): WritePlan {
  const paths = new Set<string>();
  const writes = new Set<string>();
  const replaces = new Set<string>();
  const newStacks = new Set<string>();
  const deletes: string[] = [];
  const staleDirs: string[] = [];
  const conflicts: string[] = [];
  let unchanged = 0;
  for (const s of stacks) {
    paths.add(s.path);
    if (s.newStack && s.conflicts.length === 0) newStacks.add(s.path);
    for (const rel of s.writes) writes.add(rel);
    for (const rel of s.replaces) replaces.add(rel);
    deletes.push(...s.deletes);
    conflicts.push(...s.conflicts);
    unchanged += s.unchanged;
  }

  for (const path of existingStacks(out, paths, conflicts)) {
    if (paths.has(path)) continue;
    const entries = list(out, path, conflicts) ?? new Map<string, Dirent>();
    const berthTf = [...entries].filter(([name, e]) => isBerthTf(out, `${path}/${name}`, e)).map(([name]) => name);
    if (berthTf.length === 0) continue;
    const runner = RUNNER_FILES.filter((name) => entries.get(name)?.isFile());
    for (const name of [...berthTf, ...runner].sort()) deletes.push(`${path}/${name}`);
    staleDirs.push(path);
  }
  const staleRegions = [...new Set(staleDirs.map((p) => p.slice(0, p.lastIndexOf("/"))))];
  return { writes, replaces, newStacks, deletes, staleDirs: [...staleDirs, ...staleRegions], unchanged, conflicts: [...new Set(conflicts)].sort() };
}

/** A `.tf` file with berth's header, or a zip with berth's comment: berth's to remove when no longer rendered. */
function isBerthTf(out: string, rel: string, entry: Dirent): boolean {
  if (!entry.isFile()) return false;
  if (entry.name.endsWith(".zip")) return isBerthPackage(readFileSync(join(out, rel)));
  return entry.name.endsWith(".tf") && hasBerthHeader(readFileSync(join(out, rel), "utf8"));
}

/** Whether the folder `rel` below `out` does not exist (asked once per folder); a file in its way is not "absent". */
function isAbsent(out: string, rel: string, absent: AbsentFolders): boolean {
  if (rel === "") return false;
  let known = absent.get(rel);
  if (known === undefined) {
    try {
      known = statSync(join(out, rel), { throwIfNoEntry: false }) === undefined;
    } catch {
      known = false; // e.g. a file in the way: the stack's own listing reports it
    }
    absent.set(rel, known);
  }
  return known;
}

/** The entries of a folder below `out`, or undefined when it does not exist; a file in its place is a conflict. */
function list(out: string, rel: string, conflicts: string[]): Map<string, Dirent> | undefined {
  try {
    return new Map(readdirSync(join(out, rel), { withFileTypes: true }).map((e) => [e.name, e]));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") {
      conflicts.push(firstFile(out, rel));
      return undefined;
    }
    throw e;
  }
}

/** The path component of `rel` that is a file where berth needs a folder. */
function firstFile(out: string, rel: string): string {
  const parts = rel.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const p = parts.slice(0, i).join("/");
    try {
      readdirSync(join(out, p));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOTDIR") return p;
    }
  }
  return rel;
}

/** Stack folders (`<env>/<region>/<stack>`) present in the environments being written. */
function existingStacks(out: string, paths: ReadonlySet<string>, conflicts: string[]): string[] {
  const envs = [...new Set([...paths].map((p) => p.split("/")[0]!))].sort();
  const found: string[] = [];
  for (const env of envs) {
    for (const [region, r] of list(out, env, conflicts) ?? []) {
      if (!r.isDirectory()) continue;
      for (const [stack, s] of list(out, `${env}/${region}`, conflicts) ?? []) {
        if (s.isDirectory()) found.push(`${env}/${region}/${stack}`);
      }
    }
  }
  return found.sort();
}
