import { describe, expect, it } from "vitest";
import { ImportReport } from "./report.js";
import { moveSecretValues } from "./secret-values.js";

describe("moveSecretValues", () => {
  it("moves secret-looking values into empty secrets, in shared and per-environment service settings, and drops the value", async () => {
    const report = new ImportReport();
    report.mapped("x: API_TOKEN", ["services", "api", "environment", "API_TOKEN"]);
    const config: Record<string, unknown> = {
      services: { api: { environment: { API_TOKEN: "tok-123456789", MODE: "fast" } }, web: { environment: { API_TOKEN: "another-one-999" } } },
      environments: { prod: { services: { api: { environment: { DB_PASSWORD: "hunter2hunter2" } } } } },
    };
    await moveSecretValues(config, report, (p) => p.join("."));
    expect(config.services).toEqual({
      api: { environment: { MODE: "fast" }, secrets: { API_TOKEN: { secret: "api-token" } } },
      web: { secrets: { API_TOKEN: { secret: "web-api-token" } } },
    });
    expect((config.environments as Record<string, unknown>).prod).toEqual({ services: { api: { secrets: { DB_PASSWORD: { secret: "db-password" } } } } });
    expect(Object.keys(config.secrets as object).sort()).toEqual(["api-token", "db-password", "web-api-token"]);
    const text = JSON.stringify([config, report.entries]);
    for (const v of ["tok-123456789", "another-one-999", "hunter2hunter2"]) expect(text).not.toContain(v);
    expect(report.count("mapped")).toBe(0);
    expect(report.count("derived")).toBe(3);
  });
});
