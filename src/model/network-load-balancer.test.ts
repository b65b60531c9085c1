/** Network load balancers and services' `nlb` listeners in the model: what they resolve to, and every rule with its path and fix. */
import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";
import type { Environment } from "./types.js";

const base = (extra: Record<string, unknown> = {}, services: Record<string, unknown> = {}) => ({
  project: "shop",
  networkLoadBalancers: { tcp: {}, dns: { internal: true, crossZone: false } },
  services: {
    api: { port: 8080, nlb: { loadBalancer: "tcp", port: "443/tls" }, alarms: { unhealthyHosts: true } },
    resolver: {
      port: 8053,
      nlb: [
        { loadBalancer: "dns", port: "53/tcp_udp", targetPort: 53 },
        { loadBalancer: "tcp", port: "9000/udp", targetPort: 9000 },
      ],
    },
    ...services,
  },
  environments: {
    prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" } },
    dev: { tier: "dev", region: "eu-west-1", domain: { name: "dev.shop.example.com" } },
  },
  ...extra,
});
const env = (raw: unknown, name = "prod"): Environment => resolveModel(validateConfig(raw)).environments.find((e) => e.name === name)!;

describe("network load balancers", () => {
  it("resolve with their listeners by port, a security group, cross-zone on, an alias record, deletion protection in prod", () => {
    const e = env(base());
    const [dns, tcp] = e.networkLoadBalancers;
    expect(tcp).toMatchObject({
      key: "tcp",
      name: "shop-prod-tcp",
      internal: false,
      subnetTier: "public",
      crossZone: true,
      deletionProtection: true,
      securityGroupName: "shop-prod-tcp-nlb",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      recordName: "tcp.shop.example.com",
    });
    expect(tcp!.listeners.map((l) => [l.service, l.port, l.protocol, l.targetProtocol, l.targetPort])).toEqual([
      ["api", 443, "TLS", "TCP", 8080],
      ["resolver", 9000, "UDP", "UDP", 9000],
    ]);
    expect(dns).toMatchObject({ internal: true, subnetTier: "private", crossZone: false });
    expect(env(base(), "dev").networkLoadBalancers[1]!.deletionProtection).toBe(false);
  });

  it("give each listener a target group and a health check AWS can run (TCP on the service's port for UDP)", () => {
    const resolver = env(base()).services.find((s) => s.name === "resolver")!;
    expect(resolver.nlbListeners.map((l) => [l.targetGroupName, l.healthCheck.protocol, l.healthCheck.port])).toEqual([
      ["shop-prod-resolver-53", "TCP", "traffic-port"],
      ["shop-prod-resolver-9000", "TCP", 8053],
    ]);
    const api = env(base()).services.find((s) => s.name === "api")!;
    expect(api.nlbListeners[0]).toMatchObject({ targetGroupName: "shop-prod-api-443" });
    const http = env(base({}, { api: { port: 8080, nlb: { loadBalancer: "tcp", port: 5000, healthCheck: { path: "/health", interval: "10 seconds" } } } }));
    expect(http.services.find((s) => s.name === "api")!.nlbListeners[0]).toMatchObject({
      protocol: "TCP",
      targetGroupName: "shop-prod-api-5000",
      healthCheck: { protocol: "HTTP", path: "/health", port: "traffic-port", intervalSeconds: 10 },
    });
  });

  it("alarm on unhealthy targets of each listener's target group in AWS/NetworkELB", () => {
    const api = env(base()).services.find((s) => s.name === "api")!;
    expect(api.alarms.map((a) => [a.name, a.namespace, a.metric, a.subject])).toEqual([
      ["shop-prod-api-unhealthy-hosts-tcp-443", "AWS/NetworkELB", "UnHealthyHostCount", { kind: "nlb-target", loadBalancer: "tcp", port: 443 }],
    ]);
  });

  it("merge environment overrides and take hostName", () => {
    const e = env(
      base({
        environments: {
          prod: {
            tier: "prod",
            region: "eu-west-1",
            domain: { name: "shop.example.com" },
            networkLoadBalancers: { tcp: { hostName: "mqtt.shop.example.com", deletionProtection: false } },
          },
        },
      }),
    );
    expect(e.networkLoadBalancers[1]).toMatchObject({ recordName: "mqtt.shop.example.com", deletionProtection: false });
  });
});

