import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { type ConnectionSettings, databaseEnvironment, type LocalDatabase, redactedUrl, type RunningDatabase } from "./database.js";
import { startDatabase } from "./start-database.js";

const SETTINGS: ConnectionSettings = {
  engine: "postgres",
  host: "127.0.0.1",
  port: 5499,
  user: "berth",
  password: "s3cret",
  database: "taskdb",
  url: "postgres://berth:s3cret@127.0.0.1:5499/taskdb",
  sslMode: "disable",
};
const MAIN: LocalDatabase = {
  engine: "postgres",
  name: "main",
  database: "taskdb",
  uses: [
    {
      service: "api",
      env: [
        { name: "DB_HOST", setting: "host" },
        { name: "DB_PORT", setting: "port" },
        { name: "DB_PASSWORD", setting: "password" },
        { name: "PGSSLMODE", setting: "sslMode" },
      ],
    },
    { service: "admin", env: [{ name: "PG_HOST", setting: "host" }] },
  ],
};
const running = (db: LocalDatabase): RunningDatabase => ({ db, settings: SETTINGS, dataDir: "/d", stop: async () => {} });

describe("local databases", () => {
  it("gives each service only its own uses, under its own names", () => {
    expect(databaseEnvironment("api", [running(MAIN)])).toEqual({ DB_HOST: "127.0.0.1", DB_PORT: "5499", DB_PASSWORD: "s3cret", PGSSLMODE: "disable" });
    expect(databaseEnvironment("admin", [running(MAIN)])).toEqual({ PG_HOST: "127.0.0.1" });
    expect(databaseEnvironment("worker", [running(MAIN)])).toEqual({});
  });

  it("never shows the password in the URL it reports", () => {
    expect(redactedUrl(SETTINGS)).toBe("postgres://berth:***@127.0.0.1:5499/taskdb");
    expect(redactedUrl({ ...SETTINGS, engine: "mysql", port: 3399 })).toBe("mysql://berth:***@127.0.0.1:3399/taskdb");
  });

  it("a MySQL database without a server on the machine is a user error naming the database, the way out and the services", async () => {
    const mysql: LocalDatabase = { engine: "mysql", name: "reports", database: "r", uses: [{ service: "api", env: [] }] };
    const saved = process.env.BERTH_MYSQLD;
    process.env.BERTH_MYSQLD = "/nonexistent/mysqld";
    try {
      const started = startDatabase(mysql, { dir: "/nonexistent" });
      await expect(started).rejects.toThrow(UsageError);
      await expect(started).rejects.toThrow(/databases\.reports is MySQL, and BERTH_MYSQLD=\/nonexistent\/mysqld is not an executable/);
      await expect(started).rejects.toMatchObject({ hint: expect.stringMatching(/apt-get install mariadb-server.*services\.api/) });
    } finally {
      if (saved === undefined) delete process.env.BERTH_MYSQLD;
      else process.env.BERTH_MYSQLD = saved;
    }
  });
});
