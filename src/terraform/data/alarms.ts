/**
 * `alarms.tf` of the data stack: each database's CloudWatch alarms (CPU, connections, free storage),
 * beside the database they watch, notifying the platform's alarm topic (`alarm_topic_arn`).
 */
import type { BodyItem, Value } from "../../hcl/index.js";
import { raw } from "../../hcl/index.js";
import type { Alarm, Environment } from "../../model/types.js";
import { metricAlarm } from "../common/alarms.js";
import { banner, ident } from "../common/files.js";
import * as wires from "../../model/wires.js";
import type { StackInputs } from "../common/inputs.js";

export const hasDatabaseAlarms = (env: Environment): boolean => env.databases.some((db) => db.alarms.length > 0);

export function databaseAlarmsFile(env: Environment, inputs: StackInputs): BodyItem[] {
  return [
    banner("Database alarms", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-metrics.html"),
    ...env.databases.flatMap((db) => db.alarms.map((a) => metricAlarm(a, dimensions(env, a), inputs.read(wires.platform.alarmTopicArn(env))))),
  ];
}

/** An RDS instance's metrics by DBInstanceIdentifier; an Aurora cluster's by DBClusterIdentifier. */
function dimensions(env: Environment, alarm: Alarm): Record<string, Value> {
  const s = alarm.subject;
  if (s.kind !== "database") throw new Error(`bug: the data stack renders database alarms only; ${alarm.name} watches a ${s.kind}`);
  const db = env.databases.find((d) => d.key === s.database);
  if (!db) throw new Error(`bug: alarm ${alarm.name} watches database ${s.database}, which the environment does not have`);
  const id = ident(db.key);
  return db.kind === "aurora"
    ? { DBClusterIdentifier: raw(`aws_rds_cluster.${id}.cluster_identifier`) }
    : { DBInstanceIdentifier: raw(`aws_db_instance.${id}.identifier`) };
}
