/**
 * Network load balancers in the platform stack and services' listeners in their stacks, queried on the HCL:
 * security groups, listeners (TLS with the environment's certificate), ip target groups with their health
 * checks, the rules between the load balancer's group and the tasks', the ECS service's registrations, the
 * task's port mappings; every file against `terraform fmt -check`, the provider schema and an offline plan.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attrValue, child, findBlock, findBlocks, jsonAttr } from "../../test/support/hcl-query.js";
import { readPlan, resource, resources } from "../../test/support/plan-json.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { validateConfig } from "../config/validate.js";
import { printFile } from "../hcl/index.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { renderStacks } from "./render.js";
import type { Stack } from "./stack.js";
import { writeStacks } from "./write.js";

const config = validateConfig({
  project: "shop",
  network: { azs: 2, nat: "single" },
  networkLoadBalancers: { tcp: {}, dns: { internal: true, crossZone: false } },
  services: {
    api: { port: 8080, nlb: { loadBalancer: "tcp", port: "443/tls" }, alarms: { unhealthyHosts: true } },
    resolver: {
      port: 8053,
      nlb: [
        { loadBalancer: "dns", port: "53/tcp_udp", targetPort: 53, healthCheck: { protocol: "http", path: "/health", port: 8053 } },
        { loadBalancer: "tcp", port: "9000/udp", targetPort: 9000 },
      ],
    },
  },
  environments: {
    prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" } },
    dev: { tier: "dev", region: "eu-west-1", domain: { name: "dev.shop.example.com" } },
  },
});
const stacks = renderStacks(resolveModel(config));
const stack = (env: string, id: string): Stack => stacks.find((s) => s.env === env && s.id === id)!;

describe("platform stack", () => {
  it("creates each network load balancer with its own security group, cross-zone as configured, and its alias record", () => {
    const s = stack("prod", "platform");
    const tcp = findBlock(s, "resource", "aws_lb", "nlb_tcp");
    expect(attrValue(tcp, "load_balancer_type")).toBe("network");
    expect(attrValue(tcp, "security_groups")).toEqual({ raw: "[aws_security_group.nlb_tcp.id]" });
    expect(attrValue(tcp, "subnets")).toEqual({ raw: "var.public_subnet_ids" });
    expect(attrValue(tcp, "enable_cross_zone_load_balancing")).toBe(true);
    expect(attrValue(tcp, "enable_deletion_protection")).toBe(true);
    const dns = findBlock(s, "resource", "aws_lb", "nlb_dns");
    expect([attrValue(dns, "internal"), attrValue(dns, "subnets"), attrValue(dns, "enable_cross_zone_load_balancing")]).toEqual([
      true,
      { raw: "var.private_subnet_ids" },
      false,
    ]);
    const record = findBlock(s, "resource", "aws_route53_record", "nlb_tcp");
    expect(attrValue(record, "name")).toBe("tcp.shop.example.com");
    expect(attrValue(child(record, "alias"), "name")).toEqual({ raw: "aws_lb.nlb_tcp.dns_name" });
  });

  it("admits each listener's port and protocol: from anywhere when internet-facing, from the VPC when internal", () => {
    const s = stack("prod", "platform");
    const rules = findBlocks(s, "resource", "aws_vpc_security_group_ingress_rule").filter((b) => String(b.labels[1]).startsWith("nlb_"));
    expect(rules.map((r) => [attrValue(r, "ip_protocol"), attrValue(r, "from_port"), attrValue(r, "cidr_ipv4")])).toEqual([
      ["tcp", 53, { raw: "var.vpc_cidr_block" }],
      ["udp", 53, { raw: "var.vpc_cidr_block" }],
      ["tcp", 443, "0.0.0.0/0"],
      ["udp", 9000, "0.0.0.0/0"],
    ]);
  });
});

describe("service stacks", () => {
  it("end TLS at the load balancer with the environment's certificate and forward TCP to an ip target group", () => {
    const s = stack("prod", "service-api");
    const listener = findBlock(s, "resource", "aws_lb_listener", "nlb_tcp_443");
    expect(attrValue(listener, "load_balancer_arn")).toEqual({ raw: "var.nlb_tcp_arn" });
    expect(attrValue(listener, "protocol")).toBe("TLS");
    expect(attrValue(listener, "certificate_arn")).toEqual({ raw: "var.certificate_arn" });
    expect(attrValue(listener, "ssl_policy")).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    const tg = findBlock(s, "resource", "aws_lb_target_group", "nlb_tcp_443");
    expect([attrValue(tg, "protocol"), attrValue(tg, "port"), attrValue(tg, "target_type")]).toEqual(["TCP", 8080, "ip"]);
    expect(attrValue(child(tg, "health_check"), "protocol")).toBe("TCP");
    const svc = findBlock(s, "resource", "aws_ecs_service", "this");
    expect(attrValue(child(svc, "load_balancer"), "target_group_arn")).toEqual({ raw: "aws_lb_target_group.nlb_tcp_443.arn" });
    expect(attrValue(svc, "depends_on")).toEqual([{ raw: "aws_lb_listener.nlb_tcp_443" }]);
    expect(attrValue(svc, "health_check_grace_period_seconds")).toBe(60);
  });

  it("let only the load balancer's group reach the tasks, on the target port and protocol and the health check port", () => {
    const s = stack("prod", "service-resolver");
    const ingress = findBlocks(s, "resource", "aws_vpc_security_group_ingress_rule").filter((b) => String(b.labels[1]).startsWith("from_nlb"));
    expect(ingress.map((r) => [r.labels[1], attrValue(r, "ip_protocol"), attrValue(r, "from_port"), attrValue(r, "referenced_security_group_id")])).toEqual([
      ["from_nlb_dns_53_tcp", "tcp", 53, { raw: "var.nlb_dns_security_group_id" }],
      ["from_nlb_dns_53_udp", "udp", 53, { raw: "var.nlb_dns_security_group_id" }],
      ["from_nlb_dns_53_health", "tcp", 8053, { raw: "var.nlb_dns_security_group_id" }],
      ["from_nlb_tcp_9000", "udp", 9000, { raw: "var.nlb_tcp_security_group_id" }],
      ["from_nlb_tcp_9000_health", "tcp", 8053, { raw: "var.nlb_tcp_security_group_id" }],
    ]);
    const egress = findBlock(s, "resource", "aws_vpc_security_group_egress_rule", "nlb_tcp_9000_to_tasks");
    expect([attrValue(egress, "security_group_id"), attrValue(egress, "referenced_security_group_id")]).toEqual([
      { raw: "var.nlb_tcp_security_group_id" },
      { raw: "aws_security_group.this.id" },
    ]);
    const hc = child(findBlock(s, "resource", "aws_lb_target_group", "nlb_dns_53"), "health_check");
    expect([attrValue(hc, "protocol"), attrValue(hc, "path"), attrValue(hc, "port"), attrValue(hc, "matcher")]).toEqual(["HTTP", "/health", "8053", "200-399"]);
    expect(attrValue(findBlock(s, "resource", "aws_lb_target_group", "nlb_dns_53"), "protocol")).toBe("TCP_UDP");
  });

  it("maps every port and protocol the listeners forward to in the container", () => {
    const task = findBlock(stack("prod", "service-resolver"), "resource", "aws_ecs_task_definition", "this");
    const [container] = jsonAttr(task, "container_definitions") as { portMappings: { containerPort: number; protocol: string }[] }[];
    expect(container!.portMappings.map((m) => `${m.containerPort}/${m.protocol}`)).toEqual(["8053/tcp", "53/tcp", "53/udp", "9000/udp"]);
  });

  it("alarms on unhealthy targets of the listener's target group", () => {
    const alarm = findBlock(stack("prod", "service-api"), "resource", "aws_cloudwatch_metric_alarm", "unhealthy_hosts_nlb_tcp_443");
    expect(attrValue(alarm, "namespace")).toBe("AWS/NetworkELB");
    expect(attrValue(alarm, "dimensions")).toEqual({
      TargetGroup: { raw: "aws_lb_target_group.nlb_tcp_443.arn_suffix" },
      LoadBalancer: { raw: "var.nlb_tcp_arn_suffix" },
    });
  });
});

describe("every stack of the NLB config", () => {
  it("is formatted as terraform fmt writes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-nlb-fmt-"));
    for (const s of stacks) {
      mkdirSync(join(dir, s.path), { recursive: true });
      for (const f of s.files) writeFileSync(join(dir, s.path, f.name), printFile(f));
    }
    expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });

  it("uses only resources, attributes and blocks the aws provider knows", async () => {
    const schema = await awsProviderSchema();
    expect(stacks.flatMap((s) => checkAgainstSchema(s.files, schema).map((p) => `${s.path}: ${p}`))).toEqual([]);
  }, 600_000);
});

describe("offline plan of the NLB config (real terraform)", () => {
  it("plans the load balancers, listeners, target groups and rules", async () => {
    const prod = stacks.filter((s) => s.env === "prod");
    const out = mkdtempSync(join(tmpdir(), "berth-nlb-plan-"));
    writeStacks(prod, out);
    const results = await planOffline(prod, out, { parallelism: 2 });
    expect(results.filter((r) => r.status !== "succeeded").map((r) => `${r.stack}: ${(r.error as Error | undefined)?.message ?? r.status}`)).toEqual([]);
    const platform = readPlan(join(out, "prod/eu-west-1/platform/plan.json"));
    expect(resource(platform, "aws_lb", "nlb_tcp").values).toMatchObject({ name: "shop-prod-tcp", load_balancer_type: "network", internal: false });
    expect(resource(platform, "aws_route53_record", "nlb_tcp").values).toMatchObject({ name: "tcp.shop.example.com", type: "A" });
    const resolver = readPlan(join(out, "prod/eu-west-1/service-resolver/plan.json"));
    expect(resources(resolver, "aws_lb_listener").map((r) => [r.values.port, r.values.protocol])).toEqual([
      [53, "TCP_UDP"],
      [9000, "UDP"],
    ]);
    expect(resource(resolver, "aws_lb_target_group", "nlb_dns_53").values).toMatchObject({ protocol: "TCP_UDP", target_type: "ip", port: 53 });
    const api = readPlan(join(out, "prod/eu-west-1/service-api/plan.json"));
    expect(resource(api, "aws_lb_listener", "nlb_tcp_443").values).toMatchObject({ protocol: "TLS", port: 443 });
  }, 600_000);
});
