/** FireLens in the model: the router's defaults, options with `Name` first, secret options resolved like secrets, and what it refuses. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { ConfigError } from "../errors.js";
import { FIRELENS_IMAGE } from "./firelens.js";
import { resolveModel } from "./resolve.js";

const config = (firelens: unknown, extra: Record<string, unknown> = {}) => ({
  project: "shop",
  secrets: { "dd-key": {} },
  services: { api: { port: 8080, firelens, ...extra } },
  environments: { prod: { tier: "prod", region: "eu-west-1" } },
});

describe("FireLens", () => {
  it("resolves the router image, the options with Name first, secret options and metadata on", () => {
    const model = resolveModel(
      validateConfig(
        config({ options: { TLS: "on", Name: "datadog", Host: "http-intake.logs.datadoghq.eu" }, secretOptions: { apikey: { secret: "dd-key" } } }),
      ),
    );
    expect(model.environments[0]!.services[0]!.firelens).toEqual({
      image: FIRELENS_IMAGE,
      options: [
        { name: "Name", value: "datadog" },
        { name: "Host", value: "http-intake.logs.datadoghq.eu" },
        { name: "TLS", value: "on" },
      ],
      secretOptions: [{ name: "apikey", source: "secretsmanager", ref: "shop-prod/dd-key", key: undefined, declared: "dd-key" }],
      metadata: true,
    });
    expect(resolveModel(validateConfig(config(undefined))).environments[0]!.services[0]!.firelens).toBeNull();
  });

  it("refuses options without Name, an option set twice and an unknown secret; warns that logRetention now keeps the router's logs", () => {
    let report = "";
    try {
      resolveModel(validateConfig(config({ options: { apikey: "x" }, secretOptions: { apikey: { ssm: "/k" }, token: { secret: "nope" } } })));
    } catch (e) {
      report = (e as ConfigError).report();
    }
    expect(report).toMatch(/services\.api\.firelens\.options: has no Name/);
    expect(report).toMatch(/services\.api\.firelens\.secretOptions\.apikey: is also set in options/);
    expect(report).toMatch(/services\.api\.firelens\.secretOptions\.token\.secret: secret "nope" does not exist/);
    const warned = resolveModel(validateConfig(config({ options: { Name: "firehose" } }, { logRetention: "90 days" })));
    expect(warned.warnings.map((w) => w.message).join("\n")).toMatch(/logRetention and logKmsKey now apply to the log router's own logs only/);
  });
});
