/** The reads the function needs, straight from the tables the service creates; it never writes or migrates. */
import type { Pool, RowDataPacket } from "mysql2/promise";
import type { ReadStore } from "./api.js";

export function readStore(pool: Pool): ReadStore {
  return {
    async resources() {
      const [rows] = await pool.query<RowDataPacket[]>("SELECT id, name, kind, capacity FROM resources ORDER BY id");
      return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, capacity: r.capacity }));
    },
    async reservations(resourceId) {
      const [rows] = await pool.execute<RowDataPacket[]>(
        "SELECT id, resource_id, title, starts_at, ends_at FROM reservations WHERE resource_id = ? ORDER BY starts_at",
        [resourceId],
      );
      return rows.map((r) => ({
        id: r.id,
        resourceId: r.resource_id,
        title: r.title,
        startsAt: (r.starts_at as Date).toISOString(),
        endsAt: (r.ends_at as Date).toISOString(),
      }));
    },
  };
}