describe("rules, each at its path with the fix", () => {
  it("refuses an unknown load balancer, a worker or job behind one, and a bridge-mode service", () => {
    expect(modelReport(base({}, { api: { port: 8080, nlb: { loadBalancer: "tpc", port: 443 } } }))).toMatch(
      /services\.api\.nlb\.loadBalancer: network load balancer "tpc" does not exist; did you mean "tcp"\?/,
    );
    expect(
      modelReport(
        base({ queues: { jobs: {} } }, { work: { command: ["w"], worker: { queue: "jobs" }, nlb: { loadBalancer: "tcp", port: 7000, targetPort: 7000 } } }),
      ),
    ).toMatch(/services\.work\.nlb: puts a queue worker behind a Network Load Balancer.*\n.*remove nlb, or remove worker/);
    const bridge = modelReport(
      base(
        {
          network: { azs: 2, nat: "none" },
          compute: { ec2: { instanceType: "t3.small", min: 1, max: 2, subnets: ["public"] } },
        },
        { api: { port: 8080, subnet: "public", nlb: { loadBalancer: "tcp", port: 443 } }, resolver: { port: 53 } },
      ),
    );
    expect(bridge).toMatch(/services\.api\.nlb: needs awsvpc tasks .* bridge mode.*\n.*subnet: "private"/);
  });

  it("refuses two listeners on one port, and suggests tcp_udp for TCP and UDP on the same port", () => {
    const clash = modelReport(base({}, { web: { port: 8080, nlb: { loadBalancer: "tcp", port: "443/tcp" } } }));
    expect(clash).toMatch(
      /services\.web\.nlb\.port: 443 is already a TLS listener of service "api" on network load balancer "tcp"; a load balancer has one listener per port/,
    );
    const mixed = modelReport(
      base(
        {},
        {
          resolver: {
            port: 8053,
            nlb: [
              { loadBalancer: "dns", port: "53/tcp", targetPort: 53 },
              { loadBalancer: "dns", port: "53/udp", targetPort: 53 },
            ],
          },
        },
      ),
    );
    expect(mixed).toMatch(/services\.resolver\.nlb\[1\]\.port: 53 is already a TCP listener.*\n.*port: "53\/tcp_udp"/);
    expect(mixed).not.toMatch(/two target groups/);
  });

  it("refuses TLS without a domain, a UDP listener nothing can health-check, a path on a TCP check, a listener with no port", () => {
    const noDomain = modelReport(base({ environments: { prod: { tier: "prod", region: "eu-west-1" } } }));
    expect(noDomain).toMatch(
      /services\.api\.nlb\.port: is a TLS listener, which needs the environment's certificate, but the environment has no domain\n.*"443\/tcp"/,
    );
    expect(modelReport(base({}, { resolver: { command: ["r"], nlb: { loadBalancer: "dns", port: "53/udp", targetPort: 53 } } }))).toMatch(
      /services\.resolver\.nlb\.healthCheck: is needed: AWS cannot health-check a UDP target over UDP/,
    );
    expect(modelReport(base({}, { resolver: { port: 53, nlb: { loadBalancer: "dns", port: 53, healthCheck: { protocol: "tcp", path: "/" } } } }))).toMatch(
      /services\.resolver\.nlb\.healthCheck\.path: is set, but a TCP health check only opens a connection/,
    );
    expect(modelReport(base({}, { resolver: { command: ["r"], nlb: { loadBalancer: "dns", port: 53 } } }))).toMatch(
      /services\.resolver\.nlb\.targetPort: is needed: the service has no port to forward to/,
    );
  });

  it("refuses a record outside the domain or not on the certificate, a key an application load balancer has, an unknown override", () => {
    const prod = (nlb: Record<string, unknown>) => ({
      prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" }, networkLoadBalancers: { tcp: nlb } },
    });
    expect(modelReport(base({ environments: prod({ hostName: "tcp.other.com" }) }))).toMatch(
      /environments\.prod\.networkLoadBalancers\.tcp\.hostName: "tcp\.other\.com" is not inside the environment's domain shop\.example\.com/,
    );
    expect(modelReport(base({ environments: prod({ hostName: "a.b.shop.example.com" }) }))).toMatch(/is not covered by the certificate/);
    expect(modelReport(base({ loadBalancers: { tcp: {} } }))).toMatch(/networkLoadBalancers\.tcp: shares its name with the application load balancer "tcp"/);
    expect(
      modelReport(
        base({ environments: { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" }, networkLoadBalancers: { tpc: {} } } } }),
      ),
    ).toMatch(/environments\.prod\.networkLoadBalancers\.tpc: network load balancer "tpc" does not exist/);
  });

  it("refuses malformed ports in the schema", () => {
    expect(() => validateConfig(base({}, { api: { port: 8080, nlb: { loadBalancer: "tcp", port: "443/http" } } }))).toThrow(/443\/tls/);
  });
});
