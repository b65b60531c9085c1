/** The usage table in MySQL: created when missing (the function's own migration), written with INSERT IGNORE. */
import type { Pool, ResultSetHeader } from "mysql2/promise";
import type { UsageStore } from "./usage.js";

export async function mysqlUsageStore(pool: Pool): Promise<UsageStore> {
  await pool.query(`CREATE TABLE IF NOT EXISTS reservation_usage (
    event_id VARCHAR(100) PRIMARY KEY,
    resource_id INT NOT NULL,
    day DATE NOT NULL,
    minutes INT NOT NULL,
    INDEX (day)
  )`);
  return {
    async record(row) {
      const [res] = await pool.execute<ResultSetHeader>("INSERT IGNORE INTO reservation_usage (event_id, resource_id, day, minutes) VALUES (?, ?, ?, ?)", [
        row.eventId,
        row.resourceId,
        row.day,
        row.minutes,
      ]);
      return res.affectedRows === 1;
    },
    async pruneBefore(day) {
      const [res] = await pool.execute<ResultSetHeader>("DELETE FROM reservation_usage WHERE day < ?", [day]);
      return res.affectedRows;
    },
  };
}
