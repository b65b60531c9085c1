/** Entry point: PostgreSQL pool and table, then the API on PORT (default 80). */
import pg from "pg";
import { createApp } from "./app.js";
import { poolConfig, postgresStore } from "./store.js";

const port = Number(process.env.PORT ?? 80);
const pool = new pg.Pool(poolConfig(process.env));
// An idle connection the server closes (restart, failover) must not crash the process; the pool reconnects.
pool.on("error", (e) => console.error(`database: idle connection closed: ${e.message}`));
const server = createApp(await postgresStore(pool));
server.listen(port, () => console.log(`8byte-backend listening on :${port}`));
const shutdown = () => {
  server.close(() => void pool.end().finally(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
