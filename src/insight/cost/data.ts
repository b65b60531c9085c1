/** Data lines: EFS storage of the services' volumes, RDS instances (Multi-AZ doubles instance and storage), gp3 storage, backups beyond the free share, Aurora storage and I/O, Performance Insights. */
import { serviceStackId, STACK } from "../../model/stack-ids.js";
import type { Database, Environment } from "../../model/types.js";
import type { Lines } from "./lines.js";

/** vCPUs of common RDS classes, for Performance Insights retention priced per vCPU. */
const CLASS_VCPUS: Readonly<Record<string, number>> = { micro: 2, small: 2, medium: 2, large: 2, xlarge: 4, "2xlarge": 8, "4xlarge": 16 };

export function databaseLines(env: Environment, lines: Lines): void {
  for (const db of env.databases) (db.kind === "aurora" ? aurora : instance)(env, db, lines);
  efsLines(env, lines);
}

/** The EFS file systems services own (an existing one is billed where it was made). */
function efsLines(env: Environment, lines: Lines): void {
  for (const s of env.services)
    for (const v of s.volumes)
      if (v.efs.kind === "managed")
        lines.add(serviceStackId(s.name), `EFS storage, ${s.name} volume ${v.name} (cost.efs, Standard class)`, env.cost.efsGb, "GB-months", "efs:gb");
}

function instance(env: Environment, db: Database, lines: Lines): void {
  const hours = env.cost.hoursPerMonth;
  const copies = db.multiAz ? 2 : 1;
  const az = db.multiAz ? "Multi-AZ" : "single-AZ";
  lines.add(STACK.data, `RDS ${db.engine} ${db.instanceClass}, ${db.key} (${az})`, copies * hours, "instance-hours", `rds:${db.engine}:${db.instanceClass}`);
  lines.add(
    STACK.data,
    `RDS gp3 storage, ${db.key} (${az}: ${copies} × ${db.storage?.allocatedGb ?? 0} GB)`,
    copies * (db.storage?.allocatedGb ?? 0),
    "GB-months",
    "rds:gp3",
  );
  common(env, db, lines);
}

function aurora(env: Environment, db: Database, lines: Lines): void {
  const hours = env.cost.hoursPerMonth;
  const use = env.cost.databases[db.key];
  for (const i of db.instances) {
    lines.add(STACK.data, `Aurora ${db.engine} ${db.instanceClass}, ${i.identifier}`, hours, "instance-hours", `rds:${db.engine}:${db.instanceClass}`);
  }
  lines.add(STACK.data, `Aurora storage, ${db.key} (cost.databases.${db.key}.storage)`, use?.storageGb ?? 0, "GB-months", "aurora:storage");
  lines.add(STACK.data, `Aurora I/O, ${db.key} (cost.databases.${db.key}.ioRequests)`, use?.ioRequestsMillions ?? 0, "million requests", "aurora:io");
  common(env, db, lines);
}

function common(env: Environment, db: Database, lines: Lines): void {
  const use = env.cost.databases[db.key];
  lines.add(STACK.data, `Backup storage beyond the free share, ${db.key} (cost.databases.${db.key}.backup)`, use?.backupGb ?? 0, "GB-months", "rds:backup");
  // Performance Insights keeps 7 days free; longer retention is billed per vCPU.
  if (db.performanceInsights && db.performanceInsights.retentionDays > 7) {
    const size = db.instanceClass.split(".").pop() ?? "";
    const vcpus = (CLASS_VCPUS[size] ?? 2) * (db.kind === "aurora" ? db.instances.length : 1);
    lines.add(STACK.data, `Performance Insights retention beyond 7 days, ${db.key} (${vcpus} vCPUs)`, vcpus, "vCPU-months", "rds:pi");
  }
}
