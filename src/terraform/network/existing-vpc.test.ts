/** The network stack of an existing VPC (`network.vpc`): nothing of the VPC created, its ids handed downstream through the same wires. */
import { describe, expect, it } from "vitest";
import { attrValue, findBlock, findBlocks } from "../../../test/support/hcl-query.js";
import { printFile } from "../../hcl/index.js";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { renderStacks } from "../render.js";
import type { Stack } from "../stack.js";

const VPC = {
  id: "vpc-0123456789abcdef0",
  cidr: "172.31.0.0/16",
  subnets: { public: ["subnet-0aaa0000000000001", "subnet-0aaa0000000000002"], private: ["subnet-0bbb0000000000001", "subnet-0bbb0000000000002"] },
};
type Raw = Record<string, unknown>;
const render = (network: Raw, extra: Raw = {}): Stack[] =>
  renderStacks(
    resolveModel(
      validateConfig({
        project: "shop",
        loadBalancers: { public: {} },
        services: { api: { port: 80, routes: [{ loadBalancer: "public", path: "/*" }] } },
        environments: { prod: { tier: "prod", region: "eu-west-1", account: "111111111111", network } },
        ...extra,
      }),
    ),
  );
const stack = (stacks: Stack[], id: string): Stack =>
  stacks.find((s) => s.id === id) ??
  (() => {
    throw new Error(`no stack ${id}`);
  })();
const text = (s: Stack): string => s.files.map((f) => printFile(f)).join("\n");

describe("the network stack of an existing VPC", () => {
  const stacks = render({ vpc: VPC });
  const network = stack(stacks, "network");

  it("creates no VPC, subnet, route table, internet gateway, NAT or endpoint", () => {
    for (const type of [
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_route",
      "aws_internet_gateway",
      "aws_nat_gateway",
      "aws_eip",
      "aws_vpc_endpoint",
      "aws_default_security_group",
      "aws_network_acl",
    ])
      expect(findBlocks(network, "resource", type)).toEqual([]);
    expect(network.files.map((f) => f.name)).not.toContain("routing.tf");
    expect(network.files.map((f) => f.name)).not.toContain("endpoints.tf");
  });

  it("outputs the given ids through the usual wires, and no S3 prefix list or NAT ids", () => {
    const locals = findBlock(network, "locals");
    expect(attrValue(locals, "vpc_id")).toBe(VPC.id);
    expect(attrValue(locals, "vpc_cidr_block")).toBe(VPC.cidr);
    expect(attrValue(locals, "public_subnet_ids")).toEqual(VPC.subnets.public);
    expect(attrValue(locals, "private_subnet_ids")).toEqual(VPC.subnets.private);
    expect(network.outputs.map((o) => o.name).sort()).toEqual(["kms_logs_key_arn", "private_subnet_ids", "public_subnet_ids", "vpc_cidr_block", "vpc_id"]);
    expect(attrValue(findBlock(network, "output", "vpc_id"), "value")).toEqual({ raw: "local.vpc_id" });
    expect(attrValue(findBlock(network, "output", "private_subnet_ids"), "value")).toEqual({ raw: "local.private_subnet_ids" });
  });

  it("keeps flow logs (prod's default) on the given VPC and names the config's account in the policies", () => {
    expect(attrValue(findBlock(network, "resource", "aws_flow_log", "this"), "vpc_id")).toEqual({ raw: "local.vpc_id" });
    expect(text(network)).not.toContain("aws_vpc.this");
    expect(text(network)).toContain("111111111111");
  });

  it("leaves the downstream stacks reading the same wires", () => {
    const plain = render({});
    for (const id of ["platform", "service-api"]) expect(stack(stacks, id).inputs).toEqual(stack(plain, id).inputs);
    expect(stack(stacks, "service-api").files).toEqual(stack(plain, "service-api").files);
  });

  it("creates the interface endpoints listed, in the private subnets, open to the VPC's CIDR", () => {
    const n = stack(render({ vpc: VPC, endpoints: ["ecr.api", "logs"] }), "network");
    const ep = findBlock(n, "resource", "aws_vpc_endpoint", "interface");
    expect(attrValue(ep, "vpc_id")).toEqual({ raw: "local.vpc_id" });
    expect(attrValue(ep, "subnet_ids")).toEqual({ raw: "local.private_subnet_ids" });
    expect(attrValue(findBlock(n, "resource", "aws_vpc_security_group_ingress_rule", "endpoints_https"), "cidr_ipv4")).toEqual({ raw: "local.vpc_cidr_block" });
  });

  it("outputs the given S3 prefix list for VPC-only services, and the database tier from the private subnets", () => {
    const n = stack(render({ vpc: { ...VPC, s3PrefixList: "pl-6da54004" } }, { databases: { main: { engine: "postgres", version: "16" } } }), "network");
    expect(attrValue(findBlock(n, "output", "s3_prefix_list_id"), "value")).toBe("pl-6da54004");
    expect(attrValue(findBlock(n, "locals"), "database_subnet_ids")).toEqual(VPC.subnets.private);
  });
});
