/**
 * The bastion (`network.bastion`) from `plan.json` of an offline plan (real terraform and AWS provider):
 * reached only through Session Manager — no ingress, no key pair, no public IP — in a private subnet, IMDSv2
 * only, an encrypted root volume, a role with AmazonSSMManagedInstanceCore only, admitted by each database
 * on its port; Session Manager's endpoints in a VPC without NAT; nothing of it where it is off.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type PlanJson, readPlan, references, resource, resources } from "../support/plan-json.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "bin", "berth.js");
const CONFIG = "test/fixtures/bastion/berth.yaml";

let out: string;
const plan = (env: string, stack: string): PlanJson => readPlan(join(out, env, "eu-west-1", stack, "plan.json"));

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "berth-bastion-"));
  const r = spawnSync(process.execPath, [BIN, "plan", "--offline", "--config", CONFIG, "--out", out, "--stack", "data", "network"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}, 300_000);

describe("the bastion", () => {
  it("is an instance without key pair or public IP, in the first private subnet, IMDSv2 only, with an encrypted root volume", () => {
    const data = plan("prod", "data");
    const instance = resource(data, "aws_instance", "bastion").values;
    expect(instance).toMatchObject({
      ami: "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      instance_type: "t3.micro",
      associate_public_ip_address: false,
      iam_instance_profile: "shop-prod-bastion",
      tags: { Name: "shop-prod-bastion" },
    });
    expect(instance.key_name ?? null).toBeNull();
    expect((instance.metadata_options as Record<string, unknown>[])[0]).toMatchObject({ http_tokens: "required", http_endpoint: "enabled" });
    expect((instance.root_block_device as Record<string, unknown>[])[0]).toMatchObject({ encrypted: true, volume_type: "gp3" });
    expect(references(data, "aws_instance.bastion", "subnet_id")).toContain("var.private_subnet_ids");
  });

  it("has a role with AmazonSSMManagedInstanceCore only, trusted by EC2", () => {
    const data = plan("prod", "data");
    const trust = JSON.parse(resource(data, "aws_iam_role", "bastion").values.assume_role_policy as string) as { Statement: { Principal: unknown }[] };
    expect(trust.Statement.map((s) => s.Principal)).toEqual([{ Service: "ec2.amazonaws.com" }]);
    expect(resources(data, "aws_iam_role_policy_attachment", "bastion").map((r) => r.values.policy_arn)).toEqual([
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
    expect(resources(data, "aws_iam_role_policy")).toEqual([]);
  });

  it("has no ingress; goes out on HTTPS and each database's port, and each database admits it on that port", () => {
    const data = plan("prod", "data");
    const ingress = resources(data, "aws_vpc_security_group_ingress_rule");
    expect(ingress.map((r) => r.name).sort()).toEqual(["main_from_bastion", "reports_from_bastion"]);
    expect(resource(data, "aws_vpc_security_group_ingress_rule", "main_from_bastion").values).toMatchObject({ from_port: 5432, to_port: 5432 });
    expect(resource(data, "aws_vpc_security_group_ingress_rule", "reports_from_bastion").values).toMatchObject({ from_port: 3306, to_port: 3306 });
    expect(references(data, "aws_vpc_security_group_ingress_rule.main_from_bastion", "referenced_security_group_id")).toContain(
      "aws_security_group.bastion.id",
    );
    const egress = resources(data, "aws_vpc_security_group_egress_rule").map((r) => [r.name, r.values.from_port]);
    expect(egress.sort()).toEqual([
      ["bastion_https", 443],
      ["bastion_to_main", 5432],
      ["bastion_to_reports", 3306],
    ]);
  });

  it("gets Session Manager's endpoints without NAT, and the database tier's ACL admits the private subnets", () => {
    const network = plan("prod", "network");
    const endpoints = resources(network, "aws_vpc_endpoint").map((r) => String(r.values.service_name).split(".").slice(3).join("."));
    for (const e of ["ssm", "ssmmessages", "ec2messages"]) expect(endpoints).toContain(e);
  });

  it("is not there where network.bastion is off", () => {
    expect(resources(plan("staging", "data"), "aws_instance")).toEqual([]);
    const endpoints = resources(plan("staging", "network"), "aws_vpc_endpoint").map((r) => String(r.values.service_name));
    expect(endpoints.some((e) => e.endsWith(".ec2messages"))).toBe(false);
  });
});
