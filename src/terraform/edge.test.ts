/** Renderer tests of the edge and observability pieces, on small configs: stack wiring, listeners, externals, URLs. */
import { describe, expect, it } from "vitest";
import { attrValue, child, findBlock, findBlocks } from "../../test/support/hcl-query.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "../model/resolve.js";
import { mockInputs } from "../runner/mocks.js";
import { renderStacks } from "./render.js";
import type { Stack } from "./stack.js";

type Raw = Record<string, unknown>;
const render = (env: Raw, rest: Raw = {}): Stack[] =>
  renderStacks(
    resolveModel(
      validateConfig({
        project: "shop",
        loadBalancers: { public: {}, internal: { internal: true } },
        services: {
          web: { port: 3000, routes: [{ loadBalancer: "public" }], environment: { API: { url: "api" }, SELF: { url: "web" } } },
          api: { port: 8080, routes: [{ loadBalancer: "internal", path: "/api/*" }] },
        },
        environments: { prod: { tier: "prod", region: "eu-west-1", ...env } },
        ...rest,
      }),
    ),
  );
const stack = (stacks: Stack[], id: string): Stack => {
  const s = stacks.find((x) => x.id === id);
  if (!s) throw new Error(`no stack ${id}; have ${stacks.map((x) => x.id).join(", ")}`);
  return s;
};

describe("without a domain, alarms or dashboard", () => {
  const stacks = render({});
  it("adds no dns or monitoring stack and keeps one HTTP listener per load balancer", () => {
    expect(stacks.map((s) => s.id)).toEqual(["network", "platform", "service-api", "service-web"]);
    const plat = stack(stacks, "platform");
    expect(findBlocks(plat, "resource", "aws_lb_listener").map((b) => [b.labels[1], attrValue(b, "protocol")])).toEqual([
      ["internal", "HTTP"],
      ["public", "HTTP"],
    ]);
    expect(plat.dependsOn).toEqual(["network"]);
  });
});

describe("with a domain", () => {
  const stacks = render({ domain: { name: "shop.example.com" } });
  it("puts the dns stack first and wires the certificate and zone into the platform", () => {
    expect(stacks.map((s) => s.id)).toEqual(["dns", "network", "platform", "service-api", "service-web"]);
    const plat = stack(stacks, "platform");
    expect(plat.dependsOn).toEqual(["dns", "network"]);
    expect(plat.inputs).toEqual(
      expect.arrayContaining([
        { variable: "certificate_arn", stack: "dns", output: "certificate_arn" },
        { variable: "zone_id", stack: "dns", output: "zone_id" },
      ]),
    );
    expect(stack(stacks, "dns").outputs.map((o) => o.name)).toEqual(["zone_id", "certificate_arn", "name_servers"]);
  });

  it("serves the public load balancer over HTTPS with the redirect, the internal one over HTTP", () => {
    const plat = stack(stacks, "platform");
    expect(attrValue(findBlock(plat, "resource", "aws_lb_listener", "public"), "ssl_policy")).toBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
    const redirect = child(child(findBlock(plat, "resource", "aws_lb_listener", "public_redirect"), "default_action"), "redirect");
    expect(attrValue(redirect, "status_code")).toBe("HTTP_301");
    expect(attrValue(findBlock(plat, "resource", "aws_lb_listener", "internal"), "protocol")).toBe("HTTP");
  });

  it("gives services https URLs on the domain and reads no DNS name for them", () => {
    const web = stack(stacks, "service-web");
    const container = JSON.stringify(findBlock(web, "resource", "aws_ecs_task_definition", "this"));
    expect(container).toContain("https://shop.example.com");
    expect(container).toContain("http://${var.alb_internal_dns_name}/api");
    expect(web.inputs.map((i) => i.variable)).not.toContain("alb_public_dns_name");
    expect(attrValue(findBlock(web, "output", "url"), "value")).toBe("https://shop.example.com");
  });
});

describe("CloudFront without a configured prefix list", () => {
  const stacks = render({}, { loadBalancers: { public: { cloudfront: true }, internal: { internal: true } } });
  it("declares the prefix list as an external variable, mocked offline, with no default", () => {
    const plat = stack(stacks, "platform");
    expect(plat.externals).toEqual([
      { variable: "cloudfront_prefix_list_id_public", description: "CloudFront origin-facing prefix list in eu-west-1", mock: "pl-0a1b2c3d" },
    ]);
    const variable = findBlock(plat, "variable", "cloudfront_prefix_list_id_public");
    expect(() => attrValue(variable, "default")).toThrow();
    expect(mockInputs(plat, stacks).cloudfront_prefix_list_id_public).toBe("pl-0a1b2c3d");
  });

  it("uses the configured prefix list as the variable's default", () => {
    const plat = stack(
      render({}, { loadBalancers: { public: { cloudfront: { originPrefixList: "pl-0123abcd" } }, internal: { internal: true } } }),
      "platform",
    );
    expect(attrValue(findBlock(plat, "variable", "cloudfront_prefix_list_id_public"), "default")).toBe("pl-0123abcd");
    expect(plat.externals ?? []).toEqual([]);
  });
});

describe("alarms and the dashboard", () => {
  const stacks = render(
    {},
    { monitoring: { dashboard: true }, services: { web: { port: 1, routes: [{ loadBalancer: "public" }], alarms: { http5xx: true, cpu: 90 } } } },
  );
  it("wires the topic and metric dimensions into the service stack, and the dashboard after the platform", () => {
    const web = stack(stacks, "service-web");
    expect(web.inputs.map((i) => i.variable)).toEqual(expect.arrayContaining(["alarm_topic_arn", "cluster_name", "alb_public_arn_suffix"]));
    expect(findBlocks(web, "resource", "aws_cloudwatch_metric_alarm").map((b) => b.labels[1])).toEqual(["cpu", "http5xx"]);
    const mon = stack(stacks, "monitoring");
    // The NAT gateway widgets read their ids from the network stack: the wire adds the variable and the dependency.
    expect(mon.dependsOn).toEqual(["network", "platform"]);
    expect(mon.inputs.map((i) => i.variable)).toEqual(["alb_internal_arn_suffix", "alb_public_arn_suffix", "cluster_name", "nat_gateway_ids"]);
    expect(mon.inputs).toContainEqual({ variable: "nat_gateway_ids", stack: "network", output: "nat_gateway_ids" });
  });
});
