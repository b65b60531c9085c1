/** Starts the local server of one database: PostgreSQL embedded, MySQL from the machine's MySQL or MariaDB. */
import type { LocalDatabase, RunningDatabase, StartOptions } from "./database.js";
import { startMysql } from "./mysql.js";
import { startPostgres } from "./postgres.js";

export function startDatabase(db: LocalDatabase, opts: StartOptions): Promise<RunningDatabase> {
  return db.engine === "mysql" ? startMysql(db, opts) : startPostgres(db, opts);
}
