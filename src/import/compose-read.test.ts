import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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

  it("resolves extends in the same file and in another, merging maps, joining ports and replacing the rest", () => {
    const dir = project({
      "compose.yaml": [
        "services:",
        "  base: { image: app, environment: { A: '1', B: '2' }, ports: ['80:80'], command: [serve] }",
        "  web: { extends: base, environment: { B: '3' }, ports: ['443:443'], command: [serve, --tls] }",
        "  job: { extends: { service: worker, file: common.yaml }, command: [nightly] }",
        "  loop: { extends: loop2 }",
        "  loop2: { extends: loop }",
        "",
      ].join("\n"),
      "common.yaml": "services:\n  worker: { image: jobs, deploy: { replicas: 2 } }\n",
    });
    const err = () => readCompose(join(dir, "compose.yaml"), { cwd: dir, env: {} });
    expect(err).toThrow(/extends this service again/);
    writeFileSync(join(dir, "compose.yaml"), readFileSync(join(dir, "compose.yaml"), "utf8").replace(/  loop.*\n/g, ""));
    const p = readCompose(join(dir, "compose.yaml"), { cwd: dir, env: {} });
    const def = (n: string) => p.services.find((s) => s.name === n)!.def;
    expect(def("web")).toEqual({ image: "app", environment: { A: "1", B: "3" }, ports: ["80:80", "443:443"], command: ["serve", "--tls"] });
    expect(def("job")).toEqual({ image: "jobs", deploy: { replicas: 2 }, command: ["nightly"] });
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
