/**
 * MySQL under `berth dev` with the machine's real server (MariaDB in CI: `.ci/run` installs it): the data
 * directory is made once and kept, the services' user reaches its database over TCP with the settings
 * berth hands out, and stopping leaves no server process behind.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConnection } from "mysql2/promise";
import { describe, expect, it } from "vitest";
import { alive } from "../support/alive.js";
import type { ConnectionSettings, LocalDatabase } from "../../src/dev/database.js";
import { findMysqlServer } from "../../src/dev/mysql.js";
import { startDatabase } from "../../src/dev/start-database.js";

const server = findMysqlServer();
const DB: LocalDatabase = { engine: "mysql", name: "main", database: "reservations", uses: [{ service: "api", env: [] }] };

const connect = (s: ConnectionSettings) => createConnection({ host: s.host, port: s.port, user: s.user, password: s.password, database: s.database });

describe("a MySQL database under berth dev", () => {
  it("needs a MySQL or MariaDB server on this machine (CI installs MariaDB)", () => {
    expect(server, "no mariadbd/mysqld found: install mariadb-server-core and mariadb-client-core, or set BERTH_MYSQLD").toBeDefined();
  });

  it.runIf(server)(
    "starts the server, gives the services' user its database, keeps the data between runs and leaves no process behind",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "berth-mysql-e2e-"));
      const lines: string[] = [];
      const first = await startDatabase(DB, { dir, log: (l) => lines.push(l) });
      const pid = Number(readFileSync(join(dir, "main", "server.pid"), "utf8").trim());
      try {
        expect(first.settings).toMatchObject({ engine: "mysql", host: "127.0.0.1", user: "berth", database: "reservations" });
        expect(first.settings.url).toBe(`mysql://berth:${encodeURIComponent(first.settings.password)}@127.0.0.1:${first.settings.port}/reservations`);
        const c = await connect(first.settings);
        await c.query("CREATE TABLE rooms (id INT PRIMARY KEY, name VARCHAR(40))");
        await c.query("INSERT INTO rooms VALUES (1, 'Lab 1')");
        // Rights on its own database only.
        await expect(c.query("CREATE DATABASE other")).rejects.toThrow(/denied/i);
        await c.end();
      } finally {
        await first.stop();
      }
      expect(alive(pid)).toBe(false);

      const second = await startDatabase(DB, { dir });
      try {
        expect(second.settings.password).toBe(first.settings.password);
        const c = await connect(second.settings);
        const [rows] = await c.query("SELECT name FROM rooms");
        expect(rows).toEqual([{ name: "Lab 1" }]);
        await c.end();
      } finally {
        await second.stop();
      }
      expect(lines.join("\n")).not.toContain(first.settings.password);
      rmSync(dir, { recursive: true, force: true });
    },
    120_000,
  );
});
