/** Handler tests of the Task API over the in-memory store (the PostgreSQL store runs in test/dev's end-to-end test). */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "./app.js";
import { poolConfig } from "./postgres.js";
import { memoryStore, type TaskStore } from "./store.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function api(store: TaskStore = memoryStore()) {
  server = createApp(store);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  return { base, call };
}

describe("Task API handlers", () => {
  it("creates a task with defaults and a Location header", async () => {
    const { call } = await api();
    const res = await call("POST", "/tasks", { title: "  Write docs " });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe("/tasks/1");
    expect(res.json).toMatchObject({ id: 1, title: "Write docs", description: "", status: "todo", dueDate: null });
  });

  it("400 when the title is missing, naming the field", async () => {
    const { call } = await api();
    const res = await call("POST", "/tasks", { description: "no title" });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: "title: is required and must be a non-empty string", field: "title" });
  });

  it("400 for an unknown field, a bad status, a bad date or invalid JSON", async () => {
    const { call } = await api();
    expect((await call("POST", "/tasks", { title: "x", owner: "me" })).json).toMatchObject({ field: "owner" });
    expect((await call("POST", "/tasks", { title: "x", status: "later" })).json?.error).toBe('status: must be one of todo, in_progress, done; got "later"');
    expect((await call("POST", "/tasks", { title: "x", dueDate: "31/12/2026" })).json).toMatchObject({ field: "dueDate" });
    expect((await call("POST", "/tasks", "{not json")).json).toEqual({ error: "body: is not valid JSON", field: "body" });
  });

  it("gets a task by id, 404 when missing, 400 for a bad id", async () => {
    const { call } = await api();
    await call("POST", "/tasks", { title: "a" });
    expect((await call("GET", "/tasks/1")).json).toMatchObject({ id: 1, title: "a" });
    expect((await call("GET", "/tasks/99")).status).toBe(404);
    expect((await call("GET", "/tasks/abc")).json).toMatchObject({ field: "id" });
  });

  it("lists with pagination and totals", async () => {
    const { call } = await api();
    for (let i = 1; i <= 25; i++) await call("POST", "/tasks", { title: `t${i}` });
    const res = await call("GET", "/tasks?page=2&pageSize=10");
    expect(res.json!.items.map((t: { title: string }) => t.title)).toEqual(Array.from({ length: 10 }, (_, i) => `t${i + 11}`));
    expect(res.json).toMatchObject({ page: 2, pageSize: 10, total: 25, totalPages: 3 });
    expect((await call("GET", "/tasks?page=3&pageSize=10")).json!.items).toHaveLength(5);
  });

  it("filters the list by status", async () => {
    const { call } = await api();
    await call("POST", "/tasks", { title: "a", status: "done" });
    await call("POST", "/tasks", { title: "b" });
    const res = await call("GET", "/tasks?status=done");
    expect(res.json!.items.map((t: { title: string }) => t.title)).toEqual(["a"]);
    expect(res.json!.total).toBe(1);
  });

  it("400 for page sizes over 100 or pages under 1", async () => {
    const { call } = await api();
    expect((await call("GET", "/tasks?pageSize=500")).json).toEqual({ error: 'pageSize: must be an integer from 1 to 100; got "500"', field: "pageSize" });
    expect((await call("GET", "/tasks?page=0")).status).toBe(400);
  });

  it("PATCH changes only the given fields; PUT replaces the task", async () => {
    const { call } = await api();
    await call("POST", "/tasks", { title: "a", description: "keep me" });
    expect((await call("PATCH", "/tasks/1", { status: "in_progress" })).json).toMatchObject({ title: "a", description: "keep me", status: "in_progress" });
    expect((await call("PUT", "/tasks/1", { title: "b" })).json).toMatchObject({ title: "b", description: "", status: "todo" });
    expect((await call("PATCH", "/tasks/1", {})).status).toBe(400);
    expect((await call("PATCH", "/tasks/7", { title: "x" })).status).toBe(404);
  });

  it("DELETE answers 204, then the task is gone", async () => {
    const { call } = await api();
    await call("POST", "/tasks", { title: "a" });
    expect((await call("DELETE", "/tasks/1")).status).toBe(204);
    expect((await call("GET", "/tasks/1")).status).toBe(404);
    expect((await call("DELETE", "/tasks/1")).status).toBe(404);
  });

  it("/health checks the database: 200 when it answers, 503 when it does not", async () => {
    expect((await (await api()).call("GET", "/health")).json).toEqual({ status: "ok", database: "ok" });
    await new Promise<void>((r) => server!.close(() => r()));
    const broken: TaskStore = { ...memoryStore(), ping: () => Promise.reject(new Error("connection refused")) };
    const res = await (await api(broken)).call("GET", "/health");
    expect(res).toMatchObject({ status: 503, json: { status: "unavailable", database: "connection refused" } });
  });

  it("gzips large responses for clients that accept it, and only for them", async () => {
    const { base, call } = await api();
    for (let i = 0; i < 20; i++) await call("POST", "/tasks", { title: `task number ${i}`, description: "x".repeat(50) });
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve) => {
      request(`${base}/tasks`, { headers: { "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c)).on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
      }).end();
    });
    expect(raw.encoding).toBe("gzip");
    expect(JSON.parse(gunzipSync(raw.body).toString()).total).toBe(20);
    const plain = await new Promise<string | undefined>((resolve) =>
      request(`${base}/tasks`, (res) => (res.resume(), resolve(res.headers["content-encoding"]))).end(),
    );
    expect(plain).toBeUndefined();
  });

  it("404 for unknown paths and 405 for unsupported methods", async () => {
    const { call } = await api();
    expect((await call("GET", "/nope")).status).toBe(404);
    expect((await call("DELETE", "/tasks")).status).toBe(405);
  });

  it("connects with the DB_* variables berth declares: a pool of 25 / 10 idle, verified TLS unless PGSSLMODE=disable", () => {
    const aws = poolConfig({ DB_HOST: "db.example", DB_PORT: "5432", DB_NAME: "taskdb", DB_USER: "taskadmin", DB_PASSWORD: "p" });
    expect(aws).toMatchObject({ max: 25, min: 10, host: "db.example", port: 5432, database: "taskdb", user: "taskadmin", ssl: { rejectUnauthorized: true } });
    expect((aws.ssl as { ca: string[] }).ca.some((c) => c.includes("BEGIN CERTIFICATE"))).toBe(true);
    expect(poolConfig({ DB_HOST: "127.0.0.1", DB_NAME: "taskdb", DB_USER: "berth", DB_PASSWORD: "p", PGSSLMODE: "disable" }).ssl).toBe(false);
    expect(() => poolConfig({ DB_HOST: "h", DB_NAME: "d" })).toThrow(/set DB_USER, DB_PASSWORD/);
  });
});
