import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { type ConnectionSettings, databaseEnvironment, type LocalDatabase, redactedUrl, type RunningDatabase, startDatabase } from "./database.js";

const SETTINGS: ConnectionSettings = { host: "127.0.0.1", port: 5499, user: "berth", password: "s3cret", database: "taskdb", url: "postgres://berth:s3cret@127.0.0.1:5499/taskdb", sslMode: "disable" };
const MAIN: LocalDatabase = {
  engine: "postgres",
  name: "main",
  database: "taskdb",
  uses: [
    { service: "api", env: [{ name: "DB_HOST", setting: "host" }, { name: "DB_PORT", setting: "port" }, { name: "DB_PASSWORD", setting: "password" }, { name: "PGSSLMODE", setting: "sslMode" }] },
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
  });

  it("refuses MySQL with a user error naming the database and the services to change", async () => {
    const mysql: LocalDatabase = { engine: "mysql", name: "reports", database: "r", uses: [{ service: "api", env: [] }] };
    const started = startDatabase(mysql, { dir: "/nonexistent" });
    await expect(started).rejects.toThrow(UsageError);
    await expect(started).rejects.toThrow(/databases\.reports is MySQL.*PostgreSQL only/);
    await expect(started).rejects.toMatchObject({ hint: expect.stringMatching(/services\.api/) });
  });
});
