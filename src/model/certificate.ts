/**
 * `domain.certificateArn` and a recovery region's `certificateArn`: an existing ACM certificate the HTTPS
 * listeners use instead of one berth issues and validates. ACM certificates are regional, so each region's
 * must be in that region, and a recovery region of an environment whose certificate is imported needs its own.
 */
import type { DomainInput } from "../config/schema/domain.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import type { RecoverySite } from "./recovery.js";

const regionOf = (arn: string): string => arn.split(":")[3] ?? "";

export function resolveCertificateArn(
  domain: DomainInput | undefined,
  ctx: { readonly region: string; readonly envAt: ConfigPath; readonly site?: RecoverySite; readonly issues: Issues },
): string | null {
  const { site, issues } = ctx;
  if (!domain) {
    if (site?.certificateArn)
      issues.add(
        [...site.at, "certificateArn"],
        "is set, but the environment has no domain, so no listener serves HTTPS",
        "remove it, or give the environment a domain",
      );
    return null;
  }
  const [arn, at] = site ? [site.certificateArn, [...site.at, "certificateArn"]] : [domain.certificateArn, [...ctx.envAt, "domain", "certificateArn"]];
  if (site && !arn && domain.certificateArn) {
    issues.add(
      site.at,
      `needs a certificateArn of its own: the domain's certificate is an existing one (domain.certificateArn), and certificates are regional, so ${site.region} cannot use it`,
      `add certificateArn: "arn:aws:acm:${site.region}:<account>:certificate/<id>", a certificate in ${site.region} for ${domain.name}`,
    );
    return null;
  }
  if (!arn) return null;
  if (regionOf(arn) !== ctx.region)
    issues.add(
      at,
      `is a certificate in ${regionOf(arn)}, but listeners in ${ctx.region} can only use one of ${ctx.region}`,
      `give the ARN of a certificate in ${ctx.region}`,
    );
  return arn;
}
