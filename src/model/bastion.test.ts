/** network.bastion in the model: defaults, architecture, the endpoints it needs, the database ACL, and its errors. */
import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { resolveModel } from "./resolve.js";

const config = (network: Record<string, unknown>, databases = true) => ({
  project: "shop",
  network,
  ...(databases ? { databases: { main: { engine: "postgres" as const, version: "16" } } } : {}),
  services: { api: { port: 80, ...(databases ? { databases: { main: true as const } } : {}) } },
  environments: { prod: { tier: "prod" as const, region: "eu-west-1" } },
});
const prod = (network: Record<string, unknown>) => resolveModel(config(network)).environments[0]!;

describe("network.bastion", () => {
  it("is off by default", () => {
    expect(prod({}).network.bastion).toBeNull();
    expect(prod({ bastion: false }).network.bastion).toBeNull();
  });

  it("defaults to a t4g.nano on arm64 Amazon Linux 2023, named for the environment, reaching every database", () => {
    expect(prod({ bastion: true }).network.bastion).toEqual({
      instanceType: "t4g.nano",
      architecture: "arm64",
      amiParameter: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
      name: "shop-prod-bastion",
      roleName: "shop-prod-bastion",
      instanceProfileName: "shop-prod-bastion",
      securityGroupName: "shop-prod-bastion",
      databases: [{ key: "main", port: 5432 }],
    });
    expect(prod({ bastion: { instanceType: "t3.micro" } }).network.bastion).toMatchObject({ architecture: "x86_64" });
  });

  it("adds Session Manager's endpoints without NAT, none with NAT; the database tier admits the private subnets", () => {
    const none = prod({ nat: "none", bastion: true }).network;
    for (const e of ["ssm", "ssmmessages", "ec2messages"]) expect(none.endpoints.interface).toContain(e);
    expect(none.endpoints.reason).toContain("the bastion");
    const nat = prod({ nat: "single", bastion: true }).network;
    expect(nat.endpoints.interface).toEqual([]);
    expect(nat.databaseAcl!.from).toContain("private");
  });

  it("is refused without databases, and without a way to Session Manager (exit 2 with the fix)", () => {
    expect(modelReport(config({ bastion: true }, false))).toMatch(/network\.bastion: reaches the databases, and this environment has none/);
    expect(modelReport(config({ nat: "none", endpoints: ["ecr.api", "ecr.dkr", "logs", "ssm"], bastion: true }))).toMatch(
      /network\.endpoints: lacks ec2messages, ssmmessages: without NAT the bastion reaches Session Manager only through them/,
    );
    expect(modelReport(config({ nat: "none", endpoints: "none", bastion: true }))).toMatch(/network\.endpoints: is "none" with nat "none"/);
  });

  it("stays in the primary region", () => {
    const m = resolveModel({
      ...config({ bastion: true }),
      databases: { main: { engine: "aurora-postgresql", version: "16.4", global: true } },
      environments: { prod: { tier: "prod", region: "us-east-1", recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } } } },
    });
    const env = m.environments[0]!;
    expect(env.network.bastion).not.toBeNull();
    expect(env.recovery.every((r) => r.network.bastion === null)).toBe(true);
  });
});
