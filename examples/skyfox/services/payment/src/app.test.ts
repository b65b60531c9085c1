import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "./app.js";

const server = createApp({ servedBy: "test" });
let base = "";
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("payment service", () => {
  it("answers its health check at /pshealth", async () => {
    const res = await fetch(`${base}/pshealth`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "UP" });
  });

  it("answers under the /payment-service prefix the internal ALB forwards", async () => {
    expect((await fetch(`${base}/payment-service/payment-service`)).status).toBe(200);
    expect((await fetch(`${base}/payment-service`)).status).toBe(404);
    expect((await fetch(`${base}/payments`)).status).toBe(404);
  });

  it("creates and reads a payment", async () => {
    const res = await post("/payment-service/payments", { bookingId: "b-1", amount: 450.5 });
    expect(res.status).toBe(201);
    const p = (await res.json()) as { id: string; status: string; currency: string };
    expect(p).toMatchObject({ status: "APPROVED", currency: "INR" });
    expect(await (await fetch(`${base}/payment-service/payments/${p.id}`)).json()).toEqual(p);
  });

  it("rejects bad input with a 400 naming the field", async () => {
    const res = await post("/payment-service/payments", { bookingId: "b-1", amount: -3 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: '"amount" must be a positive number' });
    expect((await fetch(`${base}/payment-service/payments`, { method: "POST", body: "{" })).status).toBe(400);
  });
});
