import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { type ItemStore, memoryStore, poolConfig } from "./store.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));
async function start(store: ItemStore = memoryStore()) {
  server = createApp(store);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("8byte backend", () => {
  it("answers / and /health", async () => {
    const base = await start();
    expect(await (await fetch(`${base}/`)).json()).toMatchObject({ service: "8byte-backend" });
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "healthy", database: "up" });
  });

  it("503 on /health when the database does not answer", async () => {
    const base = await start({ ...memoryStore(), ping: () => Promise.reject(new Error("ECONNREFUSED")) });
    expect((await fetch(`${base}/health`)).status).toBe(503);
  });

  it("creates, lists and reads items; 400 for a bad name, 404 for a missing item", async () => {
    const base = await start();
    const created = await fetch(`${base}/items`, { method: "POST", body: JSON.stringify({ name: "first" }) });
    expect(created.status).toBe(201);
    expect((await (await fetch(`${base}/items`)).json()).items).toHaveLength(1);
    expect(await (await fetch(`${base}/items/1`)).json()).toMatchObject({ name: "first" });
    expect((await fetch(`${base}/items`, { method: "POST", body: JSON.stringify({ name: "" }) })).status).toBe(400);
    expect((await fetch(`${base}/items/9`)).status).toBe(404);
  });

  it("reads the DB_* variables berth declares, with verified TLS unless PGSSLMODE=disable (berth dev)", () => {
    const aws = poolConfig({ DB_HOST: "h", DB_PORT: "5433", DB_USER: "u", DB_PASSWORD: "p", DB_NAME: "d" });
    expect(aws).toMatchObject({ host: "h", port: 5433, user: "u", password: "p", database: "d", ssl: { rejectUnauthorized: true } });
    expect((aws.ssl as { ca: string[] }).ca.length).toBeGreaterThan(0);
    expect(poolConfig({ DB_HOST: "h", DB_USER: "u", DB_PASSWORD: "p", DB_NAME: "d", PGSSLMODE: "disable" })).toMatchObject({ port: 5432, ssl: false });
    expect(() => poolConfig({ DB_HOST: "h" })).toThrow(/DB_NAME, DB_USER, DB_PASSWORD/);
  });
});
