/**
 * Local databases for `berth dev`: one server per database of the model that a local service uses, with
 * its data in a directory under `.berth/`, kept between runs, and the connection settings injected into
 * the services under the names they declare (`planLocal` fills `LocalDatabase` from the model's databases
 * and each service's uses). `start-database.ts` starts one: PostgreSQL embedded (`postgres.ts`), MySQL
 * from a MySQL or MariaDB server found on the machine (`mysql.ts`).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

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
  readonly engine: "postgres" | "mysql";
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  readonly url: string;
  /** `disable` (libpq's `PGSSLMODE`) or `DISABLED` (MySQL's `--ssl-mode`, as `<prefix>_SSL_MODE`): the local servers have no TLS. */
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

/** `<engine>://user:***@host:port/db`: for logs and status, never with the password. */
export const redactedUrl = (s: ConnectionSettings): string => `${s.engine}://${s.user}:***@${s.host}:${s.port}/${s.database}`;

/** `postgres://` or `mysql://` URL with the credentials, for services that declare a URL variable. */
export const connectionUrl = (s: Omit<ConnectionSettings, "url">): string =>
  `${s.engine}://${encodeURIComponent(s.user)}:${encodeURIComponent(s.password)}@${s.host}:${s.port}/${encodeURIComponent(s.database)}`;

export interface StartOptions {
  /** Parent of the databases' own directories (`<dir>/<database key>/`). */
  readonly dir: string;
  readonly log?: (line: string) => void;
}

/** The server's user for the services and its password, made once per data directory and kept beside it (mode 600). */
export function loadCredentials(file: string): { user: string; password: string } {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as { user: string; password: string };
  const credentials = { user: "berth", password: randomBytes(18).toString("base64url") };
  writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  return credentials;
}
