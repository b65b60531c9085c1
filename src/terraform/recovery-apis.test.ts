/**
 * An HTTP API with a host in an environment with a recovery region: each region serves the API (and the
 * function behind it) with its own regional custom domain, and its record of the shared name is the
 * region's side of the routing (failover, latency or geolocation) behind a Route 53 health check of the
 * region's `execute-api` host; held against the provider schema, `terraform fmt` and an offline plan.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readPlan, resource } from "../../test/support/plan-json.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { validateConfig } from "../config/validate.js";
import { printFile } from "../hcl/index.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { renderStacks } from "./render.js";
import { writeStacks } from "./write.js";

const config = (routing?: unknown) => ({
  project: "shop",
  services: {},
  httpApis: { public: { host: "api", healthCheck: { path: "/items" } } },
  functions: {
    items: { dir: "functions/items", handler: "index.handler", http: { api: "public", routes: ["GET /items", "POST /items"] } },
  },
  environments: {
    prod: {
      tier: "prod",
      region: "us-east-1",
      domain: { name: "shop.example.com" },
      recovery: { region: "eu-west-1", network: { cidr: "10.1.0.0/16" }, ...(routing === undefined ? {} : { routing }) },
    },
  },
});
const stacksOf = (routing?: unknown) => renderStacks(resolveModel(validateConfig(config(routing))));
const domainTf = (routing: unknown, region: string): string =>
  printFile(
    stacksOf(routing)
      .find((s) => s.path === `prod/${region}/api-public`)!
      .files.find((f) => f.name === "domain.tf")!,
  );

describe("an HTTP API in the recovery regions", () => {
  it("serves the API and its function in each region, the function under a region-suffixed role", () => {
    const paths = stacksOf().map((s) => s.path);
    for (const region of ["us-east-1", "eu-west-1"])
      expect(paths).toEqual(expect.arrayContaining([`prod/${region}/function-items`, `prod/${region}/api-public`]));
    const west = resolveModel(validateConfig(config())).environments[0]!.recovery[0]!;
    expect(west.functions.map((f) => [f.name, f.roleName])).toEqual([["shop-prod-items", "shop-prod-items-fn-euw1"]]);
    expect(west.httpApis[0]!.regional).toEqual({
      routing: "failover",
      locations: [],
      role: "SECONDARY",
      setIdentifier: "eu-west-1",
      healthCheckPath: "/items",
    });
  });

  it("makes a failover pair by default: PRIMARY in the primary region, SECONDARY in the recovery region, each behind its health check", () => {
    for (const [region, role] of [
      ["us-east-1", "PRIMARY"],
      ["eu-west-1", "SECONDARY"],
    ]) {
      const tf = domainTf(undefined, region!);
      expect(tf).toContain('resource "aws_apigatewayv2_domain_name" "this" {\n  domain_name = "api.shop.example.com"');
      expect(tf).toContain(`set_identifier  = "${region}"\n  health_check_id = aws_route53_health_check.this.id`);
      expect(tf).toContain(`failover_routing_policy {\n    type = "${role}"\n  }`);
      expect(tf).toContain('fqdn              = trimprefix(aws_apigatewayv2_api.this.api_endpoint, "https://")');
      expect(tf).toContain('resource_path     = "/items"');
    }
  });

  it("makes latency records, or geolocation records per place, when the environment routes so", () => {
    const latency = domainTf("latency", "eu-west-1");
    expect(latency).toContain('latency_routing_policy {\n    region = "eu-west-1"\n  }');
    expect(latency).not.toContain("failover_routing_policy");
    const geo = { geolocation: { continents: ["EU"], countries: ["GB"] } };
    const west = domainTf(geo, "eu-west-1");
    expect(west).toContain('"api.shop.example.com EU" = {');
    expect(west).toContain('"api.shop.example.com GB" = {');
    expect(west).toContain("geolocation_routing_policy {\n    continent = each.value.continent\n    country   = each.value.country\n  }");
    expect(domainTf(geo, "us-east-1")).toContain('set_identifier = "us-east-1 *"');
  });

  it("keeps the API's record a plain alias without a recovery region (no health check)", () => {
    const raw = config();
    const { recovery: _r, ...prod } = raw.environments.prod;
    const stacks = renderStacks(resolveModel(validateConfig({ ...raw, environments: { prod } })));
    const tf = printFile(stacks.find((s) => s.path === "prod/us-east-1/api-public")!.files.find((f) => f.name === "domain.tf")!);
    expect(tf).not.toContain("aws_route53_health_check");
    expect(tf).not.toContain("set_identifier");
  });

  it("is formatted as terraform fmt writes it, uses only what the provider knows, and plans offline in both regions", async () => {
    const all = stacksOf("latency");
    const dir = mkdtempSync(join(tmpdir(), "berth-api-regions-"));
    const schema = await awsProviderSchema();
    for (const region of ["us-east-1", "eu-west-1"]) {
      const files = all.find((s) => s.path === `prod/${region}/api-public`)!.files;
      mkdirSync(join(dir, region), { recursive: true });
      for (const f of files) writeFileSync(join(dir, region, f.name), printFile(f));
      expect(checkAgainstSchema(files, schema)).toEqual([]);
    }
    expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();

    const out = mkdtempSync(join(tmpdir(), "berth-api-regions-plan-"));
    const only = ["prod/us-east-1/api-public", "prod/eu-west-1/api-public"];
    const configDir = mkdtempSync(join(tmpdir(), "berth-api-regions-config-"));
    mkdirSync(join(configDir, "functions/items"), { recursive: true });
    writeFileSync(join(configDir, "functions/items/index.js"), "export const handler = async () => ({ statusCode: 200 });\n");
    writeStacks(all, out, { configDir });
    const results = await planOffline(all, out, { parallelism: 1, only });
    expect(results.map((r) => `${r.stack}: ${r.status}${r.error ? ` ${(r.error as Error).message}` : ""}`).sort()).toEqual(
      only.map((p) => `${p}: succeeded`).sort(),
    );
    for (const region of ["us-east-1", "eu-west-1"]) {
      const plan = readPlan(join(out, `prod/${region}/api-public/plan.json`));
      expect(resource(plan, "aws_apigatewayv2_domain_name", "this").values).toMatchObject({ domain_name: "api.shop.example.com" });
      expect(resource(plan, "aws_route53_record", "this").values).toMatchObject({
        name: "api.shop.example.com",
        set_identifier: region,
        latency_routing_policy: [{ region }],
      });
      expect(resource(plan, "aws_route53_health_check", "this").values).toMatchObject({
        type: "HTTPS",
        port: 443,
        enable_sni: true,
        resource_path: "/items",
        tags: { Name: `shop-prod-public-api-${region}` },
      });
      expect(readFileSync(join(out, `prod/${region}/api-public/providers.tf`), "utf8")).toMatch(new RegExp(`region\\s+= "${region}"`));
    }
  }, 600_000);
});
