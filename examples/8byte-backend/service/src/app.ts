/** 8Byte backend: a small JSON API on port 80 over PostgreSQL — `/`, `/health` (checks the database), `/items`. */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { ItemStore } from "./store.js";

const send = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
};

export function createApp(store: ItemStore): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    try {
      if (req.method === "GET" && url.pathname === "/") return send(res, 200, { service: "8byte-backend", version: process.env.APP_VERSION ?? "dev" });
      if (req.method === "GET" && url.pathname === "/health") {
        return store.ping().then(
          () => send(res, 200, { status: "healthy", database: "up" }),
          (e: Error) => send(res, 503, { status: "unhealthy", database: e.message }),
        );
      }
      if (url.pathname === "/items" && req.method === "GET") return send(res, 200, { items: await store.list(50) });
      if (url.pathname === "/items" && req.method === "POST") {
        let raw = "";
        for await (const c of req) raw += c;
        let body: { name?: unknown };
        try {
          body = JSON.parse(raw) as { name?: unknown };
        } catch {
          return send(res, 400, { error: "body must be JSON" });
        }
        if (typeof body.name !== "string" || body.name.trim() === "" || body.name.length > 100)
          return send(res, 400, { error: '"name" must be a string of 1 to 100 characters' });
        return send(res, 201, await store.create(body.name.trim()));
      }
      const m = /^\/items\/(\d+)$/.exec(url.pathname);
      if (m && req.method === "GET") {
        const item = await store.get(Number(m[1]));
        return item ? send(res, 200, item) : send(res, 404, { error: `item ${m[1]} not found` });
      }
      send(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    } catch (e) {
      console.error(e);
      send(res, 500, { error: "internal error" });
    }
  });
}
