import { describe, expect, it } from "vitest";
import { mapEnvironment, tierOf } from "./copilot-environment.js";
import { ImportReport } from "./report.js";

describe("Copilot environments", () => {
  it("takes the tier from the name", () => {
    expect(["prod", "production", "prd-eu", "staging", "test", "qa", "dev", "sandbox"].map(tierOf)).toEqual([
      "prod",
      "prod",
      "prod",
      "staging",
      "staging",
      "staging",
      "dev",
      "dev",
    ]);
  });

  it("asks for the region unless given, and maps an environment without a manifest", () => {
    const report = new ImportReport();
    expect(mapEnvironment("dev", undefined, { report, loadBalancers: {} })).toEqual({ tier: "dev", region: "us-east-1" });
    expect(report.entries.find((e) => e.outcome === "to set")?.target).toEqual(["environments", "dev", "region"]);
    const given = new ImportReport();
    expect(mapEnvironment("dev", undefined, { report: given, region: "ap-south-1", loadBalancers: {} }).region).toBe("ap-south-1");
    expect(given.count("to set")).toBe(0);
  });

  it("reports CloudFront when there is no internet-facing load balancer", () => {
    const report = new ImportReport();
    const env = { name: "prod", manifest: { cdn: true }, src: { display: "m.yml", value: {}, lineOf: () => undefined } };
    expect(mapEnvironment("prod", env, { report, loadBalancers: {} })).not.toHaveProperty("loadBalancers");
    expect(report.entries.find((e) => e.source === "m.yml: cdn")?.outcome).toBe("not mapped");
  });

  it("maps an imported VPC only with public and private subnet ids, one per AZ in each; else reports it", () => {
    const env = (vpc: Record<string, unknown>) => ({
      name: "prod",
      manifest: { network: { vpc } },
      src: { display: "m.yml", value: {}, lineOf: () => undefined },
    });
    const sub = (...ids: string[]) => ids.map((id) => ({ id }));
    const report = new ImportReport();
    const ok = mapEnvironment(
      "prod",
      env({ id: "vpc-0123456789abcdef0", subnets: { public: sub("subnet-0aaa0001"), private: sub("subnet-0bbb0001") }, flow_logs: true }),
      {
        report,
        loadBalancers: {},
      },
    );
    expect(ok.network).toEqual({
      vpc: { id: "vpc-0123456789abcdef0", cidr: "10.0.0.0/16", subnets: { public: ["subnet-0aaa0001"], private: ["subnet-0bbb0001"] } },
      flowLogs: true,
    });
    expect(report.count("not mapped")).toBe(0);
    const uneven = new ImportReport();
    const out = mapEnvironment(
      "prod",
      env({ id: "vpc-0123456789abcdef0", subnets: { public: sub("subnet-0aaa0001", "subnet-0aaa0002"), private: sub("subnet-0bbb0001") } }),
      { report: uneven, loadBalancers: {} },
    );
    expect(out).not.toHaveProperty("network");
    expect(out).not.toHaveProperty("account");
    expect(uneven.entries.find((e) => e.source === "m.yml: network.vpc.id")).toMatchObject({
      outcome: "not mapped",
      reason: expect.stringMatching(/one per AZ/),
    });
  });
});
