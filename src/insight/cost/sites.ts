/**
 * Static site lines: each site's CloudFront distribution (data out and HTTPS requests, `cost.cloudfront`)
 * and its bucket's storage (`cost.siteStorage`). S3 requests are not counted: CloudFront serves from its
 * caches, and the bucket sees only the misses and the uploads. Its us-east-1 certificate is free.
 */
import { siteStackId } from "../../model/stack-ids.js";
import type { Environment } from "../../model/types.js";
import type { Lines } from "./lines.js";

export function siteLines(env: Environment, lines: Lines): void {
  const c = env.cost;
  for (const site of env.sites) {
    const stack = siteStackId(site.key);
    lines.add(stack, `CloudFront data out, site ${site.key} (cost.cloudfront.traffic)`, c.cloudfront.trafficGb, "GB", "cloudfront:gb");
    lines.add(
      stack,
      `CloudFront HTTPS requests, site ${site.key} (cost.cloudfront.requests)`,
      c.cloudfront.requestsMillions,
      "million requests",
      "cloudfront:requests",
    );
    lines.add(stack, `S3 storage of site ${site.key}, ${site.bucket} (cost.siteStorage)`, c.siteStorageGb, "GB-months", "s3:gb");
  }
}
