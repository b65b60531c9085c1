/**
 * Every example with services runs under `berth dev`: each starts from its own berth.config.ts (first
 * environment), every local service turns healthy behind its gateways, and the public gateway answers the
 * health path of the service behind it. The 8byte backend also stores and reads an item through the gateway
 * in its embedded PostgreSQL (the Task API's CRUD has its own test).
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exampleNames, loadExample } from "../support/examples.js";
import { runExample } from "./run-example.js";

const dataDir = mkdtempSync(join(tmpdir(), "berth-examples-"));
chmodSync(dataDir, 0o755); // when tests run as root, Postgres runs as the "postgres" user and must reach it
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (name: string) => runExample(name, { dev: { dataDir: join(dataDir, name), statusIntervalMs: 60_000 } });

/** Every folder of examples/ whose model has services; a new one joins this test by itself. */
const WITH_SERVICES: string[] = [];
for (const name of exampleNames()) if ((await loadExample(name)).model.environments[0]!.services.length > 0) WITH_SERVICES.push(name);

describe("every example with services runs under berth dev", () => {
  it("covers the five examples with services (at least)", () => {
    expect(WITH_SERVICES).toEqual(expect.arrayContaining(["8byte-backend", "sarc-ng", "sky-high-booker", "skyfox", "task-api"]));
  });

  for (const name of WITH_SERVICES) {
    it(`${name}: every local service turns healthy and the public gateway answers its health path`, async () => {
      const { runtime } = await start(name);
      try {
        // sarc-ng's api-internal (the seed's NLB service) has no local command: the api serves the same routes.
        expect(runtime.plan.notRun).toEqual(name === "sarc-ng" ? ["api-internal"] : []);
        const publicGateway = runtime.gateways.find((g) => !g.internal)!;
        const behind = runtime.plan.services.find((s) => s.loadBalancers.includes(publicGateway.key))!;
        const res = await fetch(`${publicGateway.url}${behind.healthCheck.path}`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        if (name === "8byte-backend") {
          const created = await fetch(`${publicGateway.url}/items`, { method: "POST", body: JSON.stringify({ name: "through the gateway" }) });
          expect(created.status).toBe(201);
          const { id } = (await created.json()) as { id: number };
          expect(await (await fetch(`${publicGateway.url}/items/${id}`)).json()).toMatchObject({ name: "through the gateway" });
        }
      } finally {
        await runtime.stop();
      }
    }, 120_000);
  }
});
