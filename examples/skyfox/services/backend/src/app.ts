/**
 * SkyFox backend: the public API behind the external ALB. It calls the payment and movie services through
 * the internal ALB, at the URLs it receives as PAYMENT_SERVICE_URL and MOVIE_SERVICE_URL (which already
 * carry the `/payment-service` and `/movie-service` path prefixes).
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { HttpError, readJson, sendJson } from "./http.js";

export interface BackendConfig {
  readonly paymentServiceUrl: string;
  readonly movieServiceUrl: string;
  /** Time allowed for a call to another service. */
  readonly timeoutMs?: number;
  readonly servedBy?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv): BackendConfig {
  const missing = ["PAYMENT_SERVICE_URL", "MOVIE_SERVICE_URL"].filter((k) => !env[k]);
  if (missing.length > 0) throw new Error(`missing environment: ${missing.join(", ")}`);
  return { paymentServiceUrl: env.PAYMENT_SERVICE_URL!, movieServiceUrl: env.MOVIE_SERVICE_URL! };
}

export function validateBooking(body: unknown): { movieId: string; seats: number } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "body must be a JSON object");
  const b = body as Record<string, unknown>;
  if (typeof b.movieId !== "string" || b.movieId === "") throw new HttpError(400, '"movieId" must be a non-empty string');
  if (typeof b.seats !== "number" || !Number.isInteger(b.seats) || b.seats < 1 || b.seats > 10)
    throw new HttpError(400, '"seats" must be an integer from 1 to 10');
  return { movieId: b.movieId, seats: b.seats };
}

export const SEAT_PRICE = 250;

export function createApp(config: BackendConfig): Server {
  const timeout = config.timeoutMs ?? 5_000;
  const servedBy = { "x-served-by": config.servedBy ?? `backend:${process.pid}` };

  async function call(base: string, path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeout) });
    } catch (e) {
      throw new HttpError(502, `${base}${path} did not answer: ${(e as Error).message}`);
    }
    const body = await res.json().catch(() => null);
    if (res.status >= 500) throw new HttpError(502, `${base}${path} answered ${res.status}`);
    return { status: res.status, body };
  }

  return createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    try {
      if (req.method === "GET" && path === "/health") return sendJson(res, 200, { status: "UP" }, servedBy);
      if (req.method === "GET" && path === "/status") {
        const [payment, movie] = await Promise.all([
          call(config.paymentServiceUrl, "/payment-service").then(
            (r) => r.body,
            (e: Error) => ({ status: "DOWN", error: e.message }),
          ),
          call(config.movieServiceUrl, "/movies-service").then(
            (r) => r.body,
            (e: Error) => ({ status: "DOWN", error: e.message }),
          ),
        ]);
        return sendJson(res, 200, { backend: "UP", payment, movie }, servedBy);
      }
      if (req.method === "GET" && path === "/shows") {
        const { body } = await call(config.movieServiceUrl, "/movies");
        return sendJson(res, 200, body, servedBy);
      }
      if (req.method === "POST" && path === "/bookings") {
        const booking = validateBooking(await readJson(req));
        const movie = await call(config.movieServiceUrl, `/movies/${encodeURIComponent(booking.movieId)}`);
        if (movie.status === 404) throw new HttpError(400, `"movieId": no movie ${booking.movieId}`);
        const id = randomUUID();
        const payment = await call(config.paymentServiceUrl, "/payments", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ bookingId: id, amount: booking.seats * SEAT_PRICE }),
        });
        if (payment.status !== 201) throw new HttpError(502, `payment failed with ${payment.status}`);
        return sendJson(res, 201, { id, ...booking, movie: movie.body, payment: payment.body }, servedBy);
      }
      throw new HttpError(404, `no route for ${req.method} ${path}`);
    } catch (e) {
      sendJson(res, e instanceof HttpError ? e.status : 500, { error: e instanceof HttpError ? e.message : "internal error" }, servedBy);
    }
  });
}
