/**
 * The routes of the sarc-ng-api function (API Gateway HTTP API, payload format 2.0), over a read-only
 * view of the reservations store: `GET /resources` lists them, `GET /resources/{id}/availability`
 * gives a resource's free slots in a window. Testable in-process with the memory store.
 */
import type { Store } from "../../../service/src/store.js";
import { freeSlots, parseWindow } from "./availability.js";

/** The parts of an API Gateway v2 (payload 2.0) event the routes read. */
export interface HttpEvent {
  readonly routeKey: string;
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>>;
}

export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type ReadStore = Pick<Store, "resources" | "reservations">;

const json = (statusCode: number, value: unknown): HttpResult => ({ statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(value) });

export async function route(event: HttpEvent, store: ReadStore): Promise<HttpResult> {
  switch (event.routeKey) {
    case "GET /resources":
      return json(200, await store.resources());
    case "GET /resources/{id}/availability": {
      const id = Number(event.pathParameters?.id);
      if (!Number.isInteger(id) || id < 1) return json(400, { error: "the resource id must be a positive integer" });
      const window = parseWindow(event.queryStringParameters?.from, event.queryStringParameters?.to);
      if ("problem" in window) return json(400, { error: window.problem });
      if (!(await store.resources()).some((r) => r.id === id)) return json(404, { error: `resource ${id} not found` });
      const free = freeSlots(await store.reservations(id), window.from, window.to);
      return json(200, { resourceId: id, from: window.from.toISOString(), to: window.to.toISOString(), free });
    }
    default:
      return json(404, { error: `no route ${event.routeKey}` });
  }
}
