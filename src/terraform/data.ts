/**
 * The `data` stack: the environment's KMS keys for data at rest (databases, secrets), its databases in the
 * database subnets with their alarms, and the secrets and parameters services read. Depends on the network
 * stack, and on the platform stack when a database has alarms (the alarm topic is there); service stacks
 * that use a database, a declared secret or a parameter read its outputs.
 */
import type { HclFile } from "../hcl/index.js";
import { raw } from "../hcl/index.js";
import type { Environment } from "../model/types.js";
import { backendFile, banner, ident, inputsOf, mock, type OutputSpec, outputsFile, outputsOf, providersFile, variablesFile, versionsFile, type WiredVariable } from "./common/files.js";
import { kmsKeyResources } from "./common/kms.js";
import { databaseAlarmsFile, hasDatabaseAlarms } from "./data/alarms.js";
import { bridgeUsers, databasesFile } from "./data/databases.js";
import { secretsFile } from "./data/secrets.js";
import { type Stack, stackOf } from "./stack.js";
import { DATA, data, NETWORK, net, PLATFORM, plat } from "./wiring.js";

/** Whether the environment has anything for a data stack. */
export const hasDataStack = (env: Environment): boolean => env.databases.length > 0 || env.secrets.length > 0 || env.parameters.length > 0;

export function renderDataStack(env: Environment): Stack {
  const variables = dataVariables(env);
  const outputs = dataOutputs(env);
  const keys = [env.databases.length > 0 ? env.kms.rds : null, usesSecretsKey(env) ? env.kms.secrets : null].filter((k) => k !== null);
  const files: HclFile[] = [
    versionsFile(),
    backendFile(env, DATA),
    providersFile(env),
    ...(variables.length > 0 ? [variablesFile(variables)] : []),
    ...(keys.length > 0 ? [{ name: "kms.tf", body: [banner("KMS keys for data at rest (rotated yearly)"), ...keys.flatMap(kmsKeyResources)] }] : []),
    ...(env.databases.length > 0 ? [{ name: "databases.tf", body: databasesFile(env) }] : []),
    ...(hasDatabaseAlarms(env) ? [{ name: "alarms.tf", body: databaseAlarmsFile(env) }] : []),
    ...(env.secrets.length + env.parameters.length > 0 ? [{ name: "secrets.tf", body: secretsFile(env) }] : []),
    outputsFile(outputs),
  ];
  return stackOf(env, DATA, {
    files,
    dependsOn: [...new Set(variables.map((v) => v.from.stack))].sort(),
    inputs: inputsOf(variables),
    outputs: outputsOf(outputs),
  });
}

/** The secrets key encrypts declared secrets, SecureString parameters and the databases' master secrets. */
function usesSecretsKey(env: Environment): boolean {
  return env.kms.secrets !== null && (env.databases.length > 0 || env.secrets.length > 0 || env.parameters.some((p) => p.secure));
}

function dataVariables(env: Environment): WiredVariable[] {
  if (env.databases.length === 0) return [];
  const wired = (name: string, type: string, description: string): WiredVariable => ({ name, type, description, from: { stack: NETWORK, output: name } });
  return [
    wired(net.vpcId, "string", "ID of the VPC the database security groups belong to."),
    wired(net.subnetIds("database"), "list(string)", "IDs of the database subnets, in AZ order."),
    ...(hasDatabaseAlarms(env)
      ? [{ name: plat.alarmTopicArn, type: "string", description: "ARN of the SNS topic the database alarms notify.", from: { stack: PLATFORM, output: plat.alarmTopicArn } }]
      : []),
    ...(env.databases.some((db) => bridgeUsers(env, db).length > 0)
      ? [{ name: plat.instanceSecurityGroup, type: "string", description: "Security group of the cluster's EC2 instances, which bridge-mode tasks share: the databases they use admit it.", from: { stack: PLATFORM, output: plat.instanceSecurityGroup } }]
      : []),
  ];
}

function dataOutputs(env: Environment): OutputSpec[] {
  const { region } = env;
  const outputs: OutputSpec[] = env.databases.flatMap((db, i) => {
    const id = ident(db.key);
    const aurora = db.kind === "aurora";
    const host = aurora
      ? `${db.identifier}.cluster-c0a1b2c3d4e5.${region}.rds.amazonaws.com`
      : `${db.identifier}.c0a1b2c3d4e5.${region}.rds.amazonaws.com`;
    return [
      {
        name: data.databaseAddress(db.key),
        description: `Host name of ${db.key}${aurora ? " (the cluster's writer endpoint)" : ""}.`,
        value: raw(aurora ? `aws_rds_cluster.${id}.endpoint` : `aws_db_instance.${id}.address`),
        mock: host,
      },
      {
        name: data.databaseSecretArn(db.key),
        description: `ARN of the Secrets Manager secret holding ${db.key}'s master user name and password (JSON keys username, password).`,
        value: raw(`${aurora ? `aws_rds_cluster.${id}` : `aws_db_instance.${id}`}.master_user_secret[0].secret_arn`),
        mock: mock.arn("secretsmanager", `secret:rds!${aurora ? "cluster" : "db"}-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c${(i + 10).toString(16).padStart(2, "0")}-AbCdEf`, region),
      },
      {
        name: data.databaseSecurityGroup(db.key),
        description: `ID of the security group of ${db.key}; services that use it add their ingress rule.`,
        value: raw(`aws_security_group.${id}.id`),
        mock: mock.id("sg", 64 + i),
      },
    ];
  });
  if (usesSecretsKey(env)) {
    outputs.push({
      name: data.secretsKeyArn,
      description: "ARN of the KMS key of the secrets and parameters (services decrypt with it).",
      value: raw("aws_kms_key.secrets.arn"),
      mock: mock.arn("kms", "key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", region),
    });
  }
  return outputs;
}
