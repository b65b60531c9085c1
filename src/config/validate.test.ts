import { describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { validateConfig } from "./validate.js";

const base = {
  project: "shop",
  services: { api: { port: 8080 } },
  environments: { prod: { tier: "prod", region: "us-east-1" } },
};

function messages(raw: unknown): string[] {
  try {
    validateConfig(raw, "berth.config.ts");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message.split("\n");
  }
  throw new Error("expected a ConfigError");
}

const withService = (extra: Record<string, unknown>) => ({ ...base, services: { api: { port: 8080, ...extra } } });

describe("config validation", () => {
  it("accepts a minimal config", () => {
    expect(validateConfig(base).project).toBe("shop");
  });

  it("suggests the closest key for a typo", () => {
    expect(messages(withService({ prot: 1 }))).toContain('services.api: unknown key "prot"; did you mean "port"?');
  });

  it("lists the known keys when nothing is close", () => {
    expect(messages({ ...base, zzzzzzzzz: 1 })[0]).toMatch(/^\(root\): unknown key "zzzzzzzzz"; expected one of: \$schema, project, tags, state/);
  });

  it("names a missing required value", () => {
    expect(messages(withService({ worker: {} }))).toContain("services.api.worker.queue: is required (string)");
  });

  it("says what it expected and what it got", () => {
    expect(messages(withService({ desiredCount: "two" }))).toContain('services.api.desiredCount: expected number; got "two"');
  });

  it("suggests an enum value", () => {
    expect(messages({ ...base, environments: { prod: { tier: "prd", region: "us-east-1" } } })).toContain(
      'environments.prod.tier: expected one of "dev", "staging", "prod"; got "prd"; did you mean "prod"?',
    );
  });

  it("explains unit strings", () => {
    expect(messages(withService({ cpu: "half a core" }))).toContain(
      'services.api.cpu: expected CPU units (a number, 1024 = 1 vCPU) or a string such as "0.5 vCPU"; got "half a core"',
    );
    expect(messages(withService({ memory: "1 gigabyte" }))[0]).toMatch(
      /^services\.api\.memory: expected MiB \(a number\) or a string such as "512 MB" or "1 GB"/,
    );
    expect(messages(withService({ logRetention: "2 weeks" }))[0]).toMatch(/^services\.api\.logRetention: expected a duration such as "30 seconds"/);
  });

  it("checks names used in AWS resource names", () => {
    expect(messages({ ...base, project: "My_Shop" })[0]).toMatch(/^project: project must be lowercase letters, digits and hyphens/);
  });

  it("checks regions and route paths", () => {
    expect(messages({ ...base, environments: { prod: { tier: "prod", region: "mars-1" } } })[0]).toMatch(
      /^environments\.prod\.region: expected an AWS region such as "us-east-1"/,
    );
    expect(messages(withService({ routes: [{ loadBalancer: "public", path: "api/*" }] }))[0]).toMatch(
      /^services\.api\.routes\[0\]\.path: a path pattern must start with "\/"/,
    );
  });

  it("requires at least one environment", () => {
    expect(messages({ ...base, environments: {} })[0]).toMatch(/^environments: declare at least one environment/);
  });

  it("validates environment overrides with their own paths", () => {
    expect(messages({ ...base, environments: { prod: { tier: "prod", region: "us-east-1", services: { api: { cpuu: 1 } } } } })).toContain(
      'environments.prod.services.api: unknown key "cpuu"; did you mean "cpu"?',
    );
  });

  it("reports several problems at once", () => {
    expect(messages({ ...base, project: "", services: { api: { port: 0 } } }).length).toBeGreaterThanOrEqual(2);
  });
});
