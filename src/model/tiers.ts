/** What each tier means when the config does not say: availability, cost and safety defaults. */
import type { NatMode, Tier } from "./types.js";

export interface TierDefaults {
  readonly azs: number;
  readonly nat: NatMode;
  readonly desiredCount: number;
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly accessLogs: boolean;
  /** The access-log bucket's own server access logs, in a second bucket (checkov CKV_AWS_18, trivy AVD-AWS-0089). */
  readonly accessLogsBucketLogging: boolean;
  /** VPC flow logs (checkov CKV2_AWS_11, trivy AVD-AWS-0178 expect them). */
  readonly flowLogs: boolean;
  /** Containers' root filesystem read-only, with a writable `/tmp` (checkov CKV_AWS_336, cdk-nag ECS2-like rules). */
  readonly readonlyRootFilesystem: boolean;
  /** ECR tags cannot be overwritten (checkov CKV_AWS_51, trivy AVD-AWS-0031): berth pushes and deploys git-sha tags. */
  readonly immutableTags: boolean;
}

export const TIER_DEFAULTS: Readonly<Record<Tier, TierDefaults>> = {
  dev: {
    azs: 2,
    nat: "single",
    desiredCount: 1,
    logRetentionDays: 7,
    deletionProtection: false,
    accessLogs: false,
    accessLogsBucketLogging: false,
    flowLogs: false,
    readonlyRootFilesystem: false,
    immutableTags: false,
  },
  staging: {
    azs: 2,
    nat: "single",
    desiredCount: 1,
    logRetentionDays: 14,
    deletionProtection: false,
    accessLogs: false,
    accessLogsBucketLogging: false,
    flowLogs: false,
    readonlyRootFilesystem: false,
    immutableTags: false,
  },
  prod: {
    azs: 3,
    nat: "perAz",
    desiredCount: 2,
    logRetentionDays: 30,
    deletionProtection: true,
    accessLogs: true,
    accessLogsBucketLogging: true,
    flowLogs: true,
    readonlyRootFilesystem: true,
    immutableTags: true,
  },
};
