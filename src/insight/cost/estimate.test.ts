import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/load.js";
import type { BerthConfig } from "../../config/schema/app.js";
import { resolveModel } from "../../model/resolve.js";
import type { Environment } from "../../model/types.js";
import { estimateCost, estimateRegions } from "./estimate.js";
import { costJson } from "./format.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "..", "examples");
const configs: Record<string, BerthConfig> = {};
beforeAll(async () => {
  for (const name of ["8byte-backend", "task-api", "skyfox", "sky-high-booker", "sarc-ng"]) {
    configs[name] = (await loadConfig({ config: join(EXAMPLES, name, "berth.config.ts") })).config;
  }
});

const env = (config: BerthConfig, name: string): Environment => resolveModel(config, { env: name }).environments[0]!;
/** A copy of an example's config with a change applied. */
const changed = (name: string, change: (c: BerthConfig) => void): BerthConfig => {
  const c = structuredClone(configs[name]!);
  change(c);
  return c;
};

describe("estimateCost: hand-computed totals from the shipped prices", () => {
  it("8byte-backend prod (ap-south-1): one Fargate task, 4 endpoints in 2 AZs, Multi-AZ db.t3.micro", () => {
    const e = estimateCost(env(configs["8byte-backend"]!, "prod"));
    // quantity × ap-south-1 unit price, rounded to cents per line
    const expected: [string, number][] = [
      ["Fargate vCPU, backend", 7.77], // 1 task × 0.25 vCPU × 730 h = 182.5 × 0.04256 = 7.7672
      ["Fargate memory, backend", 1.7], // 1 × 0.5 GB × 730 = 365 × 0.00467 = 1.70455
      ["Interface endpoints", 64.24], // 4 endpoints × 2 AZs × 730 h = 5840 × 0.011
      ["Interface endpoint data processed", 0.5], // 50 GB × 0.01
      ["ALB prop-prod-public", 17.45], // 730 × 0.0239 = 17.447
      ["ALB prop-prod-public capacity units", 5.84], // 1 LCU × 730 × 0.008
      ["Public IPv4 addresses of ALB", 7.3], // 2 AZs × 730 × 0.005
      ["Data transfer out to the internet", 10.93], // 100 GB × 0.1093
      ["RDS postgres db.t3.micro", 29.2], // Multi-AZ: 2 × 730 × 0.02
      ["RDS gp3 storage", 5.24], // 2 × 20 GB × 0.131
      ["CloudWatch Logs ingested, backend", 3.35], // 5 GB × 0.67
      ["CloudWatch Logs stored, backend", 0.15], // 5 GB × 30 days ÷ 30 × 0.03
      ["VPC flow logs ingested", 6.7], // prod has flow logs by default: 10 GB × 0.67
      ["VPC flow logs stored", 0.3], // 10 GB × 30 days ÷ 30 × 0.03
      ["Secrets Manager secrets", 0.4], // the database's managed master secret
      ["Secrets Manager API requests", 0.05],
      ["KMS key alias/prop-prod-rds", 1],
      ["KMS key alias/prop-prod-secrets", 1],
      ["KMS key alias/prop-prod-ecr", 1],
      ["KMS key alias/prop-prod-logs", 1],
      // no alias/prop-prod-alarms: kms.alarms is on in prod, but 8byte has no alarm topic to encrypt
      ["KMS API requests", 0.03],
      ["S3 access logs", 0.25], // 10 GB × 0.025
      ["ECR storage", 0.2], // 2 GB × 0.10
    ];
    const longest = (item: string) =>
      expected
        .map(([p]) => p)
        .filter((p) => item.startsWith(p))
        .sort((a, b) => b.length - a.length)[0];
    expect(e.items.map((i) => [longest(i.item), i.monthly])).toEqual(expected);
    expect(e.monthly).toBe(165.6);
    expect(e.region).toBe("ap-south-1");
  });

  it("task-api prod (us-east-1): 3 tasks, NAT per AZ in 2 AZs, Multi-AZ db.t3.small with 100 GB, a domain and a dashboard", () => {
    const e = estimateCost(env(configs["task-api"]!, "prod"));
    const byItem = (prefix: string) => e.items.filter((i) => i.item.startsWith(prefix)).reduce((n, i) => Math.round((n + i.monthly) * 100) / 100, 0);
    expect(byItem("Fargate vCPU")).toBe(22.16); // 3 × 0.25 × 730 = 547.5 × 0.04048 = 22.1628
    expect(byItem("Fargate memory")).toBe(4.87); // 3 × 0.5 × 730 = 1095 × 0.004445 = 4.867
    expect(byItem("NAT gateways")).toBe(65.7); // 2 × 730 × 0.045
    expect(byItem("NAT gateway data")).toBe(2.25); // 50 × 0.045
    expect(byItem("Public IPv4 addresses of NAT")).toBe(7.3); // 2 × 730 × 0.005
    expect(byItem("RDS postgres db.t3.small")).toBe(52.56); // 2 × 730 × 0.036
    expect(byItem("RDS gp3 storage")).toBe(23); // 2 × 100 × 0.115
    expect(byItem("CloudWatch alarms")).toBe(0.9); // 6 service + 3 database alarms × 0.10
    expect(byItem("CloudWatch dashboard")).toBe(3);
    expect(byItem("Route 53")).toBe(0.9); // zone 0.50 + 1 M queries × 0.40
    // 22.16 + 4.87 + 65.70 + 2.25 + 7.30 + ALB 16.43 + 5.84 + 7.30 + transfer 9.00 + RDS 52.56 + 23.00 + logs 2.50 + 0.15
    // + alarms 0.90 + dashboard 3.00 + secrets 0.40 + 0.05 + 5 KMS keys 5.00 + 0.03 + Route 53 0.90 + access logs 0.23 + ECR 0.20
    // + flow logs (on by default in prod) 10 GB × 0.50 + 10 GB × 30 days ÷ 30 × 0.03 = 5.30
    // + the DNSSEC key-signing key's KMS key (the example signs its zone) 1.00
    expect(byItem("VPC flow logs")).toBe(5.3);
    // + backups replicated to us-west-2 (backup.replicateTo): 100 GB stored there × 0.095 = 9.50, one copy a month moved × 0.02 = 2.00
    expect(byItem("Replicated backup storage in us-west-2")).toBe(9.5);
    expect(byItem("Backup replication transfer to us-west-2")).toBe(2);
    // and the key the copies are encrypted with there: 1.00
    expect(byItem("KMS key for the replicated backups in us-west-2")).toBe(1);
    expect(e.monthly).toBe(248.57);
  });
});

