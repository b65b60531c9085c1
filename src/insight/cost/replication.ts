/**
 * Cross-region replication lines, in the estimate of the region that pays them: an Aurora global
 * database's replicated write I/Os (billed in each secondary region; its instances and storage are the
 * secondary's own data lines), RDS automated backups replicated to another region (storage there and the
 * transfer), and ECR replication into the recovery regions (the transfer; the copies' storage is the
 * recovery region's own ECR lines).
 */
import { registryReplication } from "../../model/recovery.js";
import { STACK } from "../../model/stack-ids.js";
import type { Environment } from "../../model/types.js";
import type { Lines } from "./lines.js";

export function replicationLines(env: Environment, lines: Lines, primary?: Environment): void {
  for (const db of env.databases) {
    const use = env.cost.databases[db.key];
    if (!use) continue;
    if (db.global?.secondary) {
      lines.add(
        STACK.data,
        `Aurora global replicated write I/O into ${env.region}, ${db.key} (cost.databases.${db.key}.replicatedWrites)`,
        use.replicatedWritesMillions,
        "million write I/Os",
        "aurora:replicated-io",
      );
    }
    if (db.backupReplication) {
      const to = db.backupReplication.region;
      lines.add(
        STACK.data,
        `Replicated backup storage in ${to}, ${db.key} (cost.databases.${db.key}.replicatedBackup)`,
        use.replicatedBackupGb,
        "GB-months",
        "rds:backup",
      );
      lines.add(STACK.data, `Backup replication transfer to ${to}, ${db.key} (one full copy a month)`, use.replicatedBackupGb, "GB", "transfer:inter-region");
      // The copies are encrypted under a key the data stack creates in that region.
      lines.add(STACK.data, `KMS key for the replicated backups in ${to}, ${db.key}`, 1, "key-months", "kms:key");
    }
  }
  const registry = registryReplication(env);
  if (registry) {
    for (const region of registry.regions) {
      lines.add(
        STACK.platform,
        `ECR replication transfer to ${region} (${env.repositories.length} repositories × cost.images)`,
        env.repositories.length * env.cost.imagesGb,
        "GB",
        "transfer:inter-region",
      );
    }
  }
  if (primary && registryReplication(primary)?.regions.includes(env.region)) {
    const own = new Set(env.repositories.map((r) => r.name));
    for (const r of primary.repositories) {
      if (own.has(r.name)) continue;
      lines.add(STACK.platform, `ECR storage of the replica ${r.name} (cost.images)`, env.cost.imagesGb, "GB-months", "ecr:gb");
    }
  }
}
