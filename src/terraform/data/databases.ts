/**
 * `databases.tf`: per database, its subnet group (database tier), security group (ingress rules come from
 * the awsvpc service stacks that use it; bridge-mode services share the instances' group, so the one rule
 * admitting that group is written here, once), parameter group requiring TLS, enhanced-monitoring role, and the RDS
 * instance or Aurora cluster with its instances. The master password is created and rotated by Secrets
 * Manager (`manage_master_user_password`); no password is ever a variable or a value in a file.
 */
import { attr, attrs, block, type BodyItem, comment, type Expr, obj, raw, resource } from "../../hcl/index.js";
import type { Database, Environment } from "../../model/types.js";
import { banner, ident } from "../common/files.js";
import { assumeRolePolicy } from "../common/iam.js";
import * as wires from "../../model/wires.js";
import type { StackInputs } from "../common/inputs.js";
import { regionAlias } from "../../model/stacks.js";

const MONITORING_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole";
const DOCS = {
  postgres: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_PostgreSQL.html",
  mysql: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_MySQL.html",
  "aurora-postgresql": "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_AuroraOverview.html",
  "aurora-mysql": "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/CHAP_AuroraOverview.html",
} as const;
const ENGINE_LABEL = { postgres: "PostgreSQL", mysql: "MySQL", "aurora-postgresql": "Aurora PostgreSQL", "aurora-mysql": "Aurora MySQL" } as const;

export function databasesFile(env: Environment, inputs: StackInputs): BodyItem[] {
  return env.databases.flatMap((db) => [
    banner(`Database ${db.key}: ${ENGINE_LABEL[db.engine]} ${db.engineVersion}`, DOCS[db.engine]),
    ...network(env, db, inputs),
    ...instancesRule(env, db, inputs),
    parameterGroup(db),
    ...monitoringRole(db),
    ...(db.kind === "aurora" ? aurora(env, db) : instance(env, db)),
  ]);
}

function network(env: Environment, db: Database, inputs: StackInputs): BodyItem[] {
  const id = ident(db.key);
  const users = db.users.length > 0 ? db.users.join(", ") : "none yet";
  return [
    resource("aws_db_subnet_group", id, [
      attrs({
        name: db.subnetGroupName,
        description: `Database subnets of ${db.identifier}`,
        subnet_ids: inputs.read(wires.network.subnetIds(env, "database")),
      }),
    ]),
    comment(`No rules here: each service that uses ${db.key} (${users}) adds its own ingress rule on port ${db.port}. No egress.`),
    resource("aws_security_group", id, [
      attrs({
        name: db.securityGroupName,
        description: `${ENGINE_LABEL[db.engine]} ${db.key}: only the services that use it, on ${db.port}`,
        vpc_id: inputs.read(wires.network.vpcId()),
      }),
      attr("tags", obj({ Name: db.securityGroupName })),
    ]),
  ];
}

/** Bridge-mode services that use the database: their tasks reach it from the instances' security group. */
export const bridgeUsers = (env: Environment, db: Database): string[] =>
  env.services.filter((s) => s.networkMode === "bridge" && s.databases.some((u) => u.database === db.key)).map((s) => s.name);

/** One rule for every bridge-mode user of the database: two service stacks writing it would collide (EC2 refuses duplicates). */
function instancesRule(env: Environment, db: Database, inputs: StackInputs): BodyItem[] {
  const users = bridgeUsers(env, db);
  if (users.length === 0) return [];
  return [
    comment(`Bridge-mode tasks (${users.join(", ")}) use the address of their EC2 instance: the database admits the instances' group.`),
    resource("aws_vpc_security_group_ingress_rule", `${ident(db.key)}_from_instances`, [
      attrs({
        security_group_id: raw(`aws_security_group.${ident(db.key)}.id`),
        description: `${db.port} from the cluster's instances (${users.join(", ")})`,
        referenced_security_group_id: inputs.read(wires.platform.instanceSecurityGroup()),
        ip_protocol: "tcp",
        from_port: db.port,
        to_port: db.port,
      }),
    ]),
  ];
}

