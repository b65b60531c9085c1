/** network.vpc in the model: an existing VPC's subnets per tier, NAT and endpoints, and what is refused beside it. */
import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";

const VPC = {
  id: "vpc-0123456789abcdef0",
  cidr: "172.31.0.0/16",
  subnets: { public: ["subnet-0aaa0000000000001", "subnet-0aaa0000000000002"], private: ["subnet-0bbb0000000000001", "subnet-0bbb0000000000002"] },
};
type Raw = Record<string, unknown>;
const config = (envNetwork: Raw, extra: Raw = {}, env: Raw = {}) => ({
  project: "shop",
  loadBalancers: { public: {} },
  services: { api: { port: 80, routes: [{ loadBalancer: "public", path: "/*" }] } },
  environments: { prod: { tier: "prod", region: "eu-west-1", account: "111111111111", network: envNetwork, ...env } },
  ...extra,
});
const prod = (envNetwork: Raw, extra: Raw = {}, env: Raw = {}) => resolveModel(validateConfig(config(envNetwork, extra, env))).environments[0]!;

describe("an existing VPC (network.vpc)", () => {
  it("creates no subnets, keeps the given ids per tier, and counts one AZ per subnet", () => {
    const n = prod({ vpc: VPC }).network;
    expect(n.subnets).toEqual([]);
    expect(n.cidr).toBe("172.31.0.0/16");
    expect(n.azs).toHaveLength(2);
    expect(n.existing).toEqual({ id: VPC.id, subnets: { ...VPC.subnets, database: VPC.subnets.private }, s3PrefixList: null });
    expect(n.tiers).toEqual(["public", "private"]);
  });

  it("has no NAT and no endpoints (the VPC's own routing), private services still reach the internet", () => {
    const env = prod({ vpc: VPC });
    expect(env.network.nat).toBe("none");
    expect(env.network.endpoints).toEqual({ gateway: [], interface: [], reason: "" });
    expect(env.services[0]!.egress).toBe("internet");
    expect(prod({ vpc: VPC, endpoints: ["logs", "ecr.api"] }).network.endpoints.interface).toEqual(["ecr.api", "logs"]);
  });

  it("keeps flow logs possible and puts databases in the database subnets, or the private ones", () => {
    const dbs = { databases: { main: { engine: "postgres", version: "16" } } };
    const withDb = prod({ vpc: VPC, flowLogs: true }, dbs);
    expect(withDb.network.flowLogs).toEqual({ retentionDays: 30 });
    expect(withDb.network.tiers).toContain("database");
    expect(withDb.network.databaseAcl).toBeNull();
    expect(withDb.network.existing!.subnets.database).toEqual(VPC.subnets.private);
    const own = ["subnet-0ccc0000000000001", "subnet-0ccc0000000000002"];
    expect(prod({ vpc: { ...VPC, subnets: { ...VPC.subnets, database: own } } }, dbs).network.existing!.subnets.database).toEqual(own);
  });

  it("ignores the shared network's VPC settings under an environment's own VPC", () => {
    const n = prod({ vpc: VPC }, { network: { cidr: "10.9.0.0/16", azs: 3, nat: "perAz" } }).network;
    expect(n.cidr).toBe("172.31.0.0/16");
    expect(n.azs).toHaveLength(2);
  });

  it("refuses what cannot apply beside it, uneven tiers and repeated subnets, at their paths", () => {
    const report = modelReport(config({ vpc: VPC, cidr: "10.0.0.0/16", azs: 2, nat: "single", endpoints: "auto" }));
    expect(report).toMatch(/environments\.prod\.network\.cidr: cannot apply to the existing VPC vpc-0123456789abcdef0 \(environments\.prod\.network\.vpc\)/);
    expect(report).toMatch(/environments\.prod\.network\.azs: cannot apply/);
    expect(report).toMatch(/environments\.prod\.network\.nat: cannot apply/);
    expect(report).toMatch(/environments\.prod\.network\.endpoints: is "auto"/);
    const uneven = modelReport(config({ vpc: { ...VPC, subnets: { ...VPC.subnets, private: ["subnet-0bbb0000000000001"] } } }));
    expect(uneven).toMatch(/environments\.prod\.network\.vpc\.subnets\.private: lists 1 subnet, but public lists 2/);
    const twice = modelReport(config({ vpc: { ...VPC, subnets: { ...VPC.subnets, private: [VPC.subnets.public[0], "subnet-0bbb0000000000002"] } } }));
    expect(twice).toMatch(/environments\.prod\.network\.vpc\.subnets\.private\[0\]: subnet-0aaa0000000000001 is already listed in subnets\.public/);
  });

  it("needs the account for the logs key and flow logs, and the S3 prefix list for VPC-only services", () => {
    expect(modelReport(config({ vpc: VPC }, {}, { account: undefined }))).toMatch(/environments\.prod\.account: is needed with the existing VPC/);
    const vpcOnly = { services: { api: { port: 80, egress: "vpc", routes: [{ loadBalancer: "public", path: "/*" }] } } };
    expect(modelReport(config({ vpc: VPC }, vpcOnly))).toMatch(/services\.api\.egress: keeps the tasks inside the VPC[^\n]*\n.*network\.vpc\.s3PrefixList/);
    expect(prod({ vpc: { ...VPC, s3PrefixList: "pl-6da54004" } }, vpcOnly).services[0]!.egress).toBe("vpc");
  });

  it("stays in the primary region: a recovery region creates its own VPC", () => {
    const env = prod({ vpc: VPC }, {}, { recovery: { region: "eu-central-1", network: { cidr: "10.1.0.0/16" } } });
    expect(env.network.existing).not.toBeNull();
    expect(env.recovery[0]!.network.existing).toBeNull();
    expect(env.recovery[0]!.network.subnets.length).toBeGreaterThan(0);
  });

  it("lets a recovery region name an existing VPC of its own", () => {
    const other = { ...VPC, id: "vpc-0fedcba9876543210", cidr: "10.50.0.0/16" };
    const env = prod({}, {}, { recovery: { region: "eu-central-1", network: { vpc: other } } });
    expect(env.network.existing).toBeNull();
    expect(env.recovery[0]!.network.existing?.id).toBe("vpc-0fedcba9876543210");
    expect(env.recovery[0]!.network.cidr).toBe("10.50.0.0/16");
  });
});
