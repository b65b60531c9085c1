/** The backend against stand-ins of the payment and movie services (real sockets on loopback). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configFromEnv, createApp, SEAT_PRICE } from "./app.js";

const listen = async (s: Server) => {
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
};

const calls: string[] = [];
const internal = createServer((req, res) => {
  calls.push(`${req.method} ${req.url}`);
  const send = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  if (req.url === "/movie-service/movies") return send(200, { movies: [{ id: "m1", title: "Inception" }] });
  if (req.url === "/movie-service/movies/m1") return send(200, { id: "m1", title: "Inception" });
  if (req.url === "/movie-service/movies-service") return send(200, { status: "UP" });
  if (req.url === "/payment-service/payment-service") return send(503, {});
  if (req.url === "/payment-service/payments") {
    let body = "";
    req.on("data", (c) => (body += c)).on("end", () => send(201, { status: "APPROVED", ...JSON.parse(body) }));
    return;
  }
  send(404, { error: "not found" });
});

let base = "";
let backend: Server;
beforeAll(async () => {
  const lb = await listen(internal);
  backend = createApp({ paymentServiceUrl: `${lb}/payment-service`, movieServiceUrl: `${lb}/movie-service`, servedBy: "test" });
  base = await listen(backend);
});
afterAll(async () => {
  await new Promise((r) => backend.close(r));
  await new Promise((r) => internal.close(r));
});

describe("backend", () => {
  it("answers /health without calling anyone", async () => {
    calls.length = 0;
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(calls).toEqual([]);
  });

  it("lists shows from the movie service through its URL prefix", async () => {
    expect(await (await fetch(`${base}/shows`)).json()).toEqual({ movies: [{ id: "m1", title: "Inception" }] });
    expect(calls).toContain("GET /movie-service/movies");
  });

  it("books: looks the movie up, charges the payment service, answers 201", async () => {
    const res = await fetch(`${base}/bookings`, { method: "POST", body: JSON.stringify({ movieId: "m1", seats: 2 }) });
    expect(res.status).toBe(201);
    const b = (await res.json()) as { payment: { amount: number; status: string } };
    expect(b.payment).toMatchObject({ status: "APPROVED", amount: 2 * SEAT_PRICE });
    expect(calls).toContain("POST /payment-service/payments");
  });

  it("400 for bad input or an unknown movie", async () => {
    expect((await fetch(`${base}/bookings`, { method: "POST", body: JSON.stringify({ movieId: "m1", seats: 0 }) })).status).toBe(400);
    const unknown = await fetch(`${base}/bookings`, { method: "POST", body: JSON.stringify({ movieId: "nope", seats: 1 }) });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: '"movieId": no movie nope' });
  });

  it("reports a failing dependency in /status instead of failing", async () => {
    expect(await (await fetch(`${base}/status`)).json()).toMatchObject({ backend: "UP", movie: { status: "UP" }, payment: { status: "DOWN" } });
  });

  it("needs both service URLs in its environment", () => {
    expect(() => configFromEnv({ PAYMENT_SERVICE_URL: "x" })).toThrow(/MOVIE_SERVICE_URL/);
  });
});
