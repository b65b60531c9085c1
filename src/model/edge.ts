/**
 * The edge of an environment: its domain (hosted zone, certificate), HTTPS on load balancers with their
 * alias records, and CloudFront in front of internet-facing ones. Runs after the load balancers are
 * resolved, and returns them with `https`, `cloudfront` and `ingress` decided.
 *
 * 1. The certificate covers `<domain>` and `*.<domain>`, so a host name is usable when it is the domain
 *    or exactly one label below it; every alias record and host route on an HTTPS listener must be.
 * 2. HTTPS is on by default for internet-facing load balancers when a domain exists; internal ones stay
 *    HTTP inside the VPC.
 * 3. CloudFront fronts an HTTP-only, internet-facing load balancer that then accepts only CloudFront's
 *    origin-facing addresses (a managed prefix list). A domain on the distribution would need a second
 *    certificate in us-east-1, which berth does not make yet, so CloudFront and HTTPS exclude each other.
 */
import type { DomainInput } from "../config/schema/domain.js";
import type { LoadBalancerInput } from "../config/schema/load-balancer.js";
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import { own } from "../config/own.js";
import type { Issues } from "./issues.js";
import { asList } from "./service.js";
import type { Domain, LoadBalancer } from "./types.js";

export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export function resolveDomain(input: DomainInput | undefined, at: ConfigPath, issues: Issues, prefix = ""): Domain | null {
  if (!input) return null;
  const base = [input.name, `*.${input.name}`];
  const extra: string[] = [];
  (input.alternativeNames ?? []).forEach((n, i) => {
    if (!n.endsWith(`.${input.name}`)) {
      issues.add(
        [...at, "domain", "alternativeNames", i],
        `"${n}" is not within ${input.name}, so its validation record cannot go in the environment's zone`,
        `use a name below ${input.name}, e.g. "*.eu.${input.name}"`,
      );
    } else if (!base.includes(n) && !extra.includes(n)) extra.push(n);
  });
  const certificateNames = [...base, ...extra.sort()];
  if (input.dnssec && input.zoneId) {
    issues.add(
      [...at, "domain", "dnssec"],
      `signs only a zone berth creates; zone ${input.zoneId} is managed elsewhere`,
      "enable DNSSEC signing where that zone is managed, or remove zoneId so berth creates the zone",
    );
  }
  return {
    name: input.name,
    zone: input.zoneId ? { kind: "existing", id: input.zoneId } : { kind: "create" },
    certificateNames,
    validationNames: validationNames(certificateNames),
    // Route 53 names a key-signing key with letters, digits and underscores (3–128).
    dnssec: input.dnssec && !input.zoneId ? { keySigningKeyName: `${prefix.replace(/-/g, "_")}_ksk`.slice(0, 128), kmsRegion: "us-east-1" } : null,
    certificateArn: null,
  };
}

/**
 * One certificate name per validation record: ACM asks for the same record for `x` and `*.x`, so the
 * wildcard's is written under `x` when `x` is on the certificate too, else under the wildcard's own name.
 */
function validationNames(names: readonly string[]): string[] {
  const bare = (n: string) => n.replace(/^\*\./, "");
  return names.filter((n) => !n.startsWith("*.") || !names.includes(bare(n)));
}

/** True when a certificate with these names (exact names, one-level wildcards) covers `host`. */
export function covers(names: readonly string[], host: string): boolean {
  if (names.includes(host)) return true;
  if (/[*?]/.test(host.replace(/^\*\./, ""))) return false;
  const dot = host.indexOf(".");
  return dot > 0 && !host.startsWith("*.") && names.includes(`*.${host.slice(dot + 1)}`);
}

export interface EdgeContext {
  readonly env: string;
  readonly prefix: string;
  readonly domain: Domain | null;
  readonly inputs: Readonly<Record<string, LoadBalancerInput>>;
  readonly services: Readonly<Record<string, ServiceInput>>;
  /** Where each load balancer's settings come from in the config. */
  readonly at: (key: string) => ConfigPath;
  readonly domainAt: ConfigPath;
  readonly issues: Issues;
}

