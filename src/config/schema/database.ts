/** The `databases` section: RDS PostgreSQL/MySQL instances and Aurora clusters in the database subnet tier. */
import { z } from "zod";
import { databaseAlarmsSchema } from "./monitoring.js";
import { strict } from "./strict.js";
import { duration, port, storage } from "./units.js";

const dailyWindow = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a UTC window such as "03:00-04:00"' });
const weeklyWindow = z.string().regex(/^(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d-(mon|tue|wed|thu|fri|sat|sun):([01]\d|2[0-3]):[0-5]\d$/, {
  error: 'expected a UTC window such as "sun:05:00-sun:06:00"',
});

const globalIdentifier = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, { error: "expected a global cluster identifier (a letter, then letters, digits and -)" });

const backupRegion = z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, { error: 'expected an AWS region such as "us-west-2"' });

export const databaseSchema = strict({
  engine: z
    .enum(["postgres", "mysql", "aurora-postgresql", "aurora-mysql"])
    .describe(
      '`"postgres"` or `"mysql"` (one RDS instance, Multi-AZ standby optional), `"aurora-postgresql"` or `"aurora-mysql"` (an Aurora cluster with instances).',
    ),
  version: z
    .string()
    .regex(/^\d+(\.\d+)*(\.mysql_aurora\.\d+\.\d+\.\d+)?$/, { error: 'expected an engine version such as "16", "15.7", "8.0" or "8.0.mysql_aurora.3.08.0"' })
    .describe('Engine version, e.g. `"16"` (RDS picks the latest minor and upgrades minors automatically), `"15.7"`, `"8.0"`, `"8.0.mysql_aurora.3.08.0"`.'),
  instanceClass: z
    .string()
    .regex(/^db\.[a-z0-9-]+\.[a-z0-9]+$/, { error: 'expected an instance class such as "db.t3.micro" or "db.r6g.large"' })
    .optional()
    .describe('Instance class. Default `"db.t3.micro"` for RDS, `"db.t3.medium"` for Aurora (its smallest).'),
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, { error: "a database name must start with a letter and contain only letters, digits and underscores (at most 63)" })
    .optional()
    .describe("Name of the database created at launch. Default: the database's key with `-` as `_`."),
  username: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,15}$/, {
      error: "a master user name must start with a letter and contain only letters, digits and underscores (at most 16)",
    })
    .optional()
    .describe(
      'Master user name. Default `"dbadmin"`. Its password is generated and rotated by Secrets Manager (`manage_master_user_password`), never a Terraform variable.',
    ),
  port: port(1150).optional().describe("Port. Default 5432 (PostgreSQL) or 3306 (MySQL)."),
  storage: storage.optional().describe('Allocated gp3 storage (RDS only; Aurora storage grows by itself). Default `"20 GB"`.'),
  maxStorage: storage.optional().describe("Storage autoscaling ceiling (RDS only); must be larger than `storage`. Default: no autoscaling."),
  multiAz: z
    .boolean()
    .optional()
    .describe(
      "A standby in a second AZ with automatic failover (RDS), or a second Aurora instance in another AZ. Needs at least 2 AZs. Default: `true` in `prod`, else `false`.",
    ),
  instances: z
    .number()
    .int()
    .min(1)
    .max(16)
    .optional()
    .describe("Aurora only: instances in the cluster; the first is the writer, the others readers in promotion order. Default: 2 with `multiAz`, else 1."),
  backup: strict({
    retention: duration
      .optional()
      .describe("How long automated backups (point-in-time restore) are kept, 1–35 days. Default: 1 day in `dev`, 7 in `staging`, 30 in `prod`."),
    window: dailyWindow.optional().describe('Daily UTC window of the automated backup. Default `"03:00-04:00"`.'),
    replicateTo: z
      .union([backupRegion, z.array(backupRegion).min(1, { error: "name one region, or leave replicateTo out" })])
      .optional()
      .describe(
        'RDS only (not Aurora): replicate the automated backups to this region (`aws_db_instance_automated_backups_replication`, encrypted with a KMS key there), so point-in-time restore survives the loss of the primary region, e.g. `"us-west-2"`. RDS replicates an instance\'s backups to one region: a list may name one. Default: none.',
      ),
  })
    .optional()
    .describe("Automated backups."),
  global: z
    .union(
      [
        z.literal(true),
        globalIdentifier,
        strict({
          name: globalIdentifier.optional().describe("The global cluster's identifier. Default `<project>-<env>-<name>-global`."),
          adopt: z
            .literal(true)
            .describe(
              "The cluster runs already (berth created it without `global`): the global database is created from it (`source_db_cluster_identifier`), keeping its data, instead of the cluster joining a new one. Keep it for the database's lifetime.",
            ),
        }),
      ],
      { error: "expected true, a global cluster identifier, or { name, adopt: true }" },
    )
    .optional()
    .describe(
      'Aurora only: an Aurora global database (`aws_rds_global_cluster`) whose primary cluster is this one and whose secondary clusters run in the environment\'s `recovery` regions (one in each, at most ten). `true` names it `<project>-<env>-<name>-global`; a string names it, e.g. `"sarc-ng-global"`; `{ adopt: true }` makes an existing cluster the primary of a new global database. Needs `recovery`. Default: none.',
    ),
  writeForwarding: z
    .boolean()
    .optional()
    .describe(
      "Aurora `global` only: the recovery regions' secondary clusters forward writes to the primary's writer (`enable_global_write_forwarding`), so an application there can write. Needs Aurora MySQL 2.08.1 or later (every 3.x) or Aurora PostgreSQL 14.9+, 15.4+ or 16+. Default: `true` when the recovery regions serve users (`routing: \"latency\"` or geolocation), else `false`.",
    ),
  maintenanceWindow: weeklyWindow.optional().describe('Weekly UTC maintenance window; must not overlap the backup window. Default `"sun:05:00-sun:06:00"`.'),
  iamAuth: z
    .boolean()
    .optional()
    .describe(
      "IAM database authentication: users may sign in with an IAM token instead of a password (a service's `databases.<name>.iamUser` gets `rds-db:connect` as that user). The master user keeps its Secrets Manager password. Default `false`.",
    ),
  deletionProtection: z.boolean().optional().describe("Refuse deletion until turned off. Default: `true` in `prod`, else `false`."),
  finalSnapshot: z.boolean().optional().describe("Take a final snapshot when the database is deleted. Default: `true` in `prod`, else `false`."),
  monitoringInterval: duration
    .optional()
    .describe(
      'Enhanced monitoring granularity: `"0 seconds"` (off), 1, 5, 10, 15, 30 or 60 seconds; berth adds the monitoring role. Default `"60 seconds"` in `prod`, else off.',
    ),
  performanceInsights: z
    .union([z.boolean(), strict({ retention: duration.describe('Retention: `"7 days"` (free) or a multiple of 31 days up to 731.') })])
    .optional()
    .describe("Performance Insights, encrypted with the database's key. Default: `true` (7 days) in `prod`, else `false`."),
  logExports: z
    .array(z.enum(["postgresql", "upgrade", "iam-db-auth-error", "audit", "error", "general", "slowquery"]))
    .optional()
    .describe(
      'Logs exported to CloudWatch Logs. Default `["postgresql", "upgrade"]` for PostgreSQL, `["error", "slowquery"]` for MySQL (Aurora: without `upgrade`).',
    ),
  parameters: z
    .record(z.string().regex(/^[a-z_.]+$/), z.union([z.string(), z.number()]))
    .optional()
    .describe("Engine parameters added to berth's parameter group (which always requires TLS: `rds.force_ssl` / `require_secure_transport`)."),
  alarms: databaseAlarmsSchema
    .optional()
    .describe(
      "CloudWatch alarms on this database, sent to the environment's alarm topic (alarm and OK), e.g. `{ cpu: 85, connections: true, freeStorage: 5 }`. Default: none.",
    ),
});
export type DatabaseInput = z.infer<typeof databaseSchema>;

