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
});
