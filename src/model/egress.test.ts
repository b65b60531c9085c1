import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";

type Raw = Record<string, unknown>;
const config = (egress: unknown, network: Raw = {}): Raw => ({
  project: "shop",
  network,
  loadBalancers: { public: {} },
  databases: { main: { engine: "postgres", version: "16" } },
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }], databases: { main: true }, egress } },
  environments: { staging: { tier: "staging", region: "eu-west-1" } },
});
const api = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!.services[0]!;

describe("egress", () => {
  it("keeps the broad modes as they were, defaulting on the subnet's route out", () => {
    expect([api(config(undefined)).egress, api(config(undefined)).declaredEgress]).toEqual(["internet", null]);
    expect(api(config(undefined, { nat: "none" })).egress).toBe("vpc");
    expect([api(config("vpc")).egress, api(config("vpc")).declaredEgress]).toEqual(["vpc", null]);
  });

  it("declares HTTPS out where the subnet has a route out, and only the VPC where it has none", () => {
    expect(api(config("declared"))).toMatchObject({ egress: "internet", declaredEgress: { https: true, to: [] } });
    expect(api(config("declared", { nat: "none" }))).toMatchObject({ egress: "vpc", declaredEgress: { https: false, to: [] } });
    expect(api(config({ internet: "none" }))).toMatchObject({ egress: "vpc", declaredEgress: { https: false } });
  });

  it("resolves named destinations with their ports, protocol and a description", () => {
    const declared = api(
      config({
        internet: "https",
        to: [
          { cidr: "10.20.0.0/16", port: 5432, description: "Reporting database in the peered VPC" },
          { prefixList: "pl-0123456789abcdef0", port: [8000, 8100], protocol: "udp" },
        ],
      }),
    ).declaredEgress;
    expect(declared).toEqual({
      https: true,
      to: [
        { cidr: "10.20.0.0/16", prefixList: undefined, protocol: "tcp", fromPort: 5432, toPort: 5432, description: "Reporting database in the peered VPC" },
        {
          cidr: undefined,
          prefixList: "pl-0123456789abcdef0",
          protocol: "udp",
          fromPort: 8000,
          toPort: 8100,
          description: "UDP 8000-8100 to pl-0123456789abcdef0",
        },
      ],
    });
  });

  it("refuses what cannot work, at its path, with the fix", () => {
    const text = modelReport(
      config(
        {
          internet: "https",
          to: [
            { port: 443 },
            { cidr: "10.20.0.0/16", prefixList: "pl-0123456789abcdef0", port: 443 },
            { cidr: "10.20.1.0/16", port: 443 },
            { cidr: "10.20.0.0/16", port: [9000, 8000] },
          ],
        },
        { nat: "none" },
      ),
    );
    const at = "services.api.egress";
    expect(text).toContain(`${at}.internet: is "https" but the service's private subnets have no route to the internet (network.nat is "none")`);
    expect(text).toContain(`${at}.to[0]: needs exactly one of cidr and prefixList`);
    expect(text).toContain(`${at}.to[1]: needs exactly one of cidr and prefixList`);
    expect(text).toContain(`${at}.to[2].cidr: "10.20.1.0/16" has host bits set\n    hint: write "10.20.0.0/16"`);
    expect(text).toContain(`${at}.to[3].port: range [9000, 8000] runs backwards\n    hint: write [8000, 9000]`);
  });

  it("refuses declared egress for tasks that share the EC2 instances' security group", () => {
    const raw = {
      ...config("declared"),
      compute: { ec2: { instanceType: "t3.small", subnets: ["public"] } },
      services: { api: { port: 8080, subnet: "public", routes: [{ loadBalancer: "public" }], egress: "declared" } },
    };
    expect(modelReport(raw)).toContain("services.api.egress: is declared, but tasks on EC2 instances in public subnets share the instances' security group");
  });
});