function parameterGroup(db: Database): BodyItem {
  const aurora = db.kind === "aurora";
  return resource(aurora ? "aws_rds_cluster_parameter_group" : "aws_db_parameter_group", ident(db.key), [
    attrs({ name: db.parameterGroupName, family: db.parameterGroupFamily, description: `${db.identifier}: TLS required` }),
    ...db.parameters.map((p) => block("parameter", [], [attrs({ name: p.name, value: p.value, apply_method: p.applyMethod })])),
    block("lifecycle", [], [attr("create_before_destroy", true)]),
  ]);
}

function monitoringRole(db: Database): BodyItem[] {
  if (db.monitoringInterval === 0) return [];
  const id = `${ident(db.key)}_monitoring`;
  return [
    resource("aws_iam_role", id, [attr("name", db.monitoringRoleName), attr("assume_role_policy", assumeRolePolicy("monitoring.rds.amazonaws.com"))]),
    resource("aws_iam_role_policy_attachment", id, [attrs({ role: raw(`aws_iam_role.${id}.name`), policy_arn: MONITORING_POLICY })]),
  ];
}

const rdsKey = (env: Environment): Expr | undefined => (env.kms.rds ? raw("aws_kms_key.rds.arn") : undefined);
const secretsKey = (env: Environment): Expr | undefined => (env.kms.secrets ? raw("aws_kms_key.secrets.arn") : undefined);

function monitoring(db: Database) {
  return {
    monitoring_interval: db.monitoringInterval,
    monitoring_role_arn: db.monitoringInterval > 0 ? raw(`aws_iam_role.${ident(db.key)}_monitoring.arn`) : undefined,
  };
}

function performanceInsights(env: Environment, db: Database) {
  return {
    performance_insights_enabled: db.performanceInsights !== null,
    performance_insights_kms_key_id: db.performanceInsights ? rdsKey(env) : undefined,
    performance_insights_retention_period: db.performanceInsights?.retentionDays,
  };
}

function snapshots(db: Database) {
  return {
    copy_tags_to_snapshot: true,
    deletion_protection: db.deletionProtection,
    skip_final_snapshot: db.finalSnapshotIdentifier === null,
    final_snapshot_identifier: db.finalSnapshotIdentifier ?? undefined,
  };
}

function instance(env: Environment, db: Database): BodyItem[] {
  const id = ident(db.key);
  const storage = db.storage ?? { allocatedGb: 20, maxGb: null };
  return [
    resource("aws_db_instance", id, [
      attrs({
        identifier: db.identifier,
        engine: db.engine,
        engine_version: db.engineVersion,
        instance_class: db.instanceClass,
        db_name: db.databaseName,
        username: db.username,
        port: db.port,
      }),
      comment("Secrets Manager creates and rotates the master password; Terraform never sees it."),
      attrs({ manage_master_user_password: true, master_user_secret_kms_key_id: secretsKey(env) }),
      attrs({
        storage_type: "gp3",
        allocated_storage: storage.allocatedGb,
        max_allocated_storage: storage.maxGb ?? undefined,
        storage_encrypted: true,
        kms_key_id: rdsKey(env),
      }),
      attrs({
        db_subnet_group_name: raw(`aws_db_subnet_group.${id}.name`),
        vpc_security_group_ids: raw(`[aws_security_group.${id}.id]`),
        publicly_accessible: false,
        parameter_group_name: raw(`aws_db_parameter_group.${id}.name`),
        multi_az: db.multiAz,
        iam_database_authentication_enabled: db.iamAuth || undefined,
      }),
      attrs({
        backup_retention_period: db.backupRetentionDays,
        backup_window: db.backupWindow,
        maintenance_window: db.maintenanceWindow,
        auto_minor_version_upgrade: true,
        ...snapshots(db),
      }),
      attrs({ ...monitoring(db), ...performanceInsights(env, db), enabled_cloudwatch_logs_exports: [...db.logExports] }),
      attr("tags", obj({ Name: db.identifier })),
    ]),
    ...(db.backupReplication ? backupReplication(db, db.backupReplication.region) : []),
  ];
}

