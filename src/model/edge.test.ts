import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { covers, httpsHost } from "./edge.js";
import { resolveModel } from "./resolve.js";
import { modelErrors } from "../../test/support/config-errors.js";

type Raw = Record<string, unknown>;
const base = (env: Raw = {}, rest: Raw = {}): Raw => ({
  project: "shop",
  loadBalancers: { public: {}, internal: { internal: true } },
  services: {
    web: { port: 3000, routes: [{ loadBalancer: "public" }] },
    api: { port: 8080, routes: [{ loadBalancer: "internal", path: "/api/*" }] },
  },
  environments: { prod: { tier: "prod", region: "eu-west-1", ...env } },
  ...rest,
});
const resolve = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!;

const errors = modelErrors;

describe("domain and HTTPS", () => {
  it("creates a zone and a certificate for the domain and *.domain, and turns HTTPS on for internet-facing load balancers only", () => {
    const env = resolve(base({ domain: { name: "shop.example.com" } }));
    expect(env.domain).toEqual({
      name: "shop.example.com",
      zone: { kind: "create" },
      certificateNames: ["shop.example.com", "*.shop.example.com"],
      validationNames: ["shop.example.com"],
      dnssec: null,
      certificateArn: null,
    });
    const pub = env.loadBalancers.find((l) => l.key === "public")!;
    expect(pub.https).toEqual({
      port: 443,
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      hostName: "shop.example.com",
      records: ["shop.example.com"],
      regional: null,
    });
    expect(env.loadBalancers.find((l) => l.key === "internal")!.https).toBeNull();
    expect(httpsHost(pub)).toBe("shop.example.com");
  });

  it("uses an existing zone by id, and stays HTTP without a domain", () => {
    expect(resolve(base({ domain: { name: "example.com", zoneId: "Z0123456789ABC" } })).domain?.zone).toEqual({ kind: "existing", id: "Z0123456789ABC" });
    expect(resolve(base()).loadBalancers.every((l) => l.https === null)).toBe(true);
  });

  it("adds alias records for exact route hosts and names several HTTPS load balancers by key", () => {
    const env = resolve(
      base(
        { domain: { name: "example.com" } },
        {
          loadBalancers: { public: {}, admin: {} },
          services: {
            web: { port: 1, routes: [{ loadBalancer: "public", host: ["www.example.com", "*.example.com"] }] },
            api: { port: 1, routes: [{ loadBalancer: "admin", path: "/admin/*" }] },
          },
        },
      ),
    );
    const pub = env.loadBalancers.find((l) => l.key === "public")!;
    expect(pub.https?.records).toEqual(["public.example.com", "www.example.com"]);
    expect(httpsHost(pub, ["www.example.com"])).toBe("www.example.com");
    expect(env.loadBalancers.find((l) => l.key === "admin")!.https?.hostName).toBe("admin.example.com");
  });

  it("HTTPS needs a domain", () => {
    expect(errors(base({}, { loadBalancers: { public: { https: true }, internal: { internal: true } } }))).toContain(
      "loadBalancers.public.https: needs a domain: the HTTPS listener uses the environment's ACM certificate",
    );
    expect(errors(base({}, { loadBalancers: { public: { hostName: "www.example.com" }, internal: { internal: true } } }))[0]).toMatch(
      /^loadBalancers\.public\.hostName: needs HTTPS/,
    );
  });

  it("keeps internal load balancers on HTTP", () => {
    expect(errors(base({ domain: { name: "example.com" } }, { loadBalancers: { public: {}, internal: { internal: true, https: true } } }))[0]).toMatch(
      /^loadBalancers\.internal\.https: is on for an internal load balancer/,
    );
  });

  it("rejects host names the certificate does not cover", () => {
    const msg = errors(
      base(
        { domain: { name: "example.com" } },
        { services: { web: { port: 1, routes: [{ loadBalancer: "public", host: "a.b.example.com" }] }, api: { port: 1 } } },
      ),
    );
    expect(msg[0]).toMatch(
      /^services\.web\.routes\[0\]\.host: "a\.b\.example\.com" is not covered by the certificate of example\.com \(example\.com, \*\.example\.com\)/,
    );
    expect(
      errors(base({ domain: { name: "example.com" } }, { loadBalancers: { public: { hostName: "shop.other.com" }, internal: { internal: true } } }))[0],
    ).toMatch(/^loadBalancers\.public\.hostName: "shop\.other\.com" is not covered by the certificate/);
  });

  it("rejects an HTTP port of 443 beside the HTTPS listener, and an SSL policy without HTTPS", () => {
    expect(errors(base({ domain: { name: "example.com" } }, { loadBalancers: { public: { port: 443 }, internal: { internal: true } } }))[0]).toMatch(
      /^loadBalancers\.public\.port: is 443/,
    );
    expect(errors(base({}, { loadBalancers: { public: { sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }, internal: { internal: true } } }))[0]).toMatch(
      /^loadBalancers\.public\.sslPolicy: is set but this load balancer has no HTTPS listener/,
    );
  });

  it("names the environment's override path when the setting comes from there", () => {
    expect(errors(base({ loadBalancers: { public: { https: true } } }))).toContain(
      "environments.prod.loadBalancers.public.https: needs a domain: the HTTPS listener uses the environment's ACM certificate",
    );
  });

  it("knows which names a one-level wildcard certificate covers", () => {
    const names = ["example.com", "*.example.com"];
    expect([
      covers(names, "example.com"),
      covers(names, "a.example.com"),
      covers(names, "a.b.example.com"),
      covers(names, "badexample.com"),
      covers(names, "*.example.com"),
      covers(names, "a*.example.com"),
    ]).toEqual([true, true, false, false, true, false]);
    expect([covers([...names, "*.b.example.com"], "a.b.example.com"), covers([...names, "*.b.example.com"], "*.b.example.com")]).toEqual([true, true]);
  });

  it("adds subject alternative names within the domain, one validation record per name ACM asks for", () => {
    const env = resolve(
      base({ domain: { name: "example.com", alternativeNames: ["*.eu.example.com", "api.us.example.com", "us.example.com", "*.us.example.com"] } }),
    );
    expect(env.domain?.certificateNames).toEqual([
      "example.com",
      "*.example.com",
      "*.eu.example.com",
      "*.us.example.com",
      "api.us.example.com",
      "us.example.com",
    ]);
    // *.us shares us's record; *.eu has no bare name on the certificate, so its record is written under its own name.
    expect(env.domain?.validationNames).toEqual(["example.com", "*.eu.example.com", "api.us.example.com", "us.example.com"]);
    expect(errors(base({ domain: { name: "example.com", alternativeNames: ["api.example.org"] } }))[0]).toContain(
      'environments.prod.domain.alternativeNames[0]: "api.example.org" is not within example.com',
    );
  });
});

