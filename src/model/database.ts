/**
 * Resolves `databases`: engine facts (versions, parameter group family, port, TLS parameter, log types),
 * tier defaults (Multi-AZ, backups, protection, monitoring), names within RDS limits, and the cross-field
 * rules (AZs, RDS vs Aurora options, storage, windows, instance classes) reported with their config path.
 */
import { checkRegion } from "./regions.js";
import type { DatabaseInput } from "../config/schema/database.js";
import type { ConfigPath } from "../errors.js";
import { resolveDatabaseAlarms } from "./alarms.js";
import type { Issues } from "./issues.js";
import { awsName } from "./names.js";
import type { BackupReplication, Database, DatabaseEngine, DbParameter, GlobalDatabase, Tier } from "./types.js";
import { writeForwardingGap } from "./write-forwarding.js";
import { parseDays, parseDuration } from "./units.js";
import { compareText } from "./text-order.js";

/** What each tier means for a database when the config does not say. */
export const DATABASE_TIER_DEFAULTS: Readonly<
  Record<
    Tier,
    {
      multiAz: boolean;
      backupRetentionDays: number;
      deletionProtection: boolean;
      finalSnapshot: boolean;
      monitoringInterval: number;
      performanceInsights: boolean;
    }
  >
> = {
  dev: { multiAz: false, backupRetentionDays: 1, deletionProtection: false, finalSnapshot: false, monitoringInterval: 0, performanceInsights: false },
  staging: { multiAz: false, backupRetentionDays: 7, deletionProtection: false, finalSnapshot: false, monitoringInterval: 0, performanceInsights: false },
  prod: { multiAz: true, backupRetentionDays: 30, deletionProtection: true, finalSnapshot: true, monitoringInterval: 60, performanceInsights: true },
};

interface EngineFacts {
  readonly family: "postgres" | "mysql";
  readonly kind: "instance" | "aurora";
  /** Major versions RDS offers (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Support.html). */
  readonly majors: readonly string[];
  readonly port: number;
  /** The parameter that refuses connections without TLS. */
  readonly tls: DbParameter;
  readonly logTypes: readonly string[];
  readonly defaultLogs: readonly string[];
}

