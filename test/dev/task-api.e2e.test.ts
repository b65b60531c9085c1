/**
 * The Task API example (examples/task-api/berth.config.ts, staging) under `berth dev`: the model's database
 * becomes an embedded PostgreSQL, the service gets DB_HOST… under the names it declares (as on AWS) and
 * PGSSLMODE=disable; CRUD through the gateway, migrations at start, data kept between runs.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runExample } from "./run-example.js";

const dataDir = mkdtempSync(join(tmpdir(), "berth-task-api-"));
chmodSync(dataDir, 0o755); // when tests run as root, Postgres runs as the "postgres" user and must reach it
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = () => runExample("task-api", { env: "staging", dev: { dataDir } });

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
      // The model's database "main" (taskdb) runs embedded; no event carries its password.
      const db = first.events.find((e) => e.type === "database");
      expect(db).toMatchObject({ name: "main", engine: "postgres", url: expect.stringMatching(/^postgres:\/\/berth:\*\*\*@127\.0\.0\.1:\d+\/taskdb$/) });
      const { password } = JSON.parse(readFileSync(join(dataDir, "main", "credentials.json"), "utf8")) as { password: string };
      expect(JSON.stringify(first.events)).not.toContain(password);
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
