/**
 * SARC-NG API on PORT (8080): `/health` (checks the database), `/api/v1/resources` (list, create),
 * `/api/v1/resources/<id>/reservations` (list) and `/api/v1/reservations` (create; 409 on an overlap; each new
 * reservation is sent as an event to the reservation-events queue).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { reservationCreated } from "./events.js";
import { droppingPublisher, type Publisher } from "./publisher.js";
import { reservationProblem, resourceProblem } from "./reservation.js";
import { Conflict, NotFound, type Store } from "./store.js";

const send = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
};

/** The request's JSON object body, or a string saying what is wrong with it. */
async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | string> {
  let raw = "";
  for await (const c of req) {
    raw += c;
    if (raw.length > 64_000) return "body too large";
  }
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : "body must be a JSON object";
  } catch {
    return "body must be JSON";
  }
}

export function createApp(store: Store, events: Publisher = droppingPublisher()): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    try {
      if (req.method === "GET" && path === "/health") {
        return await store.ping().then(
          () => send(res, 200, { status: "UP", database: "UP" }),
          (e: Error) => send(res, 503, { status: "DOWN", database: e.message }),
        );
      }
      if (path === "/api/v1/resources" && req.method === "GET") return send(res, 200, { resources: await store.resources() });
      if (path === "/api/v1/resources" && req.method === "POST") {
        const body = await jsonBody(req);
        if (typeof body === "string") return send(res, 400, { error: body });
        const problem = resourceProblem(body);
        if (problem) return send(res, 400, { error: problem });
        return send(res, 201, await store.addResource({ name: (body.name as string).trim(), kind: body.kind as string, capacity: body.capacity as number }));
      }
      const m = /^\/api\/v1\/resources\/(\d+)\/reservations$/.exec(path);
      if (m && req.method === "GET") return send(res, 200, { reservations: await store.reservations(Number(m[1])) });
      if (path === "/api/v1/reservations" && req.method === "POST") {
        const body = await jsonBody(req);
        if (typeof body === "string") return send(res, 400, { error: body });
        const problem = reservationProblem(body);
        if (problem) return send(res, 400, { error: problem });
        const { resourceId, title, startsAt, endsAt } = body as { resourceId: number; title: string; startsAt: string; endsAt: string };
        const created = await store.reserve({ resourceId, title: title.trim(), startsAt, endsAt });
        // The reservation stands even if the event cannot be sent; the log says so.
        await events.publish(reservationCreated(created)).catch((e: Error) => console.error(`reservation ${created.id}: event not sent: ${e.message}`));
        return send(res, 201, created);
      }
      send(res, 404, { error: `no route for ${req.method} ${path}` });
    } catch (e) {
      if (e instanceof NotFound) return send(res, 404, { error: e.message });
      if (e instanceof Conflict) return send(res, 409, { error: e.message });
      console.error(e);
      send(res, 500, { error: "internal error" });
    }
  });
}
