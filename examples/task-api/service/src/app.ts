/**
 * The Task API's HTTP handlers over a `TaskStore`: CRUD on /tasks with pagination, 400s that name the field,
 * /health that checks the database, and gzip for clients that accept it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { TaskStore } from "./store.js";
import { parseId, parsePage, parseTaskInput, ValidationError } from "./task.js";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Bodies at least this large are gzipped when the client accepts it. */
export const GZIP_MIN_BYTES = 512;

function send(req: IncomingMessage, res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  let data: Buffer = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | number> = { "content-type": "application/json; charset=utf-8", vary: "Accept-Encoding" };
  if (data.length >= GZIP_MIN_BYTES && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
    data = gzipSync(data);
    headers["content-encoding"] = "gzip";
  }
  res.writeHead(status, { ...headers, "content-length": data.length }).end(data);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 64 * 1024) throw new HttpError(413, "request body over 64 KiB");
    chunks.push(c as Buffer);
  }
  if (size === 0) throw new ValidationError("body", "is required (a JSON object)");
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new ValidationError("body", "is not valid JSON");
  }
}

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createHandler(store: TaskStore): Handler {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const m = /^\/tasks(?:\/([^/]+))?\/?$/.exec(url.pathname);
    try {
      if (url.pathname === "/health") {
        if (req.method !== "GET") throw new HttpError(405, "use GET");
        try {
          await store.ping();
          return send(req, res, 200, { status: "ok", database: "ok" });
        } catch (e) {
          return send(req, res, 503, { status: "unavailable", database: (e as Error).message });
        }
      }
      if (!m) throw new HttpError(404, `no route for ${url.pathname}`);
      const rawId = m[1];
      if (rawId === undefined) {
        if (req.method === "GET") {
          const page = parsePage(url.searchParams);
          const { items, total } = await store.list(page);
          return send(req, res, 200, { items, page: page.page, pageSize: page.pageSize, total, totalPages: Math.ceil(total / page.pageSize) });
        }
        if (req.method === "POST") {
          const task = await store.create(parseTaskInput(await readJson(req)));
          res.setHeader("location", `/tasks/${task.id}`);
          return send(req, res, 201, task);
        }
        throw new HttpError(405, "use GET or POST on /tasks");
      }
      const id = parseId(rawId);
      const found = async <T>(p: Promise<T | undefined>): Promise<T> => {
        const v = await p;
        if (v === undefined) throw new HttpError(404, `task ${id} not found`);
        return v;
      };
      switch (req.method) {
        case "GET":
          return send(req, res, 200, await found(store.get(id)));
        case "PUT":
          return send(req, res, 200, await found(store.update(id, parseTaskInput(await readJson(req)))));
        case "PATCH":
          return send(req, res, 200, await found(store.update(id, parseTaskInput(await readJson(req), { partial: true }))));
        case "DELETE":
          if (!(await store.delete(id))) throw new HttpError(404, `task ${id} not found`);
          return send(req, res, 204);
        default:
          throw new HttpError(405, "use GET, PUT, PATCH or DELETE on /tasks/{id}");
      }
    } catch (e) {
      if (e instanceof ValidationError) return send(req, res, 400, { error: e.message, field: e.field });
      if (e instanceof HttpError) return send(req, res, e.status, { error: e.message });
      console.error(e);
      return send(req, res, 500, { error: "internal error" });
    }
  };
}

export function createApp(store: TaskStore): Server {
  const handle = createHandler(store);
  return createServer((req, res) => void handle(req, res));
}
