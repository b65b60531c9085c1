/**
 * The Task API under `berth dev` with an embedded PostgreSQL: CRUD through the gateway, migrations at
 * start, and data kept in the data directory between runs. The config is written here until the
 * task-api example's own berth.config.ts (and databases in the model) land.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BerthConfig } from "../../src/config/schema/app.js";
import type { LocalDatabase } from "../../src/dev/database.js";
import { DevBus, type DevEvent } from "../../src/dev/events.js";
import { startDev } from "../../src/dev/runtime.js";
import { resolveModel } from "../../src/model/resolve.js";
import { EXAMPLES_DIR } from "../support/examples.js";

const CONFIG = {
  project: "task-api",
  loadBalancers: { public: { defaultAction: { forward: "api" } } },
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }], healthCheck: { path: "/health" }, local: { command: "npm start", cwd: "service" } } },
  environments: { dev: { tier: "dev", region: "eu-west-1" } },
} as BerthConfig;
const DATABASE: LocalDatabase = { engine: "postgres", name: "main", database: "taskdb", env: [{ name: "DATABASE_URL", setting: "url" }], services: ["api"] };
const dataDir = mkdtempSync(join(tmpdir(), "berth-task-api-"));
chmodSync(dataDir, 0o755); // when tests run as root, Postgres runs as the "postgres" user and must reach it
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function run() {
  const bus = new DevBus();
  const events: DevEvent[] = [];
  bus.on((e) => void (e.type !== "status" && events.push(e)));
  const runtime = await startDev(resolveModel(CONFIG).environments[0]!, { configDir: join(EXAMPLES_DIR, "task-api"), port: 0, healthScale: 0.01, bus, databases: [DATABASE], dataDir });
  await runtime.ready;
  const base = runtime.gateways[0]!.url;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  };
  return { runtime, events, call };
}

describe("Task API under berth dev with embedded PostgreSQL", () => {
  it("CRUD through the gateway, and the data survives a restart", async () => {
    const first = await run();
    try {
      expect((await first.call("GET", "/health")).json).toEqual({ status: "ok", database: "ok" });
      const created = await first.call("POST", "/tasks", { title: "Ship berth dev", dueDate: "2026-12-01" });
      expect(created).toMatchObject({ status: 201, json: { title: "Ship berth dev", status: "todo", dueDate: "2026-12-01" } });
      const id = created.json!.id as number;
      expect((await first.call("PATCH", `/tasks/${id}`, { status: "done" })).json).toMatchObject({ status: "done" });
      for (let i = 0; i < 4; i++) await first.call("POST", "/tasks", { title: `t${i}` });
      expect((await first.call("GET", "/tasks?page=2&pageSize=2")).json).toMatchObject({ total: 5, totalPages: 3, page: 2 });
      expect((await first.call("POST", "/tasks", { title: "" })).status).toBe(400);
      expect((await first.call("DELETE", `/tasks/${id + 1}`)).status).toBe(204);
      // The connection URL reaches the service; the events never carry the password.
      const db = first.events.find((e) => e.type === "database");
      expect(db).toMatchObject({ engine: "postgres", url: expect.stringMatching(/^postgres:\/\/berth:\*\*\*@127\.0\.0\.1:\d+\/taskdb$/) });
      expect(first.events.some((e) => e.type === "log" && /migrations: 2 applied/.test(e.line))).toBe(true);
    } finally {
      await first.runtime.stop();
    }

    const second = await run();
    try {
      expect(second.events.some((e) => e.type === "log" && /migrations: 0 applied/.test(e.line))).toBe(true);
      expect((await second.call("GET", "/tasks")).json).toMatchObject({ total: 4 });
      expect((await second.call("GET", "/tasks?status=done")).json!.items[0]).toMatchObject({ title: "Ship berth dev" });
    } finally {
      await second.runtime.stop();
    }
  }, 120_000);
});
