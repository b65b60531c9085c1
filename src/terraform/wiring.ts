/**
 * Names of the outputs stacks hand to each other. Upstream stacks declare them as outputs, downstream
 * stacks declare variables of the same name, and the runner copies one into the other.
 */
import { ident } from "./common/files.js";

export const NETWORK = "network";
export const PLATFORM = "platform";
export const DNS = "dns";
export const MONITORING = "monitoring";
export const DATA = "data";
export const serviceStackId = (service: string): string => `service-${service}`;

export const net = {
  vpcId: "vpc_id",
  vpcCidr: "vpc_cidr_block",
  subnetIds: (tier: string): string => `${tier}_subnet_ids`,
  s3PrefixList: "s3_prefix_list_id",
  logsKeyArn: "kms_logs_key_arn",
} as const;

export const plat = {
  clusterName: "cluster_name",
  clusterArn: "cluster_arn",
  instanceSecurityGroup: "instance_security_group_id",
  alb: (key: string, what: "arn" | "arn_suffix" | "dns_name" | "zone_id" | "listener_arn" | "security_group_id" | "cloudfront_domain_name"): string =>
    `alb_${ident(key)}_${what}`,
  alarmTopicArn: "alarm_topic_arn",
  repository: (service: string, what: "url" | "arn"): string => `repository_${what}_${ident(service)}`,
} as const;

export const dns = {
  zoneId: "zone_id",
  certificateArn: "certificate_arn",
  nameServers: "name_servers",
} as const;

export const data = {
  databaseAddress: (key: string): string => `database_${ident(key)}_address`,
  databaseSecretArn: (key: string): string => `database_${ident(key)}_secret_arn`,
  databaseSecurityGroup: (key: string): string => `database_${ident(key)}_security_group_id`,
  secretsKeyArn: "kms_secrets_key_arn",
} as const;
