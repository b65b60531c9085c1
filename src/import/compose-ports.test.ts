import { describe, expect, it } from "vitest";
import { chooseEntryPoint, type ComposePort, parseExpose, parsePort } from "./compose-ports.js";

describe("Compose ports", () => {
  it.each([
    ["3000", { target: 3000, published: undefined, range: false }],
    ["8080:80", { target: 80, published: 8080, range: false }],
    ["127.0.0.1:8000:8001/tcp", { target: 8001, published: 8000, range: false }],
    ["9090-9091:8080-8081", { target: 8080, published: 9090, range: true }],
    ["[::1]:6001:6001", { target: 6001, published: 6001, range: false }],
  ])("short syntax %s", (input, expected) => {
    expect(parsePort(input)).toMatchObject(expected);
  });
  it("long syntax, udp and expose", () => {
    expect(parsePort({ target: 80, published: "8080", protocol: "tcp" })).toMatchObject({ target: 80, published: 8080, protocol: "tcp" });
    expect(parsePort("53:53/udp")).toMatchObject({ protocol: "udp" });
    expect(parseExpose("9000")).toMatchObject({ target: 9000, isPublished: false });
    expect(parsePort("nope")).toBeUndefined();
  });

  const ports = (entries: Record<string, string[]>) => new Map(Object.entries(entries).map(([k, v]) => [k, v.map((p) => parsePort(p) as ComposePort)]));

  it("chooses the service published on 80/443 first", () => {
    const e = chooseEntryPoint(ports({ api: ["8080:8080"], web: ["80:3000"] }));
    expect(e).toMatchObject({ service: "web", port: { target: 3000 } });
    expect(e?.rule).toMatch(/80 or 443/);
  });
  it("otherwise the only published HTTP port", () => {
    expect(chooseEntryPoint(ports({ api: ["8080:8080"] }))?.rule).toMatch(/only published port/);
    expect(chooseEntryPoint(ports({ api: ["8080:8080"], admin: ["9000:9000"] }))).toBeUndefined();
    expect(chooseEntryPoint(ports({ cache: ["6379:6379"] }))).toBeUndefined();
  });
});