/** Automated backups copied to another region, encrypted there with a key of that region. */
function backupReplication(db: Database, region: string): BodyItem[] {
  const id = ident(db.key);
  const provider = raw(`aws.${regionAlias(region)}`);
  return [
    comment(`Point-in-time restore from ${region} if this region is lost: the backups are copied there, under a key of that region.`),
    resource("aws_kms_key", `${id}_backups`, [
      attr("provider", provider),
      attrs({ description: `${db.identifier}: automated backups replicated to ${region}`, enable_key_rotation: true, deletion_window_in_days: 30 }),
      attr("tags", obj({ Name: `${db.identifier}-backups` })),
    ]),
    resource("aws_db_instance_automated_backups_replication", id, [
      attr("provider", provider),
      attrs({
        source_db_instance_arn: raw(`aws_db_instance.${id}.arn`),
        kms_key_id: raw(`aws_kms_key.${id}_backups.arn`),
        retention_period: db.backupRetentionDays,
      }),
    ]),
  ];
}

/**
 * The global cluster, in the primary region. It takes the primary cluster's engine and database; the
 * secondary cluster in each recovery region joins it by identifier.
 */
function globalCluster(env: Environment, db: Database): BodyItem[] {
  const g = db.global!;
  const outputs = g.secondaryRegions.map((r) => wires.data.switchoverCommand(env, db, r).name);
  return [
    comment(
      `Aurora global database: the writer here, a secondary cluster in ${g.secondaryRegions.join(", ")} (${outputs.length > 1 ? "their data stacks" : "its data stack"}).\n` +
        `Planned switchover (no data loss): the output${outputs.length > 1 ? "s" : ""} ${outputs.join(", ")}; after losing\n` +
        `${g.primaryRegion}: aws rds failover-global-cluster with --allow-data-loss and the same identifiers.`,
    ),
    g.adopt
      ? resource("aws_rds_global_cluster", ident(db.key), [
          comment(
            `Created from the running cluster ${db.identifier}, which becomes its primary with its data: engine, version,\n` +
              "database and encryption come from it. force_destroy detaches the cluster again on destroy.",
          ),
          attrs({
            global_cluster_identifier: g.identifier,
            source_db_cluster_identifier: raw(`aws_rds_cluster.${ident(db.key)}.arn`),
            force_destroy: true,
            deletion_protection: db.deletionProtection,
          }),
        ])
      : resource("aws_rds_global_cluster", ident(db.key), [
          attrs({
            global_cluster_identifier: g.identifier,
            engine: db.engine,
            engine_version: db.engineVersion,
            database_name: db.databaseName,
            storage_encrypted: true,
            deletion_protection: db.deletionProtection,
          }),
        ]),
  ];
}

/**
 * The master secret of a global database's primary (RDS manages no password of a cluster in a global
 * database): a secret of berth's, replicated to the secondary regions, whose value is written once from
 * the ephemeral password variable, as the cluster's is. Services read `username` and `password` from it
 * as from an RDS-managed secret.
 */
function globalMasterSecret(env: Environment, db: Database): BodyItem[] {
  const id = ident(db.key);
  const g = db.global!;
  return [
    comment(
      `Set TF_VAR_${g.masterPassword.variable} when planning or applying this stack: RDS and the secret take it when\n` +
        "the cluster is created; to change the password, raise both *_wo_version arguments and give the new one.",
    ),
    resource("aws_secretsmanager_secret", `${id}_master`, [
      attrs({
        name: g.masterPassword.secretName,
        description: `Master user of ${db.identifier} (global database ${g.identifier})`,
        kms_key_id: secretsKey(env),
        recovery_window_in_days: 7,
      }),
      ...g.secondaryRegions.map((region) => block("replica", [], [attr("region", region)])),
    ]),
    resource("aws_secretsmanager_secret_version", `${id}_master`, [
      attrs({
        secret_id: raw(`aws_secretsmanager_secret.${id}_master.id`),
        secret_string_wo: raw(`jsonencode({ username = ${JSON.stringify(db.username)}, password = var.${g.masterPassword.variable} })`),
        secret_string_wo_version: 1,
      }),
    ]),
  ];
}

