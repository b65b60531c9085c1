/** Global write forwarding: the engine versions AWS forwards writes from, and the rules at their config paths. */
import { describe, expect, it } from "vitest";
import { modelErrors, modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";
import { writeForwardingGap } from "./write-forwarding.js";

type Raw = Record<string, unknown>;
const config = (db: Raw, routing: unknown = "latency"): Raw => ({
  project: "shop",
  network: { cidr: "10.0.0.0/16", azs: 2 },
  databases: { main: db },
  services: { api: { port: 8080, databases: { main: true } } },
  environments: {
    prod: { tier: "prod", region: "us-east-1", recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" }, routing } },
  },
});
const secondary = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!.recovery[0]!.databases[0]!.global;

describe("which engine versions forward writes", () => {
  it("knows Aurora MySQL 2.08.1+ and 3.x, Aurora PostgreSQL 14.9+, 15.4+ and 16+", () => {
    const ok = [
      ["aurora-mysql", "5.7.mysql_aurora.2.08.1"],
      ["aurora-mysql", "5.7.mysql_aurora.2.11.2"],
      ["aurora-mysql", "8.0.mysql_aurora.3.01.0"],
      ["aurora-postgresql", "14.9"],
      ["aurora-postgresql", "15.4"],
      ["aurora-postgresql", "16.1"],
      ["aurora-postgresql", "17.4"],
    ] as const;
    for (const [engine, version] of ok) expect(writeForwardingGap(engine, version), version).toBeNull();
    expect(writeForwardingGap("aurora-mysql", "5.7.mysql_aurora.2.08.0")).toEqual({ minimum: "5.7.mysql_aurora.2.08.1" });
    expect(writeForwardingGap("aurora-mysql", "5.7.mysql_aurora.2.07.9")).toEqual({ minimum: "5.7.mysql_aurora.2.08.1" });
    expect(writeForwardingGap("aurora-postgresql", "14.8")).toEqual({ minimum: "14.9" });
    expect(writeForwardingGap("aurora-postgresql", "15.3")).toEqual({ minimum: "15.4" });
    expect(writeForwardingGap("aurora-postgresql", "13.12")).toEqual({ minimum: "14.9" });
  });
});

describe("write forwarding of a global database's secondaries", () => {
  it("is on where the recovery regions serve users (latency, geolocation), for both engines, and off with failover unless asked", () => {
    expect(secondary(config({ engine: "aurora-postgresql", version: "16.4", global: true }))?.writeForwarding).toBe(true);
    expect(
      secondary(config({ engine: "aurora-mysql", version: "8.0.mysql_aurora.3.04.0", global: true }, { geolocation: { continents: ["EU"] } }))?.writeForwarding,
    ).toBe(true);
    expect(secondary(config({ engine: "aurora-mysql", version: "8.0.mysql_aurora.3.04.0", global: true }, "failover"))?.writeForwarding).toBe(false);
    expect(
      secondary(config({ engine: "aurora-mysql", version: "8.0.mysql_aurora.3.04.0", global: true, writeForwarding: true }, "failover"))?.writeForwarding,
    ).toBe(true);
    expect(secondary(config({ engine: "aurora-postgresql", version: "14.8", global: true, writeForwarding: false }))?.writeForwarding).toBe(false);
  });

  it("refuses a version AWS does not forward writes from, at the version (implied) or at writeForwarding (asked), with the minimum", () => {
    const implied = modelReport(config({ engine: "aurora-postgresql", version: "14.8", global: true }));
    expect(implied).toContain(
      "databases.main.version: aurora-postgresql 14.8 cannot forward writes from a secondary region (global write forwarding needs 14.9 or later), which the recovery regions need because they serve users",
    );
    expect(implied).toContain('use version "14.9" or later, or writeForwarding: false');
    expect(modelErrors(config({ engine: "aurora-mysql", version: "5.7.mysql_aurora.2.07.2", global: true, writeForwarding: true }, "failover"))).toContainEqual(
      expect.stringContaining(
        "databases.main.writeForwarding: aurora-mysql 5.7.mysql_aurora.2.07.2 cannot forward writes from a secondary region (global write forwarding needs 5.7.mysql_aurora.2.08.1 or later)",
      ),
    );
    expect(modelErrors(config({ engine: "aurora-mysql", version: "8.0.mysql_aurora.3.04.0", writeForwarding: true }))).toContainEqual(
      expect.stringContaining("databases.main.writeForwarding: forwards writes from a global database's secondary regions, and this database is not global"),
    );
  });
});