describe("CloudFront", () => {
  it("fronts a public load balancer, which then accepts only CloudFront", () => {
    const env = resolve(base({}, { loadBalancers: { public: { cloudfront: { originPrefixList: "pl-3b927c52" } }, internal: { internal: true } } }));
    const pub = env.loadBalancers.find((l) => l.key === "public")!;
    expect(pub.cloudfront).toEqual({ comment: "shop-prod-public", priceClass: "PriceClass_100", prefixListId: "pl-3b927c52" });
    expect(pub.ingress).toEqual({ kind: "cloudfront" });
  });

  it("needs an internet-facing load balancer", () => {
    expect(errors(base({}, { loadBalancers: { public: {}, internal: { internal: true, cloudfront: true } } }))[0]).toMatch(
      /^loadBalancers\.internal\.cloudfront: needs an internet-facing load balancer/,
    );
  });

  it("turns default HTTPS off under a domain, and rejects explicit HTTPS with it", () => {
    expect(
      resolve(base({ domain: { name: "example.com" } }, { loadBalancers: { public: { cloudfront: true }, internal: { internal: true } } })).loadBalancers[1]
        ?.https,
    ).toBeNull();
    expect(
      errors(base({ domain: { name: "example.com" } }, { loadBalancers: { public: { cloudfront: true, https: true }, internal: { internal: true } } }))[0],
    ).toMatch(/^loadBalancers\.public\.cloudfront: cannot be combined with HTTPS/);
  });
});
