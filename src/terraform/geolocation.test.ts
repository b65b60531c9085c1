/**
 * Geolocation routing between an environment's primary and recovery regions (`recovery.routing:
 * { geolocation }`, SARC-NG's "geolocation routing for global users"): the primary answers the default
 * record, the recovery region its continents and countries, each record with its region's health check;
 * held against the model's rules, `terraform fmt`, the provider schema and an offline plan of both regions.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { modelErrors } from "../../test/support/config-errors.js";
import { readPlan, resource } from "../../test/support/plan-json.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { validateConfig } from "../config/validate.js";
import { printFile } from "../hcl/index.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { renderStacks } from "./render.js";
import { writeStacks } from "./write.js";

const config = (routing: unknown) => ({
  project: "shop",
  loadBalancers: { public: {} },
  services: { web: { port: 3000, routes: [{ loadBalancer: "public" }], healthCheck: { path: "/health" } } },
  environments: {
    prod: {
      tier: "prod",
      region: "us-east-1",
      domain: { name: "shop.example.com" },
      recovery: { region: "eu-west-1", network: { cidr: "10.1.0.0/16" }, desiredCount: 2, routing },
    },
  },
});
const GEO = { geolocation: { continents: ["EU", "AF"], countries: ["GB"] } };
const stacks = () => renderStacks(resolveModel(validateConfig(config(GEO))));
const platform = (region: string) => stacks().find((s) => s.path === `prod/${region}/platform`)!;

describe("geolocation routing between the regions", () => {
  it("gives the primary the default record and the recovery region its places, each region with its health check", () => {
    const env = resolveModel(validateConfig(config(GEO))).environments[0]!;
    expect(env.loadBalancers[0]!.https?.regional).toMatchObject({ routing: "geolocation", role: "PRIMARY", locations: [{ country: "*" }] });
    expect(env.recovery[0]!.loadBalancers[0]!.https?.regional).toMatchObject({
      routing: "geolocation",
      role: "SECONDARY",
      locations: [{ continent: "EU" }, { continent: "AF" }, { country: "GB" }],
    });
    const edge = printFile(platform("eu-west-1").files.find((f) => f.name === "edge.tf")!);
    expect(edge).toContain('"shop.example.com GB" = {');
    expect(edge).toContain('set_identifier = "eu-west-1 GB"');
    expect(edge).toContain("geolocation_routing_policy {\n    continent = each.value.continent\n    country   = each.value.country\n  }");
    expect(edge).toContain("health_check_id = aws_route53_health_check.public.id");
    expect(edge).not.toContain("failover_routing_policy");
  });

  it("refuses an empty geolocation and places listed twice, at their paths", () => {
    expect(modelErrors(config({ geolocation: {} }))).toContainEqual(
      expect.stringContaining("environments.prod.recovery.routing.geolocation: names no place for the recovery region to answer"),
    );
    expect(modelErrors(config({ geolocation: { continents: ["EU", "EU"] } }))).toContainEqual(
      expect.stringContaining("environments.prod.recovery.routing.geolocation.continents: lists EU twice"),
    );
    expect(() => validateConfig(config({ geolocation: { countries: ["gb"] } }))).toThrow(/ISO 3166-1 alpha-2 country code/);
  });

  it("is formatted as terraform fmt writes it, uses only what the provider knows, and plans offline in both regions", async () => {
    const all = stacks();
    const dir = mkdtempSync(join(tmpdir(), "berth-geo-"));
    for (const region of ["us-east-1", "eu-west-1"]) {
      const files = platform(region).files;
      mkdirSync(join(dir, region), { recursive: true });
      for (const f of files) writeFileSync(join(dir, region, f.name), printFile(f));
      expect(checkAgainstSchema(files, await awsProviderSchema())).toEqual([]);
    }
    expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();

    const out = mkdtempSync(join(tmpdir(), "berth-geo-plan-"));
    writeStacks(all, out);
    const only = ["prod/us-east-1/platform", "prod/eu-west-1/platform"];
    const results = await planOffline(all, out, { parallelism: 1, only });
    expect(results.map((r) => `${r.stack}: ${r.status}${r.error ? ` ${(r.error as Error).message}` : ""}`).sort()).toEqual(
      only.map((p) => `${p}: succeeded`).sort(),
    );
    const primary = readPlan(join(out, "prod/us-east-1/platform/plan.json"));
    expect(resource(primary, "aws_route53_record", "public", "shop.example.com *").values).toMatchObject({
      set_identifier: "us-east-1 *",
      geolocation_routing_policy: [{ country: "*" }],
    });
    const recovery = readPlan(join(out, "prod/eu-west-1/platform/plan.json"));
    expect(resource(recovery, "aws_route53_record", "public", "shop.example.com EU").values).toMatchObject({
      set_identifier: "eu-west-1 EU",
      geolocation_routing_policy: [{ continent: "EU" }],
    });
    expect(resource(recovery, "aws_route53_health_check", "public").values).toMatchObject({ type: "HTTPS", port: 443 });
  }, 600_000);
});