function aurora(env: Environment, db: Database): BodyItem[] {
  const id = ident(db.key);
  const secondary = db.global?.secondary === true;
  return [
    ...(db.global && !secondary ? [...globalCluster(env, db), ...globalMasterSecret(env, db)] : []),
    resource("aws_rds_cluster", id, [
      attrs({
        cluster_identifier: db.identifier,
        engine: db.engine,
        engine_version: db.engineVersion,
        database_name: secondary ? undefined : db.databaseName,
        master_username: secondary ? undefined : db.username,
        port: db.port,
      }),
      ...(secondary
        ? [
            comment(`A secondary of the global database ${db.global!.identifier}: its data, users and passwords come from ${db.global!.primaryRegion}.`),
            attr("global_cluster_identifier", db.global!.identifier),
            ...(db.global!.writeForwarding
              ? [comment("Writes sent here are forwarded to the primary's writer (writeForwarding)."), attr("enable_global_write_forwarding", true)]
              : []),
          ]
        : db.global
          ? [
              comment(`Write-only: the password reaches RDS at creation and is kept in no plan or state (see ${id}_master).`),
              attrs({ master_password_wo: raw(`var.${db.global.masterPassword.variable}`), master_password_wo_version: 1 }),
              ...(db.global.adopt
                ? [
                    comment(
                      "RDS manages no password of a global database's cluster: with manage_master_user_password gone, this\n" +
                        `apply hands the master password from RDS's secret to ${db.global.masterPassword.secretName} first.`,
                    ),
                  ]
                : [attr("global_cluster_identifier", raw(`aws_rds_global_cluster.${id}.id`))]),
            ]
          : [
              comment("Secrets Manager creates and rotates the master password; Terraform never sees it."),
              attrs({ manage_master_user_password: true, master_user_secret_kms_key_id: secretsKey(env) }),
            ]),
      attrs({
        storage_encrypted: true,
        kms_key_id: rdsKey(env),
        db_subnet_group_name: raw(`aws_db_subnet_group.${id}.name`),
        vpc_security_group_ids: raw(`[aws_security_group.${id}.id]`),
        db_cluster_parameter_group_name: raw(`aws_rds_cluster_parameter_group.${id}.name`),
        iam_database_authentication_enabled: db.iamAuth || undefined,
      }),
      attrs({
        backup_retention_period: db.backupRetentionDays,
        preferred_backup_window: db.backupWindow,
        preferred_maintenance_window: db.maintenanceWindow,
        ...snapshots(db),
        enabled_cloudwatch_logs_exports: [...db.logExports],
      }),
      attr("tags", obj({ Name: db.identifier })),
      ...(secondary
        ? [
            comment("RDS sets the replication source when the cluster joins the global database."),
            block("lifecycle", [], [attr("ignore_changes", raw("[replication_source_identifier]"))]),
          ]
        : db.global?.adopt
          ? [
              comment("The global cluster, created from this one, sets its membership."),
              block("lifecycle", [], [attr("ignore_changes", raw("[global_cluster_identifier]"))]),
            ]
          : []),
    ]),
    comment("The first instance is the writer; readers take over in promotion-tier order."),
    resource("aws_rds_cluster_instance", id, [
      attr("for_each", obj(Object.fromEntries(db.instances.map((i) => [i.identifier, i.promotionTier])))),
      attrs({
        identifier: raw("each.key"),
        cluster_identifier: raw(`aws_rds_cluster.${id}.id`),
        engine: raw(`aws_rds_cluster.${id}.engine`),
        engine_version: raw(`aws_rds_cluster.${id}.engine_version`),
        instance_class: db.instanceClass,
        promotion_tier: raw("each.value"),
        db_subnet_group_name: raw(`aws_db_subnet_group.${id}.name`),
        publicly_accessible: false,
        auto_minor_version_upgrade: true,
        ...monitoring(db),
        ...performanceInsights(env, db),
      }),
      attr("tags", obj({ Name: raw("each.key") })),
    ]),
  ];
}