describe("estimateCost: a config change moves the total by exactly the expected amount", () => {
  const total = (c: BerthConfig, name = "prod") => estimateCost(env(c, name)).monthly;
  const delta = (a: number, b: number) => Math.round((b - a) * 100) / 100;

  it("NAT per AZ → single removes one gateway and its address: 730 × (0.045 + 0.005)", () => {
    const single = changed("task-api", (c) => void (c.network!.nat = "single"));
    expect(delta(total(configs["task-api"]!), total(single))).toBe(-36.5);
  });

  it("a Fargate Spot share moves tasks past the base to Spot prices", () => {
    const spot = changed("task-api", (c) => void (c.compute = { fargate: { base: 1, weight: 1 }, fargateSpot: { weight: 1 } }));
    // 3 tasks: 1 base + 2 shared 1:1 → 2 on demand, 1 Spot. Before: 22.16 + 4.87.
    // After: 2 × 0.25 × 730 × 0.04048 = 14.78, 2 × 0.5 × 730 × 0.004445 = 3.24, 182.5 × 0.01244662 = 2.27, 365 × 0.00136661 = 0.50
    expect(delta(total(configs["task-api"]!), total(spot))).toBe(-6.24);
  });

  it("Multi-AZ off halves the database's instance hours and storage", () => {
    const single = changed("task-api", (c) => void (c.environments.prod!.databases!.main!.multiAz = false));
    // 730 × 0.036 = 26.28 and 100 GB × 0.115 = 11.50
    expect(delta(total(configs["task-api"]!), total(single))).toBe(-37.78);
  });

  it("a bastion adds its instance and root volume: 730 h × 0.0042 (t4g.nano in us-east-1) + 8 GB × 0.08", () => {
    const before = estimateCost(env(configs["task-api"]!, "prod"));
    const after = estimateCost(
      env(
        changed("task-api", (c) => void (c.network = { ...c.network, bastion: true })),
        "prod",
      ),
    );
    const bastion = after.items.filter((i) => i.stack === "data" && /bastion/.test(i.item));
    expect(bastion.map((i) => [i.item, i.quantity, i.unitPrice, i.monthly])).toEqual([
      ["EC2 t4g.nano bastion (network.bastion)", 730, 0.0042, 3.07],
      ["EBS gp3 root volume of the bastion (8 GB, the Amazon Linux 2023 AMI's)", 8, 0.08, 0.64],
    ]);
    expect(Math.round((after.monthly - before.monthly) * 100) / 100).toBe(3.71); // task-api has NAT: no SSM endpoints added
  });

  it("the choices list prices the same changes", () => {
    const e = estimateCost(env(configs["task-api"]!, "prod"));
    expect(e.choices.find((c) => c.path === "network.nat" && c.alternative.startsWith('nat "single"'))?.delta).toBe(-36.5);
    expect(e.choices.find((c) => c.path === "databases.main.multiAz")?.delta).toBe(-37.78);
  });
});