const PG_TLS: DbParameter = { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" };
const MYSQL_TLS: DbParameter = { name: "require_secure_transport", value: "ON", applyMethod: "immediate" };

export const ENGINES: Readonly<Record<DatabaseEngine, EngineFacts>> = {
  postgres: {
    family: "postgres",
    kind: "instance",
    majors: ["12", "13", "14", "15", "16", "17"],
    port: 5432,
    tls: PG_TLS,
    logTypes: ["postgresql", "upgrade", "iam-db-auth-error"],
    defaultLogs: ["postgresql", "upgrade"],
  },
  mysql: {
    family: "mysql",
    kind: "instance",
    majors: ["5.7", "8.0", "8.4"],
    port: 3306,
    tls: MYSQL_TLS,
    logTypes: ["audit", "error", "general", "slowquery", "iam-db-auth-error"],
    defaultLogs: ["error", "slowquery"],
  },
  "aurora-postgresql": {
    family: "postgres",
    kind: "aurora",
    majors: ["13", "14", "15", "16", "17"],
    port: 5432,
    tls: PG_TLS,
    logTypes: ["postgresql", "iam-db-auth-error"],
    defaultLogs: ["postgresql"],
  },
  "aurora-mysql": {
    family: "mysql",
    kind: "aurora",
    majors: ["5.7", "8.0"],
    port: 3306,
    tls: MYSQL_TLS,
    logTypes: ["audit", "error", "general", "slowquery", "iam-db-auth-error"],
    defaultLogs: ["error", "slowquery"],
  },
};

export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;
/** RDS identifiers: 1–63 letters, digits and hyphens. */
const IDENTIFIER_LIMIT = 63;

export interface DatabaseContext {
  readonly prefix: string;
  readonly tier: Tier;
  readonly azCount: number;
  /** Where each field was set: the environment's override when it sets the field, else the top-level config. */
  readonly pathOf: (field: string) => ConfigPath;
  /** The database itself: `databases.<key>`. */
  readonly at: ConfigPath;
  readonly users: readonly string[];
  /** The environment's primary region and its recovery regions (none without `recovery`). */
  readonly region: string;
  readonly recoveryRegions: readonly string[];
  /** The recovery regions answer users too (latency or geolocation routing), so their applications write. */
  readonly recoveryServes: boolean;
  readonly issues: Issues;
}

export function resolveDatabase(key: string, input: DatabaseInput, ctx: DatabaseContext): Database {
  const facts = ENGINES[input.engine];
  const defaults = DATABASE_TIER_DEFAULTS[ctx.tier];
  const aurora = facts.kind === "aurora";
  const identifier = awsName([ctx.prefix, key], IDENTIFIER_LIMIT);
  const multiAz = input.multiAz ?? defaults.multiAz;
  const instanceClass = input.instanceClass ?? (aurora ? "db.t3.medium" : "db.t3.micro");
  const performanceInsights = resolvePerformanceInsights(input, defaults.performanceInsights, facts, instanceClass, ctx);
  const backupRetentionDays = input.backup?.retention ? parseDays(input.backup.retention) : defaults.backupRetentionDays;
  const backupWindow = input.backup?.window ?? "03:00-04:00";
  const maintenanceWindow = input.maintenanceWindow ?? "sun:05:00-sun:06:00";
  const monitoringInterval = input.monitoringInterval ? parseDuration(input.monitoringInterval) : defaults.monitoringInterval;

  checkVersion(input, facts, ctx);
  checkAvailabilityZones(multiAz, ctx);
  if (aurora) checkAuroraOptions(input, instanceClass, ctx);
  else checkInstanceOptions(input, ctx);
  checkBackups(backupRetentionDays, aurora, ctx);
  if (windowsOverlap(backupWindow, maintenanceWindow)) {
    ctx.issues.add(
      ctx.pathOf("maintenanceWindow"),
      `"${maintenanceWindow}" overlaps the backup window "${backupWindow}"`,
      'move one of them, e.g. backup: { window: "03:00-04:00" } and maintenanceWindow: "sun:05:00-sun:06:00"',
    );
  }
  if (!(MONITORING_INTERVALS as readonly number[]).includes(monitoringInterval)) {
    ctx.issues.add(
      ctx.pathOf("monitoringInterval"),
      `${monitoringInterval} seconds is not an enhanced monitoring interval; use one of ${MONITORING_INTERVALS.join(", ")} seconds`,
    );
  }
  const logExports = input.logExports ?? facts.defaultLogs;
  const badLogs = logExports.filter((l) => !facts.logTypes.includes(l));
  if (badLogs.length > 0)
    ctx.issues.add(
      ctx.pathOf("logExports"),
      `${input.engine} does not export ${badLogs.map((l) => `"${l}"`).join(", ")}; use ${facts.logTypes.map((l) => `"${l}"`).join(", ")}`,
    );

  const storage = aurora ? null : resolveStorage(input, ctx);
  const instanceCount = aurora ? (input.instances ?? (multiAz ? 2 : 1)) : 0;
  return {
    key,
    identifier,
    engine: input.engine,
    family: facts.family,
    kind: facts.kind,
    engineVersion: input.version,
    parameterGroupFamily: parameterGroupFamily(input.engine, input.version),
    instanceClass,
    port: input.port ?? facts.port,
    databaseName: input.name ?? key.replace(/-/g, "_"),
    username: input.username ?? "dbadmin",
    storage,
    multiAz,
    instances: Array.from({ length: instanceCount }, (_, i) => ({ identifier: awsName([identifier, String(i + 1)], IDENTIFIER_LIMIT), promotionTier: i + 1 })),
    backupRetentionDays,
    backupWindow,
    maintenanceWindow,
    deletionProtection: input.deletionProtection ?? defaults.deletionProtection,
    iamAuth: input.iamAuth ?? false,
    finalSnapshotIdentifier: (input.finalSnapshot ?? defaults.finalSnapshot) ? awsName([identifier, "final"], IDENTIFIER_LIMIT) : null,
    monitoringInterval,
    performanceInsights,
    logExports: [...logExports].sort(),
    parameters: resolveParameters(input, facts),
    subnetGroupName: identifier,
    securityGroupName: `${identifier}-db`,
    parameterGroupName: identifier,
    monitoringRoleName: awsName([identifier, "monitoring"], 64),
    users: [...ctx.users].sort(),
    alarms: resolveDatabaseAlarms(input.alarms, {
      key,
      identifier,
      kind: facts.kind,
      allocatedGb: storage?.allocatedGb ?? null,
      at: ctx.pathOf("alarms"),
      issues: ctx.issues,
    }),
    global: resolveGlobal(key, input, identifier, aurora, ctx),
    backupReplication: resolveBackupReplication(input, aurora, ctx),
  };
}

/** `global`: an Aurora global database whose secondary is in the recovery region. */
function resolveGlobal(key: string, input: DatabaseInput, identifier: string, aurora: boolean, ctx: DatabaseContext): GlobalDatabase | null {
  if (input.global === undefined) {
    if (input.writeForwarding !== undefined)
      ctx.issues.add(
        ctx.pathOf("writeForwarding"),
        "forwards writes from a global database's secondary regions, and this database is not global",
        `set global: true (Aurora, with a recovery region), or drop writeForwarding`,
      );
    return null;
  }
  const at = ctx.pathOf("global");
  if (!aurora) {
    ctx.issues.add(
      at,
      `a global database needs Aurora; ${input.engine} is not`,
      `use engine "aurora-${input.engine}", or backup: { replicateTo: "<region>" } for RDS`,
    );
    return null;
  }
  if (ctx.recoveryRegions.length === 0) {
    ctx.issues.add(
      at,
      "a global database needs a secondary region, and the environment has no recovery region",
      'add the region to the environment: recovery: { region: "us-west-2", network: { cidr: "10.1.0.0/16" } }',
    );
    return null;
  }
  return {
    identifier: globalName(input.global, identifier),
    primaryRegion: ctx.region,
    secondaryRegions: ctx.recoveryRegions,
    secondary: false,
    adopt: typeof input.global === "object" && input.global.adopt,
    writeForwarding: resolveWriteForwarding(input, ctx),
    masterPassword: { variable: `database_${key.replace(/[^A-Za-z0-9_]/g, "_")}_master_password`, secretName: `${ctx.prefix}/${key}-master` },
  };
}

/** The global cluster's identifier: the one given, else `<identifier>-global`. */
function globalName(global: NonNullable<DatabaseInput["global"]>, identifier: string): string {
  const given = typeof global === "object" ? global.name : global === true ? undefined : global;
  return given ?? awsName([identifier, "global"], IDENTIFIER_LIMIT);
}

/** `writeForwarding`: on by default where the recovery regions serve users; refused on an engine version AWS does not forward writes from. */
function resolveWriteForwarding(input: DatabaseInput, ctx: DatabaseContext): boolean {
  const on = input.writeForwarding ?? ctx.recoveryServes;
  if (!on) return false;
  const gap = writeForwardingGap(input.engine, input.version);
  if (gap)
    ctx.issues.add(
      input.writeForwarding === undefined ? ctx.pathOf("version") : ctx.pathOf("writeForwarding"),
      `${input.engine} ${input.version} cannot forward writes from a secondary region (global write forwarding needs ${gap.minimum} or later)${input.writeForwarding === undefined ? ", which the recovery regions need because they serve users (latency or geolocation routing)" : ""}`,
      `use version "${gap.minimum}" or later, or writeForwarding: false (the recovery regions then serve reads only)`,
    );
  return true;
}

/** `backup.replicateTo`: RDS automated backups copied to another region. */
function resolveBackupReplication(input: DatabaseInput, aurora: boolean, ctx: DatabaseContext): BackupReplication | null {
  const given = input.backup?.replicateTo;
  if (given === undefined) return null;
  const at = [...ctx.pathOf("backup"), "replicateTo"];
  const regions = typeof given === "string" ? [given] : given;
  if (regions.length > 1) {
    ctx.issues.add(
      [...at, 1],
      `RDS replicates an instance's automated backups to one region only, and ${regions[0]} already receives them`,
      `keep one region, e.g. replicateTo: "${regions[0]}"; for copies in several regions use Aurora with global: true and recovery regions`,
    );
    return null;
  }
  const region = regions[0]!;
  if (aurora) {
    ctx.issues.add(at, "Aurora does not replicate automated backups across regions", "use global: true with a recovery region instead");
    return null;
  }
  if (region === ctx.region) {
    ctx.issues.add(at, `backups would be replicated to ${region}, the region the database is in`, 'name another region, e.g. "us-west-2"');
    return null;
  }
  checkRegion(region, at, ctx.issues);
  return { region };
}

/** `15.7` → `postgres15`; `8.0.35` → `mysql8.0`; `8.0.mysql_aurora.3.08.0` → `aurora-mysql8.0`. */
export function parameterGroupFamily(engine: DatabaseEngine, version: string): string {
  return `${engine}${majorOf(engine, version)}`;
}

function majorOf(engine: DatabaseEngine, version: string): string {
  const parts = version.split(".");
  return ENGINES[engine].family === "mysql" ? parts.slice(0, 2).join(".") : (parts[0] as string);
}

function checkVersion(input: DatabaseInput, facts: EngineFacts, ctx: DatabaseContext): void {
  const major = majorOf(input.engine, input.version);
  if (!facts.majors.includes(major)) {
    ctx.issues.add(ctx.pathOf("version"), `"${input.version}" is not a ${input.engine} version RDS offers; use major version ${facts.majors.join(", ")}`);
  }
  const auroraMysql = /\.mysql_aurora\./.test(input.version);
  if (input.engine === "aurora-mysql" && !auroraMysql) {
    ctx.issues.add(ctx.pathOf("version"), `aurora-mysql needs a full Aurora version such as "8.0.mysql_aurora.3.08.0"; got "${input.version}"`);
  } else if (input.engine !== "aurora-mysql" && auroraMysql) {
    ctx.issues.add(ctx.pathOf("version"), `"${input.version}" is an Aurora MySQL version; use engine: "aurora-mysql" or a ${input.engine} version`);
  }
}

/** A DB subnet group needs subnets in two AZs, even for a single-AZ database. */
function checkAvailabilityZones(multiAz: boolean, ctx: DatabaseContext): void {
  if (ctx.azCount >= 2) return;
  if (multiAz) {
    ctx.issues.add(
      ctx.pathOf("multiAz"),
      `true needs at least 2 availability zones; this environment has ${ctx.azCount}`,
      "set network.azs: 2 (or more), or multiAz: false",
    );
  } else {
    ctx.issues.add(
      ctx.at,
      `a database needs subnets in at least 2 availability zones (RDS subnet groups require it); this environment has ${ctx.azCount}`,
      "set network.azs: 2 (or more)",
    );
  }
}

function checkAuroraOptions(input: DatabaseInput, instanceClass: string, ctx: DatabaseContext): void {
  for (const field of ["storage", "maxStorage"] as const) {
    if (input[field] !== undefined) ctx.issues.add(ctx.pathOf(field), `does not apply to ${input.engine}: Aurora storage grows by itself`, `remove ${field}`);
  }
  if (input.multiAz === true && input.instances === 1) {
    ctx.issues.add(
      ctx.pathOf("instances"),
      "is 1 but multiAz is true; an Aurora cluster fails over to a second instance",
      "set instances: 2, or multiAz: false",
    );
  }
  if (/^db\.t[234]g?\.(micro|small)$/.test(instanceClass)) {
    ctx.issues.add(ctx.pathOf("instanceClass"), `"${instanceClass}" is too small for Aurora; its smallest classes are db.t3.medium and db.t4g.medium`);
  }
}

function checkInstanceOptions(input: DatabaseInput, ctx: DatabaseContext): void {
  if (input.instances !== undefined) {
    ctx.issues.add(
      ctx.pathOf("instances"),
      `applies to Aurora clusters only; ${input.engine} is one instance (with a standby when multiAz is true)`,
      `remove instances, or use engine: "aurora-${ENGINES[input.engine].family === "postgres" ? "postgresql" : "mysql"}"`,
    );
  }
}

function resolveStorage(input: DatabaseInput, ctx: DatabaseContext): { allocatedGb: number; maxGb: number | null } {
  const allocatedGb = Number.parseInt(input.storage ?? "20 GB", 10);
  const maxGb = input.maxStorage ? Number.parseInt(input.maxStorage, 10) : null;
  if (allocatedGb < 20 || allocatedGb > 65536) ctx.issues.add(ctx.pathOf("storage"), `gp3 storage must be between 20 and 65536 GB; got ${allocatedGb} GB`);
  if (maxGb !== null && maxGb <= allocatedGb) {
    ctx.issues.add(
      ctx.pathOf("maxStorage"),
      `(${maxGb} GB) must be larger than storage (${allocatedGb} GB) for storage autoscaling`,
      `set maxStorage: "${Math.max(allocatedGb * 2, 40)} GB", or remove it to turn autoscaling off`,
    );
  }
  if (maxGb !== null && maxGb > 65536) ctx.issues.add(ctx.pathOf("maxStorage"), `must be at most 65536 GB; got ${maxGb} GB`);
  return { allocatedGb, maxGb };
}

function checkBackups(days: number, aurora: boolean, ctx: DatabaseContext): void {
  const min = aurora ? 1 : 0;
  if (days < min || days > 35) ctx.issues.add(ctx.pathOf("backup"), `retention must be between ${min} and 35 days; got ${days}`);
  if (days === 0 && ctx.tier === "prod")
    ctx.issues.add(
      ctx.pathOf("backup"),
      "retention of 0 days turns automated backups off, which a prod tier does not allow",
      'set backup: { retention: "7 days" } or more',
    );
}

function resolvePerformanceInsights(
  input: DatabaseInput,
  byDefault: boolean,
  facts: EngineFacts,
  instanceClass: string,
  ctx: DatabaseContext,
): { retentionDays: number } | null {
  // RDS for MySQL has no Performance Insights on micro and small burstable classes.
  const unsupported = facts.family === "mysql" && facts.kind === "instance" && /^db\.t[234]g?\.(micro|small)$/.test(instanceClass);
  const pi = input.performanceInsights;
  if (pi === undefined) return byDefault && !unsupported ? { retentionDays: 7 } : null;
  if (pi === false) return null;
  if (unsupported) {
    ctx.issues.add(
      ctx.pathOf("performanceInsights"),
      `is not available for ${input.engine} on ${instanceClass}`,
      "use db.t3.medium or larger, or performanceInsights: false",
    );
  }
  const days = typeof pi === "object" ? parseDays(pi.retention) : 7;
  if (days !== 7 && (days % 31 !== 0 || days > 731)) {
    ctx.issues.add(ctx.pathOf("performanceInsights"), `retention must be 7 days or a multiple of 31 days up to 731; got ${days}`);
  }
  return { retentionDays: days };
}

function resolveParameters(input: DatabaseInput, facts: EngineFacts): DbParameter[] {
  const user = Object.entries(input.parameters ?? {})
    .filter(([name]) => name !== facts.tls.name)
    .map(([name, value]): DbParameter => ({ name, value: String(value), applyMethod: "pending-reboot" }));
  return [facts.tls, ...user.sort((a, b) => compareText(a.name, b.name))];
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const minutes = (hhmm: string): number => Number.parseInt(hhmm.slice(0, 2), 10) * 60 + Number.parseInt(hhmm.slice(3, 5), 10);

/** Whether the daily backup window and the weekly maintenance window share a minute. */
export function windowsOverlap(backup: string, maintenance: string): boolean {
  const [b0, b1] = backup.split("-").map(minutes) as [number, number];
  const [m0s, m1s] = maintenance.split("-") as [string, string];
  const week = 7 * 1440;
  const at = (s: string) => DAYS.indexOf(s.slice(0, 3)) * 1440 + minutes(s.slice(4));
  const m0 = at(m0s);
  const m1 = at(m1s) <= m0 ? at(m1s) + week : at(m1s);
  const bLen = b1 > b0 ? b1 - b0 : b1 + 1440 - b0;
  for (let day = -1; day <= 7; day++) {
    const s = day * 1440 + b0;
    for (const shift of [0, week]) if (s + shift < m1 && m0 < s + shift + bLen) return true;
  }
  return false;
}
