import { describe, expect, it } from "vitest";
import { allocateSubnet, parseCidr, planSubnets } from "./cidr.js";

describe("CIDR planning", () => {
  it("allocates each tier in its own quarter of the VPC, one subnet per AZ", () => {
    const { subnets, issues } = planSubnets("10.0.0.0/16", ["public", "private", "database"], 2, {}, ["network"]);
    expect(issues).toEqual([]);
    expect(subnets.map((s) => `${s.tier}:${s.cidr}`)).toEqual([
      "public:10.0.0.0/24",
      "public:10.0.1.0/24",
      "private:10.0.64.0/24",
      "private:10.0.65.0/24",
      "database:10.0.128.0/24",
      "database:10.0.129.0/24",
    ]);
  });

  it("keeps existing subnets where they are when an AZ is added", () => {
    const vpc = parseCidr("172.16.0.0/20")!;
    const two = [0, 1].map((i) => allocateSubnet(vpc, "private", i));
    const three = [0, 1, 2].map((i) => allocateSubnet(vpc, "private", i));
    expect(three.slice(0, 2)).toEqual(two);
  });

  it("accepts the seed's explicit subnets", () => {
    const { subnets, issues } = planSubnets(
      "10.0.0.0/16",
      ["public", "private"],
      3,
      { public: ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"], private: ["10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24"] },
      ["network"],
    );
    expect(issues).toEqual([]);
    expect(subnets.filter((s) => s.tier === "private").map((s) => s.cidr)).toEqual(["10.0.10.0/24", "10.0.20.0/24", "10.0.30.0/24"]);
  });

  it("reports overlaps, subnets outside the VPC, wrong counts and host bits with their paths", () => {
    const { issues } = planSubnets(
      "10.0.0.0/16",
      ["public", "private", "database"],
      2,
      { public: ["10.0.1.0/24", "10.1.2.0/24"], private: ["10.0.1.128/25", "10.0.3.1/24"], database: ["10.0.20.0/24"] },
      ["network"],
    );
    expect(issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "network.subnets.public.1: 10.1.2.0/24 is outside the VPC 10.0.0.0/16",
      "network.subnets.private.0: 10.0.1.128/25 overlaps public[0] (10.0.1.0/24)",
      'network.subnets.private.1: "10.0.3.1/24" is not a network address (the host bits must be zero)',
      "network.subnets.database: lists 1 CIDRs for 2 availability zones; give exactly one per AZ",
    ]);
  });

  it("rejects a VPC CIDR that is not a network address", () => {
    const { issues } = planSubnets("10.0.0.1/16", ["public"], 2, {}, ["network"]);
    expect(issues[0]?.message).toMatch(/not a usable VPC CIDR/);
  });
});
