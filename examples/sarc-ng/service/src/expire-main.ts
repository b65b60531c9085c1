/** Entry point of the expire job: one run, then exit (non-zero on failure, which the job's alarm reports). */
import { createPool } from "mysql2/promise";
import { expireStale } from "./expire.js";
import { mysqlStore, poolOptions } from "./store.js";

const keepDays = Number(process.env.KEEP_DAYS ?? 90);
const pool = createPool(poolOptions(process.env));
try {
  const removed = await expireStale(await mysqlStore(pool), new Date(), keepDays);
  console.log(`expired ${removed} reservation(s) that ended more than ${keepDays} days ago`);
} finally {
  await pool.end();
}
