/**
 * The SARC-NG example (examples/sarc-ng/berth.config.ts, dev) under `berth dev`: its MySQL database runs on
 * the machine's MySQL or MariaDB server, the API gets DB_HOST… under the names it declares (as on AWS) and
 * DB_SSL_MODE=DISABLED; reservations through the gateway, with the overlap refused by the database's own
 * check, and the data kept between runs.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runExample } from "./run-example.js";

const dataDir = mkdtempSync(join(tmpdir(), "berth-sarc-ng-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const run = () => runExample("sarc-ng", { env: "dev", dev: { dataDir } });

const slot = (resourceId: number, from: string, to: string) => ({
  resourceId,
  title: "Seminar",
  startsAt: `2026-03-02T${from}:00Z`,
  endsAt: `2026-03-02T${to}:00Z`,
});

describe("SARC-NG under berth dev with the machine's MySQL server", () => {
  it("reserves through the gateway, refuses overlaps in the database, and keeps the data between runs", async () => {
    const first = await run();
    try {
      expect((await first.call("GET", "/health")).json).toEqual({ status: "UP", database: "UP" });
      const lab = await first.call("POST", "/api/v1/resources", { name: "Lab 1", kind: "lab", capacity: 30 });
      expect(lab.status).toBe(201);
      const id = lab.json!.id as number;
      expect((await first.call("POST", "/api/v1/reservations", slot(id, "14:00", "16:00"))).status).toBe(201);
      // Two overlapping requests at once: the row lock lets exactly one through.
      const racing = await Promise.all([
        first.call("POST", "/api/v1/reservations", slot(id, "16:00", "18:00")),
        first.call("POST", "/api/v1/reservations", slot(id, "17:00", "19:00")),
      ]);
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
      expect((await first.call("POST", "/api/v1/reservations", slot(id + 99, "09:00", "10:00"))).status).toBe(404);
      const db = first.events.find((e) => e.type === "database");
      expect(db).toMatchObject({ name: "main", engine: "mysql", url: expect.stringMatching(/^mysql:\/\/berth:\*\*\*@127\.0\.0\.1:\d+\/sarcng$/) });
      const { password } = JSON.parse(readFileSync(join(dataDir, "main", "credentials.json"), "utf8")) as { password: string };
      expect(JSON.stringify(first.events)).not.toContain(password);
    } finally {
      await first.runtime.stop();
    }

    const second = await run();
    try {
      const { json } = await second.call("GET", "/api/v1/resources");
      expect(json!.resources).toEqual([{ id: expect.any(Number), name: "Lab 1", kind: "lab", capacity: 30 }]);
      expect((await second.call("GET", `/api/v1/resources/${json!.resources[0].id}/reservations`)).json!.reservations).toHaveLength(2);
    } finally {
      await second.runtime.stop();
    }
  }, 120_000);
});
