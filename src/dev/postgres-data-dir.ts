/**
 * Where an embedded PostgreSQL cluster lives. Beside the config (`.berth/dev/<env>/<db>/data`) when the
 * server's user can reach it: always when berth runs as that user; as root, PostgreSQL runs as `postgres`
 * (it refuses root), which needs search (x) permission on every folder above the data directory — a
 * project under `/root` (mode 700) or in a `mktemp -d` folder has none. Then the cluster goes to a
 * per-project folder under a berth-owned runtime folder, `<tmpdir>/berth-<uid>/<hash of the project
 * path>/data` (the runtime folder is root's, mode 711: others may pass, not list; the project folder is
 * the server user's, mode 700), so it is still kept between runs. When even that cannot be reached, a
 * user error says why and what to do.
 */
import { createHash } from "node:crypto";
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse } from "node:path";
import { UsageError } from "../errors.js";

export interface ServerUser {
  readonly uid: number;
  readonly gid: number;
}

/** The first existing folder above `path` (from the root down) that `user` may not search, or undefined when it can reach `path`. */
export function blockingFolder(path: string, user: ServerUser): string | undefined {
  const chain: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === parse(dir).root) break;
  }
  for (const dir of chain) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      // Not there yet: berth creates it with the default mode (searchable by all).
      return undefined;
    }
    const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return dir;
  }
  return undefined;
}

/**
 * The data directory for a cluster whose preferred place is `preferred`, run as `user` (undefined: berth's own
 * user, which can reach it). `log` says where the data went when it is not the preferred place.
 */
export function clusterDataDir(preferred: string, user: ServerUser | undefined, log: (line: string) => void, base = tmpdir()): string {
  if (!user) return preferred;
  const blocked = blockingFolder(preferred, user);
  if (!blocked) return preferred;
  const runtime = join(base, `berth-${process.getuid?.() ?? 0}`);
  const unreachable = blockingFolder(join(runtime, "x"), user);
  if (unreachable) {
    throw new UsageError(
      `the embedded PostgreSQL runs as the postgres user (PostgreSQL refuses root), which cannot reach ${preferred} (${blocked} does not let it pass) nor ${runtime} (${unreachable} does not)`,
      `run berth dev as a user other than root, let the postgres user pass (chmod o+x ${blocked}), or set TMPDIR to a folder it can reach`,
    );
  }
  ownRuntimeFolder(runtime);
  const project = join(runtime, createHash("sha256").update(preferred).digest("hex").slice(0, 16));
  if (!existsSync(project)) mkdirSync(project, { mode: 0o700 });
  chownSync(project, user.uid, user.gid);
  chmodSync(project, 0o700);
  log(`PostgreSQL runs as the postgres user, which cannot pass ${blocked}: its data is in ${project}/data`);
  return join(project, "data");
}

/** `<tmpdir>/berth-<uid>`: made by berth's user, mode 711; refused when something else took the name (another owner, a symlink). */
function ownRuntimeFolder(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { mode: 0o711 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.isSymbolicLink() || st.uid !== (process.getuid?.() ?? 0)) {
    throw new UsageError(
      `${dir} exists but is not a folder of this user; berth keeps the embedded PostgreSQL's data there when it runs as root`,
      `remove ${dir}, or set TMPDIR to another folder`,
    );
  }
  chmodSync(dir, 0o711);
}