/** How a service reaches a database: the names of the variables it receives. */
export const databaseUseSchema = z.union(
  [
    z.literal(true),
    strict({
      prefix: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/)
        .optional()
        .describe('Prefix of the five variable names: `<prefix>_HOST`, `_PORT`, `_NAME`, `_USER`, `_PASSWORD`. Default `"DB"`.'),
      host: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional()
        .describe("Variable holding the endpoint host (plain environment)."),
      port: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional()
        .describe("Variable holding the port (plain environment)."),
      name: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional()
        .describe("Variable holding the database name (plain environment)."),
      username: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional()
        .describe("Variable holding the user name (ECS secret from the managed secret's `username`)."),
      password: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional()
        .describe("Variable holding the password (ECS secret from the managed secret's `password`)."),
      iamUser: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { error: "expected a database user name: a letter or _, then letters, digits or _ (at most 63)" })
        .optional()
        .describe(
          "Sign in as this database user with an IAM token instead of the master password (the database needs `iamAuth: true`; create the user and grant it `rds_iam` (PostgreSQL) or `AWSAuthenticationPlugin` (MySQL) yourself). The task role may `rds-db:connect` as exactly this user; the service gets the host, port, name and this user name as plain environment, and no password. `berth dev` ignores it (local databases use passwords).",
        ),
    }),
  ],
  { error: 'expected true or { prefix: "DB" } (or explicit host, port, name, username, password variable names)' },
);
