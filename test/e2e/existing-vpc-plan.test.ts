/**
 * An existing VPC (`network.vpc`) from `plan.json` of an offline plan (real terraform and AWS provider): the
 * network stack creates no VPC, subnet, route, gateway or endpoint; flow logs watch the given VPC; the load
 * balancer, the service's tasks and the database sit in the given subnets; the HTTPS listener uses the existing
 * certificate (`domain.certificateArn`) and the dns stack issues none.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PlanJson, readPlan, resource, resources } from "../support/plan-json.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const CONFIG = "test/fixtures/existing-vpc/berth.yaml";
const PUBLIC = ["subnet-0aaa0000000000001", "subnet-0aaa0000000000002"];
const PRIVATE = ["subnet-0bbb0000000000001", "subnet-0bbb0000000000002"];
const DATABASE = ["subnet-0ccc0000000000001", "subnet-0ccc0000000000002"];

let out: string;
const plan = (stack: string): PlanJson => readPlan(join(out, "prod", "eu-west-1", stack, "plan.json"));

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "berth-existing-vpc-"));
  const r = spawnSync(process.execPath, [BIN, "plan", "--offline", "--config", CONFIG, "--out", out], { cwd: ROOT, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 300_000);

describe("an existing VPC", () => {
  it("is not created: no VPC, subnet, route table, gateway or endpoint in the network stack; flow logs on the given VPC", () => {
    const network = plan("network");
    const types = new Set((network.planned_values.root_module.resources ?? []).map((r) => r.type));
    for (const t of ["aws_vpc", "aws_subnet", "aws_route_table", "aws_route", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_vpc_endpoint"])
      expect(types.has(t)).toBe(false);
    expect(resource(network, "aws_flow_log", "this").values).toMatchObject({ vpc_id: "vpc-0123456789abcdef0", traffic_type: "ALL" });
    expect(network.resource_changes.every((c) => c.change.actions.join() === "create")).toBe(true);
  });

  it("holds the load balancer in the public subnets and its security group in the VPC", () => {
    const platform = plan("platform");
    expect([...(resource(platform, "aws_lb", "public").values.subnets as string[])].sort()).toEqual(PUBLIC);
    for (const sg of resources(platform, "aws_security_group")) expect(sg.values.vpc_id).toBe("vpc-0123456789abcdef0");
    expect(resources(platform, "aws_lb_target_group").length).toBe(0);
  });

  it("runs the service's tasks in the private subnets and its target group in the VPC", () => {
    const service = plan("service-api");
    const svc = resource(service, "aws_ecs_service", "this").values;
    const netcfg = (svc.network_configuration as { subnets: string[]; assign_public_ip: boolean }[])[0]!;
    expect([...netcfg.subnets].sort()).toEqual(PRIVATE);
    expect(netcfg.assign_public_ip).toBe(false);
    for (const tg of resources(service, "aws_lb_target_group")) expect(tg.values.vpc_id).toBe("vpc-0123456789abcdef0");
  });

  it("puts the database in the given database subnets", () => {
    const data = plan("data");
    expect([...(resources(data, "aws_db_subnet_group")[0]!.values.subnet_ids as string[])].sort()).toEqual(DATABASE);
  });

  it("serves HTTPS with the existing certificate; the dns stack issues and validates none", () => {
    const arn = "arn:aws:acm:eu-west-1:111111111111:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
    const https = resources(plan("platform"), "aws_lb_listener").find((l) => l.values.port === 443)!;
    expect(https.values).toMatchObject({ protocol: "HTTPS", certificate_arn: arn });
    const dns = plan("dns");
    expect(resources(dns, "aws_acm_certificate")).toEqual([]);
    expect(resources(dns, "aws_acm_certificate_validation")).toEqual([]);
    expect(resources(dns, "aws_route53_zone")).toHaveLength(1);
  });
});