describe("estimateCost: notes and overrides", () => {
  it("says when the interface endpoints cost more than a NAT gateway (SkyFox: 9 endpoints × 3 AZs)", () => {
    const e = estimateCost(env(configs.skyfox!, "devprod"));
    const note = e.notes.find((n) => n.includes("interface endpoints"));
    expect(note).toMatch(/27 network interfaces\) cost \$217\.31 a month, more than one NAT gateway would \(\$47\.33\)/);
  });

  it("prices no NAT gateway and offers no NAT choice in an existing VPC (network.vpc)", () => {
    const c = changed("task-api", (x) => {
      const prod = x.environments.prod!;
      prod.account = "111111111111";
      prod.network = {
        vpc: {
          id: "vpc-0123456789abcdef0",
          cidr: "172.31.0.0/16",
          subnets: { public: ["subnet-0aaa0001", "subnet-0aaa0002"], private: ["subnet-0bbb0001", "subnet-0bbb0002"] },
        },
        endpoints: ["logs"],
      };
    });
    const e = estimateCost(env(c, "prod"));
    expect(e.items.filter((i) => i.item.startsWith("NAT gateways"))).toEqual([]);
    expect(e.choices.filter((x) => x.path === "network.nat")).toEqual([]);
    expect(e.notes.some((n) => n.includes("NAT"))).toBe(false);
    expect(estimateCost(env(configs["task-api"]!, "prod")).items.some((i) => i.item.startsWith("NAT gateways"))).toBe(true);
  });

  it("says nothing of endpoints when they are cheaper or absent", () => {
    expect(estimateCost(env(configs["task-api"]!, "prod")).notes.some((n) => n.includes("interface endpoints"))).toBe(false);
  });

  it("uses the config's assumptions and prices, and names them as the source", () => {
    const c = changed("task-api", (x) => {
      x.cost = { services: { api: { tasks: 4.5 } }, prices: { "nat:hour": 0.05 }, hoursPerMonth: 720 };
    });
    const e = estimateCost(env(c, "prod"));
    const vcpu = e.items.find((i) => i.item.startsWith("Fargate vCPU"))!;
    expect(vcpu.quantity).toBe(4.5 * 0.25 * 720);
    const nat = e.items.find((i) => i.item.startsWith("NAT gateways"))!;
    expect([nat.unitPrice, nat.source, nat.monthly]).toEqual([0.05, 'cost.prices["nat:hour"]', 72]);
    expect(e.assumptions).toContainEqual({ path: "cost.services.api.tasks", value: "4.5 tasks on average" });
  });

  it("prices an instance class berth ships no price for at $0, and says so", () => {
    const c = changed("task-api", (x) => void (x.environments.prod!.databases!.main!.instanceClass = "db.x2g.large"));
    const e = estimateCost(env(c, "prod"));
    const db = e.items.find((i) => i.item.startsWith("RDS postgres"))!;
    expect([db.unitPrice, db.monthly, db.source]).toEqual([null, 0, 'no price: set cost.prices["rds:postgres:db.x2g.large"]']);
    expect(e.notes[0]).toMatch(/No price for "rds:postgres:db.x2g.large"/);
  });

  it("refuses cost assumptions for services or databases that do not exist", () => {
    const c = changed("task-api", (x) => void (x.cost = { services: { apii: { tasks: 2 } } }));
    expect(() => resolveModel(c)).toThrow(/cost\.services\.apii: service "apii" does not exist; did you mean "api"\?/);
  });

  it("prints the issue's JSON shape: environment, currency, monthly, items with seven keys", () => {
    // 30 tasks: the first 20 (the base) on demand, the other 10 shared 50:50 with Spot.
    const c = changed("sky-high-booker", (x) => void (x.cost = { services: { [Object.keys(x.services)[0]!]: { tasks: 30 } } }));
    const j = costJson(estimateCost(env(c, Object.keys(c.environments)[0]!)));
    expect(Object.keys(j)).toEqual(["environment", "region", "currency", "monthly", "items"]);
    for (const i of j.items) expect(Object.keys(i)).toEqual(["item", "quantity", "unit", "unitPrice", "monthly", "stack", "source"]);
    expect(j.items.some((i) => i.item.includes("Spot"))).toBe(true);
    expect(Math.round(j.items.reduce((n, i) => n + i.monthly, 0) * 100) / 100).toBe(j.monthly);
  });

  it("estimates every environment of every example with every line priced", () => {
    for (const [name, config] of Object.entries(configs)) {
      for (const est of resolveModel(config).environments.flatMap(estimateRegions)) {
        expect(
          est.items.filter((i) => i.unitPrice === null),
          `${name} ${est.environment} ${est.region}`,
        ).toEqual([]);
        expect(est.monthly).toBeGreaterThan(0);
      }
    }
  });
});

describe("estimateCost: regions without shipped prices", () => {
  it("prices nothing, says so, and uses the config's prices", () => {
    const c = changed("task-api", (x) => {
      x.environments.prod!.region = "eu-central-1";
      x.state = { ...x.state, region: "us-east-1" };
      x.cost = { prices: { "nat:hour": 0.052 } };
    });
    const e = estimateCost(env(c, "prod"));
    expect(e.pricesRecorded).toBeUndefined();
    expect(e.notes[0]).toMatch(/^berth ships no prices for eu-central-1 \(only ap-south-1, eu-west-1, us-east-1, us-west-2\)/);
    expect(e.items.filter((i) => i.unitPrice !== null).map((i) => i.item)).toEqual(["NAT gateways (perAz: 2)"]);
    expect(e.monthly).toBe(75.92); // 2 × 730 × 0.052
  });
});
