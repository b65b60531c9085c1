/** Region facts: default AZs come from the region's zones, impossible counts and unknown names are refused with the valid ones. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { ConfigError } from "../errors.js";
import { KNOWN_REGIONS, regionFacts } from "./regions.js";
import { resolveModel } from "./resolve.js";
import { modelErrors } from "../../test/support/config-errors.js";

type Raw = Record<string, unknown>;
const config = (env: Raw, network: Raw = {}): Raw => ({
  project: "shop",
  network,
  loadBalancers: { public: {} },
  services: { web: { port: 3000, routes: [{ loadBalancer: "public" }] } },
  environments: { prod: { tier: "prod", ...env } },
});
const azsOf = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!.network.azs;
const issues = (raw: Raw) => {
  try {
    resolveModel(validateConfig(raw));
  } catch (e) {
    return (e as ConfigError).issues.map((i) => ({ at: i.path.join("."), message: i.message, hint: i.hint }));
  }
  throw new Error("expected a ConfigError");
};

describe("region facts", () => {
  it("list every region with at least two zones named after it, in a stable order", () => {
    expect(KNOWN_REGIONS).toContain("us-west-1");
    for (const r of KNOWN_REGIONS) {
      const f = regionFacts(r)!;
      expect(f.zones.length).toBeGreaterThanOrEqual(2);
      expect(f.zones.every((z) => /^[a-z]{2}-[a-z]+-\d[a-z]$/.test(z) && z.startsWith(r))).toBe(true);
      expect(f.legacyZones.some((z) => f.zones.includes(z))).toBe(false);
    }
    expect(regionFacts("us-west-1")?.zones).toEqual(["us-west-1b", "us-west-1c"]);
    expect(regionFacts("ap-northeast-1")?.zones).toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
  });

  it("pick the default zones from the region, capped at what it has", () => {
    expect(azsOf(config({ region: "us-west-1" }))).toEqual(["us-west-1b", "us-west-1c"]);
    expect(azsOf(config({ region: "ap-northeast-1" }))).toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
    expect(azsOf(config({ region: "ca-central-1" }, { azs: 2 }))).toEqual(["ca-central-1a", "ca-central-1b"]);
    expect(azsOf(config({ region: "eu-west-1" }))).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
  });

  it("refuse a count the region cannot give, naming the path and the fix", () => {
    expect(issues(config({ region: "us-west-1" }, { azs: 3 }))).toEqual([
      {
        at: "network.azs",
        message: "3 availability zones asked for, but us-west-1 has 2 that every AWS account gets (us-west-1b, us-west-1c)",
        hint: "set network.azs to 2 (or fewer), or pick a region with 3 zones",
      },
    ]);
    expect(issues(config({ region: "eu-west-1", network: { azs: 4 } }))[0]?.at).toBe("environments.prod.network.azs");
  });

  it("refuse zone names new accounts do not get, listing the valid ones, and accept explicit valid names", () => {
    expect(modelErrors(config({ region: "ap-northeast-1" }, { azs: ["ap-northeast-1a", "ap-northeast-1b"] }))).toEqual([
      'network.azs[1]: availability zone "ap-northeast-1b" is not offered to new AWS accounts; use one of "ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"',
    ]);
    expect(modelErrors(config({ region: "eu-west-1" }, { azs: ["eu-west-1a", "eu-west-1d", "eu-west-1a"] }))).toEqual([
      'network.azs[1]: "eu-west-1d" is not an availability zone of eu-west-1; use one of "eu-west-1a", "eu-west-1b", "eu-west-1c"',
      'network.azs[2]: availability zone "eu-west-1a" is listed twice',
    ]);
    expect(modelErrors(config({ region: "eu-west-1" }, { azs: ["us-east-1a", "us-east-1b"] }))[0]).toBe(
      'network.azs[0]: availability zone "us-east-1a" is not in eu-west-1, the region of environment prod; use one of "eu-west-1a", "eu-west-1b", "eu-west-1c"',
    );
    expect(azsOf(config({ region: "ap-northeast-1" }, { azs: ["ap-northeast-1d", "ap-northeast-1c"] }))).toEqual(["ap-northeast-1d", "ap-northeast-1c"]);
  });

  it("refuse an unknown region with the closest known one and the full list", () => {
    const [issue] = issues(config({ region: "eu-wset-1" }));
    expect(issue).toMatchObject({
      at: "environments.prod.region",
      message: '"eu-wset-1" is not a commercial AWS region berth knows; did you mean "eu-west-1"?',
    });
    expect(issue?.hint).toContain("regions berth knows: us-east-1, us-east-2, us-west-1, us-west-2, af-south-1");
    expect(issues(config({ region: "us-gov-west-1" }))[0]?.message).toBe('"us-gov-west-1" is not a commercial AWS region berth knows');
  });
});
