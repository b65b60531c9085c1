/**
 * SkyFox payment service: answers under `/payment-service/…` (the internal ALB forwards the full path) and
 * its health check at `/pshealth`. Payments are kept in memory: this is the seed's shape, not a real PSP.
 */
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { HttpError, readJson, sendJson } from "./http.js";

export const PREFIX = "/payment-service";

export interface Payment {
  readonly id: string;
  readonly bookingId: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: "APPROVED" | "DECLINED";
}

export function validatePayment(body: unknown): { bookingId: string; amount: number; currency: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpError(400, "body must be a JSON object");
  const b = body as Record<string, unknown>;
  if (typeof b.bookingId !== "string" || b.bookingId === "") throw new HttpError(400, '"bookingId" must be a non-empty string');
  if (typeof b.amount !== "number" || !Number.isFinite(b.amount) || b.amount <= 0) throw new HttpError(400, '"amount" must be a positive number');
  const currency = b.currency ?? "INR";
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) throw new HttpError(400, '"currency" must be a three-letter ISO code such as "INR"');
  return { bookingId: b.bookingId, amount: Math.round(b.amount * 100) / 100, currency };
}

export function createApp(opts: { servedBy?: string } = {}): Server {
  const payments = new Map<string, Payment>();
  const servedBy = { "x-served-by": opts.servedBy ?? `payment:${process.pid}` };
  return createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    try {
      if (req.method === "GET" && path === "/pshealth") return sendJson(res, 200, { status: "UP" }, servedBy);
      if (!path.startsWith(`${PREFIX}/`)) throw new HttpError(404, `no route for ${path}`);
      const sub = path.slice(PREFIX.length);
      if (req.method === "GET" && sub === "/payment-service") return sendJson(res, 200, { service: "payment", status: "UP" }, servedBy);
      if (req.method === "POST" && sub === "/payments") {
        const input = validatePayment(await readJson(req));
        const payment: Payment = { id: randomUUID(), ...input, status: input.amount <= 100_000 ? "APPROVED" : "DECLINED" };
        payments.set(payment.id, payment);
        return sendJson(res, 201, payment, servedBy);
      }
      const m = /^\/payments\/([\w-]+)$/.exec(sub);
      if (req.method === "GET" && m) {
        const p = payments.get(m[1]!);
        if (!p) throw new HttpError(404, `payment ${m[1]} not found`);
        return sendJson(res, 200, p, servedBy);
      }
      throw new HttpError(404, `no route for ${req.method} ${path}`);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      sendJson(res, status, { error: e instanceof HttpError ? e.message : "internal error" }, servedBy);
    }
  });
}
