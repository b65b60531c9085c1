/** Static sites in the model: names, hosts within the domain, and every rule with its config path and fix. */
import { describe, expect, it } from "vitest";
import { modelReport } from "../../test/support/config-errors.js";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";

type Raw = Record<string, unknown>;
const config = (sites: Raw, environments: Raw, extra: Raw = {}): Raw => ({ project: "shop", services: {}, sites, environments, ...extra });
const withDomain = { prod: { tier: "prod", region: "eu-west-1", domain: { name: "shop.example.com" } } };
const sitesOf = (raw: Raw) => resolveModel(validateConfig(raw)).environments[0]!.sites;

describe("resolved sites", () => {
  it("default to their key as the host with a domain, and to the cloudfront.net URL without", () => {
    expect(sitesOf(config({ web: { dir: "web/dist/" } }, withDomain))[0]).toMatchObject({
      key: "web",
      bucket: "shop-prod-web-site",
      dir: "web/dist",
      build: null,
      spa: false,
      domainName: "web.shop.example.com",
      immutable: ["assets/*", "_next/static/*", "static/*"],
      priceClass: "PriceClass_100",
    });
    expect(sitesOf(config({ web: { dir: "dist" } }, { dev: { tier: "dev", region: "eu-west-1" } }))[0]!.domainName).toBeNull();
  });

  it("take a label, @ for the domain itself, or a full name within it; an environment may override the host", () => {
    const sites = sitesOf(
      config(
        { a: { dir: "a", host: "www" }, b: { dir: "b", host: "@" }, c: { dir: "c", host: "docs.eu.shop.example.com", build: { command: "make" } } },
        { prod: { ...withDomain.prod, sites: { a: { host: "home" } } } },
      ),
    );
    expect(sites.map((s) => s.domainName)).toEqual(["home.shop.example.com", "shop.example.com", "docs.eu.shop.example.com"]);
    expect(sites[2]!.build).toEqual({ command: "make", cwd: "." });
  });

  it("are not planned in a recovery region (CloudFront is global)", () => {
    const env = resolveModel(
      validateConfig(config({ web: { dir: "dist" } }, { prod: { ...withDomain.prod, recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } } } })),
    ).environments[0]!;
    expect(env.stacks.filter((s) => s.kind === "site").map((s) => s.path)).toEqual(["prod/eu-west-1/site-web"]);
  });
});

describe("site rules", () => {
  it("a host outside the environment's domain", () => {
    expect(modelReport(config({ web: { dir: "dist", host: "www.other.com" } }, withDomain))).toMatch(
      /sites\.web\.host: "www\.other\.com" is not within the environment's domain shop\.example\.com[^\n]*\n +hint: use a label such as "www"/,
    );
  });

  it("a host in an environment without a domain, at the environment's override", () => {
    expect(modelReport(config({ web: { dir: "dist" } }, { dev: { tier: "dev", region: "eu-west-1", sites: { web: { host: "www" } } } }))).toMatch(
      /environments\.dev\.sites\.web\.host: needs the environment's domain[^\n]*\n +hint: add domain: \{ name: "example\.com" \}/,
    );
  });

  it("a host a load balancer's record or another site already takes", () => {
    const raw = config({ web: { dir: "dist", host: "@" }, docs: { dir: "docs", host: "www" }, www: { dir: "www" } }, withDomain, {
      loadBalancers: { public: {} },
      services: { api: { port: 8080, routes: [{ loadBalancer: "public" }] } },
    });
    const report = modelReport(raw);
    expect(report).toMatch(/sites\.web\.host: makes shop\.example\.com the site's, but load balancer "public" already answers on that name/);
    expect(report).toMatch(/sites\.www\.host: makes www\.shop\.example\.com the site's, but site "docs" already answers on that name/);
  });

  it("an override of a site that does not exist", () => {
    expect(modelReport(config({ web: { dir: "dist" } }, { prod: { ...withDomain.prod, sites: { wbe: { host: "x" } } } }))).toMatch(
      /environments\.prod\.sites\.wbe: site "wbe" does not exist; did you mean "web"\?/,
    );
  });

  it("a host a network load balancer's record takes", () => {
    const raw = config({ web: { dir: "dist", host: "tcp" } }, withDomain, {
      networkLoadBalancers: { tcp: { hostName: "tcp.shop.example.com" } },
      services: { db: { port: 5000, nlb: [{ loadBalancer: "tcp", port: 5000 }] } },
    });
    expect(modelReport(raw)).toMatch(/sites\.web\.host: makes tcp\.shop\.example\.com the site's, but network load balancer "tcp" already answers/);
  });

  it("a site named like a service", () => {
    expect(modelReport(config({ api: { dir: "dist" } }, withDomain, { services: { api: { port: 8080 } } }))).toMatch(
      /sites\.api: shares its name with the service "api", so `berth deploy api` could mean either[^\n]*\n +hint: rename the site/,
    );
  });

  it("an absolute dir", () => {
    expect(modelReport(config({ web: { dir: "/srv/www" } }, withDomain))).toMatch(/sites\.web\.dir: expected a folder relative to the config file/);
  });
});
