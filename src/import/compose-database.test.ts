import { describe, expect, it } from "vitest";
import { databaseImage, imageName, unsupportedStore } from "./compose-database.js";

describe("database images", () => {
  it("reads engine and version from the image", () => {
    expect(databaseImage("postgres:16.2-alpine")).toMatchObject({ engine: "postgres", version: "16" });
    expect(databaseImage("docker.io/library/postgres")).toMatchObject({ engine: "postgres", version: "16" });
    expect(databaseImage("postgres:9.6")).toMatchObject({ version: "9.6" });
    expect(databaseImage("mysql:8")).toMatchObject({ engine: "mysql", version: "8.0" });
    expect(databaseImage("mysql:5.7.44")).toMatchObject({ engine: "mysql", version: "5.7", derived: undefined });
    expect(databaseImage("mariadb:11")).toMatchObject({ engine: "mysql", flavour: "mariadb", derived: expect.stringMatching(/MariaDB 11/) });
    expect(databaseImage("nginx:1.25")).toBeUndefined();
  });
  it("names data stores berth cannot run", () => {
    expect(unsupportedStore("mongo:7")).toMatch(/MongoDB/);
    expect(unsupportedStore("redis:7-alpine")).toMatch(/caches/);
    expect(unsupportedStore("ghcr.io/acme/api:1")).toBeUndefined();
  });
  it("splits image references", () => {
    expect(imageName("registry.example.com:5000/team/app:1.2@sha256:abc")).toEqual({ name: "app", tag: "1.2" });
  });
});
