/**
 * `berth dev` runs a sidecar that has `local.command` beside its service: the service's replica reaches it
 * on loopback at the port the sidecar listens on (as on AWS, where they share the task's network), with
 * the sidecar's own environment and secret; a sidecar without `local.command` is reported as not run.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { BerthConfig } from "../../src/config/schema/app.js";
import { DevBus, type DevEvent } from "../../src/dev/events.js";
import { startDev } from "../../src/dev/runtime.js";
import { resolveModel } from "../../src/model/resolve.js";

/** A port nobody listens on now, for the sidecar to take (as a sidecar's fixed port on AWS). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

const SIDECAR = `import { createServer } from "node:http";
createServer((req, res) => res.end(JSON.stringify({ greeting: process.env.GREETING, token: process.env.AGENT_TOKEN, port: process.env.PORT ?? null })))
  .listen(Number(process.env.SIDECAR_PORT), "127.0.0.1");
`;
const APP = `import { createServer } from "node:http";
createServer(async (req, res) => {
  if (req.url === "/health") return res.end("ok");
  const r = await fetch("http://127.0.0.1:" + process.env.SIDECAR_PORT + "/");
  res.end(await r.text());
}).listen(Number(process.env.PORT), "127.0.0.1");
`;

describe("berth dev: sidecars", () => {
  const dir = mkdtempSync(join(tmpdir(), "berth-dev-sidecars-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs the sidecar with local.command beside the service, which reaches it on loopback; lists the other as not run", async () => {
    writeFileSync(join(dir, "package.json"), '{"type":"module"}');
    writeFileSync(join(dir, "app.js"), APP);
    writeFileSync(join(dir, "sidecar.js"), SIDECAR);
    const port = await freePort();
    const config = {
      project: "shop",
      loadBalancers: { public: {} },
      services: {
        api: {
          port: 8080,
          routes: [{ loadBalancer: "public" }],
          healthCheck: { path: "/health" },
          environment: { SIDECAR_PORT: String(port) },
          sidecars: {
            greeter: {
              image: "greeter:1",
              port,
              environment: { GREETING: "hello", SIDECAR_PORT: String(port) },
              secrets: { AGENT_TOKEN: { ssm: "/shop/agent-token" } },
              local: { command: "node sidecar.js" },
            },
            agent: { image: "agent:7" },
          },
          local: { command: "node app.js" },
        },
      },
      environments: { dev: { tier: "dev", region: "eu-west-1" } },
    } as BerthConfig;
    const env = resolveModel(config).environments[0]!;
    const bus = new DevBus();
    const events: DevEvent[] = [];
    bus.on((e) => void events.push(e));
    const runtime = await startDev(env, { configDir: dir, port: 0, bus, secrets: { AGENT_TOKEN: "local-token" }, healthScale: 0.01 });
    try {
      await runtime.ready;
      const gateway = runtime.gateways.find((g) => g.key === "public")!;
      let body: unknown;
      for (let i = 0; i < 50 && body === undefined; i++) {
        const r = await fetch(gateway.url + "/");
        if (r.status === 200) body = await r.json();
        else await new Promise((res) => setTimeout(res, 100));
      }
      expect(body).toEqual({ greeting: "hello", token: "local-token", port: null });
      expect([...new Set(runtime.status().services.map((s) => s.service))].sort()).toEqual(["api", "api/greeter"]);
      expect(events.some((e) => e.type === "warning" && /"sidecar agent of api": it has no local\.command/.test(e.message))).toBe(true);
    } finally {
      await runtime.stop();
    }
  }, 60_000);
});
