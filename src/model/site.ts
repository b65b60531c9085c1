/**
 * Static sites: each a private, versioned S3 bucket that only its CloudFront distribution reads (origin
 * access control), at a name within the environment's domain when it has one (a certificate of its own in
 * us-east-1, where CloudFront takes certificates from). Rules, each with its path and fix:
 *
 * 1. `host` needs the environment's domain and must be within it.
 * 2. A host is one record in the zone: no load balancer (application or network), HTTP API or other site may answer on it.
 * 3. A site's name is no service's or function's: `berth deploy <name>` must know what it deploys.
 * 4. The bucket name is global in S3, so it carries the account id when the environment names one.
 */
import { extname } from "node:path";
import type { SiteInput } from "../config/schema/site.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import type { Domain, HttpApi, LoadBalancer, NetworkLoadBalancer, Site, Tier } from "./types.js";

/** AWS-managed CloudFront policies (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html). */
export const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
export const SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03";

export const DEFAULT_IMMUTABLE = ["assets/*", "_next/static/*", "static/*"] as const;
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
export const REVALIDATE_CACHE_CONTROL = "no-cache";
/** Old object versions are kept this long, so a bad upload can be rolled back from S3. */
export const NONCURRENT_DAYS = 30;

/** Content types of the files sites are made of; anything else is `application/octet-stream`. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/vnd.microsoft.icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".wasm": "application/wasm",
  ".pdf": "application/pdf",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
};

export const contentType = (path: string): string => CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";

/**
 * Extensions whose type `berth deploy` sets itself after the sync, since the AWS CLI guesses types from
 * its Python's table, which may not know these (it would store them as binary/octet-stream).
 */
export const EXPLICIT_TYPES: readonly string[] = [".mjs", ".webmanifest", ".woff", ".woff2", ".avif", ".wasm"];

/** An `aws s3 sync` pattern as the CLI reads it: `*` and `?` match any characters, `/` included. */
export function syncPattern(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

export interface SiteContext {
  readonly prefix: string;
  readonly account: string | undefined;
  readonly tier: Tier;
  readonly domain: Domain | null;
  /** Where a field of a site is set: the environment's override when it sets the field, else `sites.<key>`. */
  readonly at: (key: string, field?: string) => ConfigPath;
  readonly issues: Issues;
}

export function resolveSites(inputs: Readonly<Record<string, SiteInput>>, ctx: SiteContext): Site[] {
  return Object.keys(inputs)
    .sort()
    .map((key) => resolveSite(key, inputs[key]!, ctx));
}

function resolveSite(key: string, input: SiteInput, ctx: SiteContext): Site {
  const name = `${ctx.prefix}-${key}`;
  return {
    key,
    name,
    bucket: awsName([ctx.prefix, key, "site", ...(ctx.account ? [ctx.account] : [])], LIMITS.s3Bucket),
    dir: normalizeDir(input.dir),
    build: input.build ? { command: input.build.command, cwd: normalizeDir(input.build.cwd ?? ".") } : null,
    spa: input.spa ?? false,
    immutable: [...(input.immutable ?? DEFAULT_IMMUTABLE)],
    priceClass: input.priceClass ?? "PriceClass_100",
    domainName: domainName(key, input, ctx),
    originAccessControl: awsName([name, "oac"], 64),
    // The files are build output, uploaded again by every deploy: outside prod, destroy empties the bucket.
    forceDestroy: ctx.tier !== "prod",
  };
}

const normalizeDir = (dir: string): string => dir.replace(/\\/g, "/").replace(/\/+$/, "") || ".";

function domainName(key: string, input: SiteInput, ctx: SiteContext): string | null {
  const domain = ctx.domain;
  if (!domain) {
    if (input.host !== undefined)
      ctx.issues.add(
        ctx.at(key, "host"),
        `needs the environment's domain: "${input.host}" would be a name within it`,
        'add domain: { name: "example.com" } to the environment, or remove host (the site is then served at its *.cloudfront.net URL)',
      );
    return null;
  }
  const host = input.host ?? key;
  if (host === "@") return domain.name;
  if (!host.includes(".")) return `${host}.${domain.name}`;
  if (host === domain.name || host.endsWith(`.${domain.name}`)) return host;
  ctx.issues.add(
    ctx.at(key, "host"),
    `"${host}" is not within the environment's domain ${domain.name}, so its records and certificate validation cannot go in its zone`,
    `use a label such as "www" (www.${domain.name}), "@" for ${domain.name} itself, or a full name ending in .${domain.name}`,
  );
  return null;
}

/** Rule 2: each site's name is its own record; load balancers, HTTP APIs and other sites must not take it. */
export function checkSiteHosts(
  sites: readonly Site[],
  others: {
    readonly loadBalancers: readonly LoadBalancer[];
    readonly networkLoadBalancers: readonly NetworkLoadBalancer[];
    readonly httpApis: readonly HttpApi[];
  },
  at: (key: string, field?: string) => ConfigPath,
  issues: Issues,
): void {
  const seen = new Map<string, string>();
  for (const site of sites) {
    const host = site.domainName;
    if (!host) continue;
    const taker =
      (seen.has(host) ? `site "${seen.get(host)}"` : undefined) ??
      others.loadBalancers.filter((lb) => lb.https?.records.includes(host)).map((lb) => `load balancer "${lb.key}"`)[0] ??
      others.networkLoadBalancers.filter((n) => n.recordName === host).map((n) => `network load balancer "${n.key}"`)[0] ??
      others.httpApis.filter((a) => a.domainName === host).map((a) => `HTTP API "${a.key}"`)[0];
    if (taker)
      issues.add(
        at(site.key, "host"),
        `makes ${host} the site's, but ${taker} already answers on that name (its alias record in the zone)`,
        `give the site another host, e.g. host: "${site.key === "www" ? "web" : "www"}"`,
      );
    seen.set(host, site.key);
  }
}

/** Rule 3: `berth deploy <name>` finds one thing by its name. */
export function checkSiteNames(
  sites: readonly string[],
  others: { readonly services: readonly string[]; readonly functions: readonly string[] },
  issues: Issues,
): void {
  for (const key of sites) {
    const what = others.services.includes(key) ? "service" : others.functions.includes(key) ? "function" : undefined;
    if (what)
      issues.add(
        ["sites", key],
        `shares its name with the ${what} "${key}", so \`berth deploy ${key}\` could mean either`,
        `rename the site, e.g. "${key}-site"`,
      );
  }
}
