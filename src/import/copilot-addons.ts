/**
 * Copilot addons (CloudFormation templates beside a manifest): plain RDS instances and Aurora clusters
 * become berth databases the service uses; every other resource (S3 buckets, DynamoDB tables, …) is reported.
 */
import type { CopilotManifest } from "./copilot-read.js";
import type { ImportReport } from "./report.js";
import { berthName } from "./values.js";
import { isRecord } from "./yaml-source.js";

type Json = Record<string, unknown>;

const ENGINES: Readonly<Record<string, string>> = {
  postgres: "postgres",
  mysql: "mysql",
  "aurora-postgresql": "aurora-postgresql",
  "aurora-mysql": "aurora-mysql",
};

export function mapAddons(svc: CopilotManifest, serviceKey: string, report: ImportReport): { databases: Json; uses: Json } {
  const databases: Json = {};
  const uses: Json = {};
  for (const addon of svc.addons) {
    const resources = isRecord(addon.value) && isRecord(addon.value.Resources) ? addon.value.Resources : {};
    for (const [logical, res] of Object.entries(resources)) {
      if (!isRecord(res)) continue;
      const type = String(res.Type);
      const props = isRecord(res.Properties) ? res.Properties : {};
      const at = `${addon.display}: Resources.${logical}`;
      if (type === "AWS::RDS::DBCluster" || type === "AWS::RDS::DBInstance") {
        const engine = typeof props.Engine === "string" ? ENGINES[props.Engine] : undefined;
        if (!engine) {
          report.notMapped(at, `engine ${String(props.Engine)}: berth databases are postgres, mysql, aurora-postgresql or aurora-mysql`, [
            "services",
            serviceKey,
          ]);
          continue;
        }
        const key = berthName(logical.replace(/(DBCluster|Cluster|DBInstance|Instance)$/, "") || "main");
        const db: Json = { engine };
        const version = typeof props.EngineVersion === "string" ? props.EngineVersion : undefined;
        if (version && /^\d+(\.\d+)*(\.mysql_aurora\.\d+\.\d+\.\d+)?$/.test(version)) {
          db.version = version;
          report.mapped(at, ["databases", key]);
        } else {
          db.version = engine.includes("postgres") ? "16" : "8.0";
          report.derived(at, ["databases", key, "version"], `the template's EngineVersion is not a literal; ${String(db.version)} assumed: check it`);
        }
        if (typeof props.DatabaseName === "string") db.name = props.DatabaseName;
        if (props.ServerlessV2ScalingConfiguration !== undefined)
          report.notMapped(`${at}.Properties.ServerlessV2ScalingConfiguration`, "berth's Aurora clusters use provisioned instances (`instanceClass`)", [
            "databases",
            key,
          ]);
        databases[key] = db;
        uses[key] = true;
      } else if (type.startsWith("AWS::RDS::") || type.startsWith("AWS::SecretsManager::") || type.startsWith("AWS::EC2::SecurityGroup")) {
        report.derived(at, ["services", serviceKey], `${type}: berth makes the database's subnet group, security group and managed secret itself`);
      } else if (type === "AWS::IAM::ManagedPolicy") {
        report.notMapped(at, "an access policy: grant what the task needs in `permissions`", ["services", serviceKey]);
      } else {
        report.notMapped(at, `${type} is not managed by berth; keep the template outside berth (or in a user .tf file beside the stack)`, [
          "services",
          serviceKey,
        ]);
      }
    }
    if (isRecord(addon.value) && Object.keys(resources).length === 0) report.notMapped(addon.display, "an addon without Resources", ["services", serviceKey]);
  }
  return { databases, uses };
}
