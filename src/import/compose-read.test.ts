import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, UsageError } from "../errors.js";
import { findComposeFile, readCompose } from "./compose-read.js";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "berth-compose-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("readCompose", () => {
  it("finds the default file names in order, or says which it looked for", () => {
    const dir = project({ "docker-compose.yml": "services: {}\n", "compose.yaml": "services: {}\n" });
    expect(findComposeFile(dir)).toBe(join(dir, "compose.yaml"));
    expect(() => findComposeFile(project({}))).toThrow(UsageError);
  });

  it("interpolates from .env, with the process environment winning, and lists unset variables", () => {
    const dir = project({ "compose.yaml": "services:\n  a:\n    image: app:${TAG}\n    command: run ${MISSING}\n", ".env": "TAG=1.0\n" });
    const p = readCompose(join(dir, "compose.yaml"), { cwd: dir });
    expect(p.services[0]!.def.image).toBe("app:1.0");
    expect(p.unset).toEqual(["MISSING"]);
    const q = readCompose(join(dir, "compose.yaml"), { cwd: dir, env: { TAG: "2.0" } });
    expect(q.services[0]!.def.image).toBe("app:2.0");
  });

  it("follows include (relative to the including file), refusing a service declared twice and include cycles", () => {
    const ok = project({ "compose.yaml": "include: [sub/more.yaml]\nservices:\n  a: { image: x }\n", "sub/more.yaml": "services:\n  b: { build: . }\n" });
    const p = readCompose(join(ok, "compose.yaml"), { cwd: ok });
    expect(p.services.map((s) => [s.name, s.dir])).toEqual([
      ["a", ok],
      ["b", join(ok, "sub")],
    ]);
    const twice = project({ "compose.yaml": "include: [b.yaml]\nservices:\n  a: { image: x }\n", "b.yaml": "services:\n  a: { image: y }\n" });
    expect(() => readCompose(join(twice, "compose.yaml"), { cwd: twice })).toThrow(/declared in two files/);
    const cycle = project({ "compose.yaml": "include: [b.yaml]\nservices: {}\n", "b.yaml": "include: [compose.yaml]\nservices: {}\n" });
    expect(() => readCompose(join(cycle, "compose.yaml"), { cwd: cycle })).toThrow(/includes this file again/);
  });

  it("leaves out services of inactive profiles and drops extension fields", () => {
    const dir = project({ "compose.yaml": "x-base: &b { image: x }\nservices:\n  a: { <<: *b, x-note: hi }\n  t: { image: y, profiles: [tools] }\n" });
    const p = readCompose(join(dir, "compose.yaml"), { cwd: dir, env: {} });
    expect(p.services.map((s) => s.name)).toEqual(["a"]);
    expect(p.services[0]!.def).toEqual({ image: "x" });
    expect(p.inactive).toEqual([{ name: "t", profiles: ["tools"] }]);
    expect(readCompose(join(dir, "compose.yaml"), { cwd: dir, env: { COMPOSE_PROFILES: "tools" } }).services).toHaveLength(2);
  });

  it("names the file and line of a service that is not a map", () => {
    const dir = project({ "compose.yaml": "services:\n  a: nginx\n" });
    try {
      readCompose(join(dir, "compose.yaml"), { cwd: dir, env: {} });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).report()).toContain("compose.yaml:2: services.a: a service definition must be a map");
    }
  });
});
