/**
 * Facts per AWS region that berth relies on: the commercial regions it accepts and, in each, the
 * availability zones every new account gets, in the order berth picks them by default.
 *
 * Source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html
 * (AZ IDs per region) and https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html
 * (independently mapped zones), cross-checked against `aws ec2 describe-availability-zones` output of
 * accounts in us-west-1, ap-northeast-1 and ca-central-1. In the oldest regions, accounts created
 * before November 2025 may see other letters (`us-west-1a`, `ap-northeast-1b`): those zones are closed
 * to new accounts, so berth neither picks nor accepts them. Update this table when AWS opens a region
 * or a zone.
 */

import { suggest } from "../config/schema/strict.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";

export const REGIONS_SOURCE = "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html";

interface RegionRow {
  /** AWS's name of the region. */
  readonly title: string;
  /** Zone letters new accounts get, in berth's default order. */
  readonly zones: string;
  /** Letters only some accounts created before November 2025 still have (named in error hints). */
  readonly legacy?: string;
}

const TABLE: Readonly<Record<string, RegionRow>> = {
  "us-east-1": { title: "US East (N. Virginia)", zones: "abcdef" },
  "us-east-2": { title: "US East (Ohio)", zones: "abc" },
  "us-west-1": { title: "US West (N. California)", zones: "bc", legacy: "a" },
  "us-west-2": { title: "US West (Oregon)", zones: "abcd" },
  "af-south-1": { title: "Africa (Cape Town)", zones: "abc" },
  "ap-east-1": { title: "Asia Pacific (Hong Kong)", zones: "abc" },
  "ap-east-2": { title: "Asia Pacific (Taipei)", zones: "abc" },
  "ap-south-1": { title: "Asia Pacific (Mumbai)", zones: "abc" },
  "ap-south-2": { title: "Asia Pacific (Hyderabad)", zones: "abc" },
  "ap-northeast-1": { title: "Asia Pacific (Tokyo)", zones: "acd", legacy: "b" },
  "ap-northeast-2": { title: "Asia Pacific (Seoul)", zones: "abcd" },
  "ap-northeast-3": { title: "Asia Pacific (Osaka)", zones: "abc" },
  "ap-southeast-1": { title: "Asia Pacific (Singapore)", zones: "abc" },
  "ap-southeast-2": { title: "Asia Pacific (Sydney)", zones: "abc" },
  "ap-southeast-3": { title: "Asia Pacific (Jakarta)", zones: "abc" },
  "ap-southeast-4": { title: "Asia Pacific (Melbourne)", zones: "abc" },
  "ap-southeast-5": { title: "Asia Pacific (Malaysia)", zones: "abc" },
  "ap-southeast-6": { title: "Asia Pacific (New Zealand)", zones: "abc" },
  "ap-southeast-7": { title: "Asia Pacific (Thailand)", zones: "abc" },
  "ca-central-1": { title: "Canada (Central)", zones: "abd" },
  "ca-west-1": { title: "Canada West (Calgary)", zones: "abc" },
  "eu-central-1": { title: "Europe (Frankfurt)", zones: "abc" },
  "eu-central-2": { title: "Europe (Zurich)", zones: "abc" },
  "eu-west-1": { title: "Europe (Ireland)", zones: "abc" },
  "eu-west-2": { title: "Europe (London)", zones: "abc" },
  "eu-west-3": { title: "Europe (Paris)", zones: "abc" },
  "eu-south-1": { title: "Europe (Milan)", zones: "abc" },
  "eu-south-2": { title: "Europe (Spain)", zones: "abc" },
  "eu-north-1": { title: "Europe (Stockholm)", zones: "abc" },
  "il-central-1": { title: "Israel (Tel Aviv)", zones: "abc" },
  "me-south-1": { title: "Middle East (Bahrain)", zones: "abc" },
  "me-central-1": { title: "Middle East (UAE)", zones: "abc" },
  "mx-central-1": { title: "Mexico (Central)", zones: "abc" },
  "sa-east-1": { title: "South America (São Paulo)", zones: "abc" },
};

export interface RegionFacts {
  readonly name: string;
  readonly title: string;
  /** Availability zone names every new account gets, in berth's default order. */
  readonly zones: readonly string[];
  /** Zone names only some older accounts have; berth refuses them. */
  readonly legacyZones: readonly string[];
}

/** Every region berth accepts, in the table's order. */
export const KNOWN_REGIONS: readonly string[] = Object.keys(TABLE);

/** The facts of a region berth knows, else `undefined`. */
export function regionFacts(region: string): RegionFacts | undefined {
  const row = TABLE[region];
  if (!row) return undefined;
  const names = (letters: string) => [...letters].map((l) => `${region}${l}`);
  return { name: region, title: row.title, zones: names(row.zones), legacyZones: names(row.legacy ?? "") };
}

/**
 * Reports a region berth has no facts for, with the closest known one and the full list; returns the
 * facts otherwise. GovCloud and China regions are not in the table: berth's ARNs and bucket policies
 * assume the commercial partition.
 */
export function checkRegion(region: string, path: ConfigPath, issues: Issues): RegionFacts | undefined {
  const facts = regionFacts(region);
  if (facts) return facts;
  const guess = suggest(region, KNOWN_REGIONS);
  issues.add(
    path,
    `"${region}" is not a commercial AWS region berth knows${guess ? `; did you mean "${guess}"?` : ""}`,
    `regions berth knows: ${KNOWN_REGIONS.join(", ")} (from ${REGIONS_SOURCE}; a region missing here needs an entry in src/model/regions.ts)`,
  );
  return undefined;
}

/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
