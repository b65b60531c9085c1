/** Entry point: connects the pool, applies migrations, serves on PORT (default 8080), closes cleanly on SIGTERM. */
import pg from "pg";
import { createApp } from "./app.js";
import { migrate, poolConfig, postgresStore } from "./postgres.js";

const port = Number(process.env.PORT ?? 8080);
const pool = new pg.Pool(poolConfig(process.env));
// An idle connection the server closes (restart, failover) must not crash the process; the pool reconnects.
pool.on("error", (e) => console.error(`database: idle connection closed: ${e.message}`));
const applied = await migrate(pool);
console.log(`migrations: ${applied} applied`);
const server = createApp(postgresStore(pool));
server.listen(port, () => console.log(`task-api listening on :${port}`));
const shutdown = () => {
  server.close(() => void pool.end().finally(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
