/**
 * The `data` stack: the environment's KMS keys for data at rest (databases, secrets), its databases in the
 * database subnets with their alarms, and the secrets and parameters services read. Depends on the network
 * stack, and on the platform stack when a database has alarms (the alarm topic is there); service stacks
 * that use a database, a declared secret or a parameter read its outputs.
 */
import { type Expr, type HclFile, raw } from "../hcl/index.js";
import { stackPlan, usesSecretsKey } from "../model/stacks.js";
import { STACK } from "../model/stack-ids.js";
import type { Database, Environment } from "../model/types.js";
import * as wires from "../model/wires.js";
import { banner, ident, WRITE_ONLY_TERRAFORM_CONSTRAINT } from "./common/files.js";
import { StackInputs } from "./common/inputs.js";
import { kmsKeyResources } from "./common/kms.js";
import { databaseAlarmsFile, hasDatabaseAlarms } from "./data/alarms.js";
import { bastionFile } from "./data/bastion.js";
import { databasesFile } from "./data/databases.js";
import { secretsFile } from "./data/secrets.js";
import { assembleStack, OFFLINE_SECRET_MOCK, type Stack } from "./stack.js";

export function renderDataStack(env: Environment): Stack {
  const inputs = new StackInputs(STACK.data);
  const keys = [env.databases.length > 0 ? env.kms.rds : null, usesSecretsKey(env) ? env.kms.secrets : null].filter((k) => k !== null);
  const files: HclFile[] = [
    ...(keys.length > 0 ? [{ name: "kms.tf", body: [banner("KMS keys for data at rest (rotated yearly)"), ...keys.flatMap(kmsKeyResources)] }] : []),
    ...(env.databases.length > 0 ? [{ name: "databases.tf", body: databasesFile(env, inputs) }] : []),
    ...(env.network.bastion && env.databases.length > 0 ? [{ name: "bastion.tf", body: bastionFile(env, env.network.bastion, inputs) }] : []),
    ...(hasDatabaseAlarms(env) ? [{ name: "alarms.tf", body: databaseAlarmsFile(env, inputs) }] : []),
    ...(env.secrets.length + env.parameters.length > 0 ? [{ name: "secrets.tf", body: secretsFile(env) }] : []),
  ];
  const primaries = env.databases.filter((db) => db.global && !db.global.secondary);
  return assembleStack(stackPlan(env, STACK.data), {
    files,
    inputs,
    outputs: dataOutputs(env, inputs),
    parameters: primaries.map((db) => ({
      name: db.global!.masterPassword.variable,
      type: "string",
      description: passwordDescription(db),
      secret: true,
    })),
    externals: primaries.map((db) => ({
      variable: db.global!.masterPassword.variable,
      description: passwordDescription(db),
      mock: OFFLINE_SECRET_MOCK,
      sensitive: true,
    })),
    ...(primaries.length > 0 ? { terraform: WRITE_ONLY_TERRAFORM_CONSTRAINT } : {}),
  });
}

const passwordDescription = (db: Database): string =>
  `Master password of ${db.identifier} (ephemeral: in no plan or state; written only when the *_wo_version arguments change).`;

/** The master secret: RDS's own, berth's for a global primary, and that one's replica in a secondary region. */
function secretArn(env: Environment, db: Database, inputs: StackInputs): Expr {
  const id = ident(db.key);
  if (!db.global) return raw(`${db.kind === "aurora" ? `aws_rds_cluster.${id}` : `aws_db_instance.${id}`}.master_user_secret[0].secret_arn`);
  if (!db.global.secondary) return raw(`aws_secretsmanager_secret.${id}_master.arn`);
  const primary = inputs.ref(wires.data.primarySecretArn(env, db));
  return raw(`replace(${primary}, ":${db.global.primaryRegion}:", ":${env.region}:")`);
}

/** `aws rds switchover-global-cluster` to a secondary region, with the account read from the cluster's ARN. */
function switchover(db: Database, id: string, region: string): string {
  const g = db.global!;
  return (
    `"aws rds switchover-global-cluster --region ${g.primaryRegion} --global-cluster-identifier \${aws_rds_global_cluster.${id}.id}` +
    ` --target-db-cluster-identifier arn:aws:rds:${region}:\${split(":", aws_rds_cluster.${id}.arn)[4]}:cluster:${db.identifier}"`
  );
}

/** The values of the data stack's outputs, by output name. */
function dataOutputs(env: Environment, inputs: StackInputs): Record<string, Expr> {
  const values: [string, Expr][] = env.databases.flatMap((db) => {
    const id = ident(db.key);
    const resource = db.kind === "aurora" ? `aws_rds_cluster.${id}` : `aws_db_instance.${id}`;
    const secondary = db.global?.secondary === true;
    return [
      [wires.data.databaseAddress(env, db).name, raw(db.kind === "aurora" ? `${resource}.endpoint` : `${resource}.address`)],
      [wires.data.databaseSecretArn(env, db).name, secretArn(env, db, inputs)],
      [wires.data.databaseSecurityGroup(env, db).name, raw(`aws_security_group.${id}.id`)],
      ...(db.iamAuth
        ? [[wires.data.databaseResourceId(env, db).name, raw(db.kind === "aurora" ? `${resource}.cluster_resource_id` : `${resource}.resource_id`)]]
        : []),
      ...(db.global && !secondary ? db.global.secondaryRegions.map((r) => [wires.data.switchoverCommand(env, db, r).name, raw(switchover(db, id, r))]) : []),
    ] as [string, Expr][];
  });
  if (usesSecretsKey(env)) values.push([wires.data.secretsKeyArn(env).name, raw("aws_kms_key.secrets.arn")]);
  if (env.network.bastion) values.push([wires.data.bastionInstanceId().name, raw("aws_instance.bastion.id")]);
  return Object.fromEntries(values);
}
