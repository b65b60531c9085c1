/** Entry point: builds the app unless a build is given (WEB_DIST, as in the container), then serves it on PORT (default 80). */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createWebServer } from "./server.js";

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.PORT ?? 80);
let dist = process.env.WEB_DIST ? resolve(process.env.WEB_DIST) : undefined;
if (!dist) {
  const { build } = await import("./build.js");
  dist = build(join(here, "..", "app"), join(here, "..", "dist")).dist;
}
const server = createWebServer(dist);
server.listen(port, () => console.log(`sky-high-booker web listening on :${port}, serving ${dist}`));
const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
