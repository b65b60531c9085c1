import { describe, expect, it } from "vitest";
import { plainSecretIssues } from "./plain-secrets.js";

const withEnv = (environment: Record<string, unknown>) => ({ services: { api: { port: 8080, environment } } });
const flagged = async (environment: Record<string, unknown>) => (await plainSecretIssues(withEnv(environment))).map((i) => i.path.at(-1));

describe("secrets in plain environment values", () => {
  it("flags secret-looking names with real values", async () => {
    expect(await flagged({ DATABASE_PASSWORD: "hunter2-S3cret!", API_TOKEN: "abc123def", STRIPE_SECRET: "x-y-z-1", SIGNING_KEY: "k3y-material" })).toEqual([
      "DATABASE_PASSWORD",
      "API_TOKEN",
      "STRIPE_SECRET",
      "SIGNING_KEY",
    ]);
  });

  it("flags well-known key formats whatever the name", async () => {
    expect(await flagged({ PAYMENTS: `sk_live_${"a1B2c3D4e5".repeat(3)}`, GH: `ghp_${"a".repeat(36)}`, LEVEL: "info" })).toEqual(["PAYMENTS", "GH"]);
  });

  it("leaves references, numbers, flags and public parts alone", async () => {
    expect(
      await flagged({
        DB_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
        TOKEN_TTL: "3600",
        API_KEY_HEADER: "x-api-key",
        STRIPE_PUBLISHABLE_KEY: "pk_live_abc",
        PUBLIC_KEY_URL: "https://example.com/key.pem",
        USE_TOKEN: "true",
        PASSWORD_MIN_LENGTH: "12",
      }),
    ).toEqual([]);
  });

  it("accepts a value marked not secret, and never repeats a value", async () => {
    expect(await flagged({ CACHE_KEY: { value: "users", secret: false } })).toEqual([]);
    const issues = await plainSecretIssues(withEnv({ DATABASE_PASSWORD: "hunter2-S3cret!", X: `sk_live_${"a1B2c3D4e5".repeat(3)}` }));
    expect(JSON.stringify(issues)).not.toMatch(/hunter2|a1B2c3D4e5/);
    expect(issues[0]?.hint).toMatch(/secrets: \{ DATABASE_PASSWORD: \{ secret: "database-password" \} \}/);
  });

  it("checks environment overrides too", async () => {
    const issues = await plainSecretIssues({ environments: { prod: { services: { api: { environment: { API_TOKEN: "tok-12345678" } } } } } });
    expect(issues.map((i) => i.path)).toEqual([["environments", "prod", "services", "api", "environment", "API_TOKEN"]]);
  });

  it("checks the environment of sidecars, in the config and in overrides", async () => {
    const sidecar = { sidecars: { agent: { image: "agent:1", environment: { AGENT_API_KEY: "k3y-material-42", SITE: "eu" } } } };
    const issues = await plainSecretIssues({ services: { api: sidecar }, environments: { prod: { services: { api: sidecar } } } });
    expect(issues.map((i) => i.path)).toEqual([
      ["services", "api", "sidecars", "agent", "environment", "AGENT_API_KEY"],
      ["environments", "prod", "services", "api", "sidecars", "agent", "environment", "AGENT_API_KEY"],
    ]);
  });
});
