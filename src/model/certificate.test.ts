/** domain.certificateArn and a recovery region's certificateArn in the model: kept per region, refused where they cannot apply. */
import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";

const ARN = "arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const WEST2 = "arn:aws:acm:us-west-2:111111111111:certificate/1a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
type Raw = Record<string, unknown>;
const config = (domain: Raw | undefined, env: Raw = {}) => ({
  project: "shop",
  loadBalancers: { public: {} },
  services: { web: { port: 3000, routes: [{ loadBalancer: "public" }] } },
  environments: { prod: { tier: "prod", region: "eu-west-1", ...(domain ? { domain: { name: "shop.example.com", ...domain } } : {}), ...env } },
});
const model = (domain: Raw | undefined, env: Raw = {}) => resolveModel(validateConfig(config(domain, env))).environments[0]!;

describe("an existing certificate (domain.certificateArn)", () => {
  it("is the environment's certificate; berth issues one without it", () => {
    expect(model({ certificateArn: ARN }).domain!.certificateArn).toBe(ARN);
    expect(model({}).domain!.certificateArn).toBeNull();
  });

  it("gives each recovery region its own, and berth issues a recovery region's when the primary's is berth's too", () => {
    const env = model({ certificateArn: ARN }, { recovery: { region: "us-west-2", certificateArn: WEST2, network: { cidr: "10.1.0.0/16" } } });
    expect(env.recovery[0]!.domain!.certificateArn).toBe(WEST2);
    expect(model({}, { recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } } }).recovery[0]!.domain!.certificateArn).toBeNull();
  });

  it("refuses a recovery region without one, a certificate of another region, and one without a domain, at their paths", () => {
    expect(modelReport(config({ certificateArn: ARN }, { recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } } }))).toMatch(
      /environments\.prod\.recovery: needs a certificateArn of its own[^\n]*\n\s+hint: add certificateArn: "arn:aws:acm:us-west-2:/,
    );
    expect(modelReport(config({ certificateArn: WEST2 }))).toMatch(
      /environments\.prod\.domain\.certificateArn: is a certificate in us-west-2, but listeners in eu-west-1 can only use one of eu-west-1/,
    );
    expect(modelReport(config(undefined, { recovery: { region: "us-west-2", certificateArn: WEST2, network: { cidr: "10.1.0.0/16" } } }))).toMatch(
      /environments\.prod\.recovery\.certificateArn: is set, but the environment has no domain/,
    );
  });
});
