/**
 * Entry point: MySQL pool and tables, then the API on PORT (default 8080), sending events to
 * RESERVATION_EVENTS_QUEUE_URL and RESERVATION_USAGE_QUEUE_URL (those that are set).
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import { createPool } from "mysql2/promise";
import { createApp } from "./app.js";
import { droppingPublisher, sqsPublisher } from "./publisher.js";
import { mysqlStore, poolOptions } from "./store.js";

const port = Number(process.env.PORT ?? 8080);
const pool = createPool(poolOptions(process.env));
const queueUrls = [process.env.RESERVATION_EVENTS_QUEUE_URL, process.env.RESERVATION_USAGE_QUEUE_URL].filter((u): u is string => Boolean(u));
const server = createApp(await mysqlStore(pool), queueUrls.length > 0 ? sqsPublisher(new SQSClient({}), ...queueUrls) : droppingPublisher());
server.listen(port, () => console.log(`sarc-ng api listening on :${port}`));
const shutdown = () => {
  server.close(() => void pool.end().finally(() => process.exit(0)));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
