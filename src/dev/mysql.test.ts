import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findMysqlServer, initSql } from "./mysql.js";

/** A stand-in server binary that only answers `--version`. */
function fakeServer(version: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "berth-mysqld-")), "mysqld");
  writeFileSync(path, `#!/bin/sh\necho '${version}'\n`);
  chmodSync(path, 0o755);
  return path;
}

describe("finding a MySQL server", () => {
  it("takes BERTH_MYSQLD first and tells MariaDB from MySQL by its version line", () => {
    const mysql = fakeServer("/usr/sbin/mysqld  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)");
    expect(findMysqlServer({ BERTH_MYSQLD: mysql, PATH: "" })).toEqual({ path: mysql, flavor: "mysql", version: expect.stringContaining("Ver 8.0.36") });
    const maria = fakeServer("mariadbd  Ver 10.11.18-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)");
    expect(findMysqlServer({ BERTH_MYSQLD: maria, PATH: "" })?.flavor).toBe("mariadb");
  });

  it("finds nothing when BERTH_MYSQLD names no executable, even if one is on the PATH", () => {
    expect(findMysqlServer({ BERTH_MYSQLD: "/nonexistent/mysqld", PATH: "/usr/sbin" })).toBeUndefined();
  });
});

describe("the init file", () => {
  it("creates the database and the services' user on loopback, idempotently, with rights on that database only", () => {
    expect(initSql("reservations", { user: "berth", password: "pw_-1" })).toBe(
      [
        "CREATE DATABASE IF NOT EXISTS `reservations` CHARACTER SET utf8mb4;",
        "CREATE USER IF NOT EXISTS 'berth'@'127.0.0.1' IDENTIFIED BY 'pw_-1';",
        "GRANT ALL PRIVILEGES ON `reservations`.* TO 'berth'@'127.0.0.1';",
        "CREATE USER IF NOT EXISTS 'berth'@'localhost' IDENTIFIED BY 'pw_-1';",
        "GRANT ALL PRIVILEGES ON `reservations`.* TO 'berth'@'localhost';",
        "",
      ].join("\n"),
    );
  });
});
