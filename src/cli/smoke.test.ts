/** Where `berth smoke` requests an HTTP API: its recorded URL, or with --region one region's execute-api host. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "../model/resolve.js";
import { pickRegion } from "../runner/day2.js";
import { apiSmokeBase } from "./smoke.js";

const env = resolveModel(
  validateConfig({
    project: "shop",
    services: {},
    httpApis: { public: { host: "api", healthCheck: { path: "/items" } }, plain: { healthCheck: { path: "/items" } } },
    functions: {
      items: { dir: "functions/items", handler: "index.handler", http: { api: "public", routes: ["GET /items"] } },
      other: { dir: "functions/other", handler: "index.handler", http: { api: "plain", routes: ["GET /items"] } },
    },
    environments: {
      prod: { tier: "prod", region: "us-east-1", domain: { name: "shop.example.com" }, recovery: { region: "eu-west-1", network: { cidr: "10.1.0.0/16" } } },
    },
  }),
).environments[0]!;

/** The outputs of the API's stack as an apply recorded them. */
const recorded = (outputs: Record<string, string>) => async (output: string) => outputs[output];

describe("apiSmokeBase", () => {
  it("is the API's recorded url, in every region, when no region is named", async () => {
    const west = pickRegion(env, "eu-west-1");
    const api = west.httpApis.find((a) => a.key === "public")!;
    expect(await apiSmokeBase(west, api, false, recorded({ url: "https://api.shop.example.com", api_id: "w1" }))).toBe("https://api.shop.example.com");
  });

  it("with --region, is the region's execute-api host for a name Route 53 routes between regions, what its health check requests", async () => {
    const west = pickRegion(env, "eu-west-1");
    const api = west.httpApis.find((a) => a.key === "public")!;
    expect(await apiSmokeBase(west, api, true, recorded({ url: "https://api.shop.example.com", api_id: "w1" }))).toBe(
      "https://w1.execute-api.eu-west-1.amazonaws.com",
    );
    expect(await apiSmokeBase(west, api, true, recorded({}))).toBeUndefined();
  });

  it("with --region, is the recorded url of an API without a routed name (its own per region)", async () => {
    const west = pickRegion(env, "eu-west-1");
    const api = west.httpApis.find((a) => a.key === "plain")!;
    expect(await apiSmokeBase(west, api, true, recorded({ url: "https://p1.execute-api.eu-west-1.amazonaws.com", api_id: "p1" }))).toBe(
      "https://p1.execute-api.eu-west-1.amazonaws.com",
    );
  });
});