export function resolveEdge(lbs: readonly LoadBalancer[], ctx: EdgeContext): LoadBalancer[] {
  const wants = new Map(lbs.map((lb) => [lb.key, wantsHttps(lb, ctx)]));
  const httpsCount = [...wants.values()].filter(Boolean).length;
  return lbs.map((lb) => {
    const input = own(ctx.inputs, lb.key) ?? {};
    const at = ctx.at(lb.key);
    const https = wants.get(lb.key) && ctx.domain ? resolveHttps(lb, input, ctx.domain, httpsCount, at, ctx) : null;
    if (!https && input.hostName)
      ctx.issues.add(
        [...at, "hostName"],
        "needs HTTPS on this load balancer, which needs the environment's domain",
        `add domain: { name: "example.com" } to ${ctx.domainAt.join(".")}`,
      );
    if (!https && input.sslPolicy)
      ctx.issues.add([...at, "sslPolicy"], "is set but this load balancer has no HTTPS listener", "remove sslPolicy, or give the environment a domain");
    const cloudfront = resolveCloudFront(lb, input, https !== null, at, ctx);
    return { ...lb, https, cloudfront, ingress: cloudfront ? { kind: "cloudfront" } : lb.ingress };
  });
}

function wantsHttps(lb: LoadBalancer, ctx: EdgeContext): boolean {
  const input = own(ctx.inputs, lb.key) ?? {};
  const at = ctx.at(lb.key);
  if (input.https === true && !ctx.domain) {
    ctx.issues.add(
      [...at, "https"],
      "needs a domain: the HTTPS listener uses the environment's ACM certificate",
      `add domain: { name: "example.com" } to ${ctx.domainAt.join(".")}, or remove https`,
    );
    return false;
  }
  if (input.https === true && lb.internal) {
    ctx.issues.add(
      [...at, "https"],
      "is on for an internal load balancer; internal load balancers stay on HTTP inside the VPC",
      "remove https, or make the load balancer internet-facing (internal: false)",
    );
    return false;
  }
  return input.https ?? (!lb.internal && ctx.domain !== null && !input.cloudfront);
}

function resolveHttps(lb: LoadBalancer, input: LoadBalancerInput, domain: Domain, httpsCount: number, at: ConfigPath, ctx: EdgeContext): LoadBalancer["https"] {
  if (lb.port === 443)
    ctx.issues.add(
      [...at, "port"],
      "is 443, which the HTTPS listener takes; the HTTP listener (which redirects) needs another port",
      "remove port (default 80)",
    );
  const hostName = input.hostName ?? (httpsCount === 1 ? domain.name : `${lb.key}.${domain.name}`);
  if (!covers(domain.certificateNames, hostName)) {
    ctx.issues.add(
      [...at, "hostName"],
      `"${hostName}" is not covered by the certificate (${domain.certificateNames.join(", ")})`,
      `use "${domain.name}" or a name one level below it, e.g. "${lb.key}.${domain.name}"`,
    );
  }
  const records = new Set([hostName]);
  for (const [service, s] of Object.entries(ctx.services)) {
    (s.routes ?? []).forEach((r, i) => {
      if (r.loadBalancer !== lb.key) return;
      for (const host of asList(r.host)) {
        if (!covers(domain.certificateNames, host)) {
          ctx.issues.add(
            ["services", service, "routes", i, "host"],
            `"${host}" is not covered by the certificate of ${domain.name} (${domain.certificateNames.join(", ")}), so HTTPS requests for it would fail`,
            `use a host within ${domain.name}, e.g. "${service}.${domain.name}"`,
          );
        } else if (!/[*?]/.test(host)) records.add(host);
      }
    });
  }
  return { port: 443, sslPolicy: input.sslPolicy ?? DEFAULT_SSL_POLICY, hostName, records: [...records].sort(), regional: null };
}

function resolveCloudFront(lb: LoadBalancer, input: LoadBalancerInput, https: boolean, at: ConfigPath, ctx: EdgeContext): LoadBalancer["cloudfront"] {
  const cf = input.cloudfront;
  if (!cf) return null;
  if (lb.internal) {
    ctx.issues.add(
      [...at, "cloudfront"],
      "needs an internet-facing load balancer; CloudFront cannot reach an internal one",
      "remove cloudfront, or set internal: false",
    );
    return null;
  }
  if (https) {
    ctx.issues.add(
      [...at, "cloudfront"],
      "cannot be combined with HTTPS on this load balancer yet: a domain on CloudFront needs its own certificate in us-east-1",
      "set https: false on this load balancer to serve it through CloudFront's own domain, or remove cloudfront",
    );
    return null;
  }
  const options = typeof cf === "object" ? cf : {};
  return { comment: lb.name, priceClass: options.priceClass ?? "PriceClass_100", prefixListId: options.originPrefixList };
}

/** The host of URLs through an HTTPS load balancer: the rule's exact host when it has one, else the load balancer's. */
export function httpsHost(lb: LoadBalancer, hosts: readonly string[] = []): string | undefined {
  if (!lb.https) return undefined;
  return hosts.find((h) => lb.https?.records.includes(h)) ?? lb.https.hostName;
}
