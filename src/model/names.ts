/**
 * AWS names within their limits: deterministic, readable, unique.
 * A name longer than the limit keeps its readable start and ends with a short hash of the full name,
 * so two long names that share a prefix still differ, and the same input always gives the same name.
 */
import { createHash } from "node:crypto";

export const LIMITS = {
  alb: 32,
  targetGroup: 32,
  iamRole: 64,
  ecrRepository: 256,
  s3Bucket: 63,
  autoscalingGroup: 255,
  securityGroup: 255,
  logGroup: 512,
  scalingPolicy: 255,
  webAcl: 128,
} as const;

export function shortHash(s: string, length = 6): string {
  return createHash("sha256").update(s).digest("hex").slice(0, length);
}

/** Joins parts with `-` and fits the result in `max` characters (hash-suffixed when it must be cut). */
export function awsName(parts: readonly string[], max: number): string {
  const full = parts.filter(Boolean).join("-");
  if (full.length <= max) return full;
  const hash = shortHash(full);
  const head = full.slice(0, max - hash.length - 1).replace(/-+$/, "");
  return `${head}-${hash}`;
}
