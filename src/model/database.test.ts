import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { parameterGroupFamily, windowsOverlap } from "./database.js";
import { resolveModel } from "./resolve.js";
import { modelErrors } from "../../test/support/config-errors.js";
import type { Environment } from "./types.js";

type Raw = Record<string, unknown>;
const base = (over: Raw = {}): Raw => ({
  project: "shop",
  loadBalancers: { public: {} },
  databases: { main: { engine: "postgres", version: "16" } },
  services: { api: { port: 8080, routes: [{ loadBalancer: "public" }], databases: { main: true } } },
  environments: { prod: { tier: "prod", region: "eu-west-1" }, dev: { tier: "dev", region: "eu-west-1" } },
  ...over,
});
const withDb = (db: Raw, over: Raw = {}): Raw => base({ databases: { main: { engine: "postgres", version: "16", ...db } }, ...over });

const resolve = (raw: Raw) => resolveModel(validateConfig(raw));
const env = (raw: Raw, name: string): Environment => resolve(raw).environments.find((e) => e.name === name)!;

const errors = modelErrors;

describe("databases", () => {
  it("applies tier defaults: prod is Multi-AZ, kept 30 days, protected, snapshotted, monitored; dev is not", () => {
    const prod = env(base(), "prod").databases[0]!;
    expect(prod).toMatchObject({
      identifier: "shop-prod-main",
      instanceClass: "db.t3.micro",
      port: 5432,
      databaseName: "main",
      multiAz: true,
      backupRetentionDays: 30,
      deletionProtection: true,
      finalSnapshotIdentifier: "shop-prod-main-final",
      monitoringInterval: 60,
      performanceInsights: { retentionDays: 7 },
      storage: { allocatedGb: 20, maxGb: null },
      users: ["api"],
    });
    const dev = env(base(), "dev").databases[0]!;
    expect(dev).toMatchObject({
      multiAz: false,
      backupRetentionDays: 1,
      deletionProtection: false,
      finalSnapshotIdentifier: null,
      monitoringInterval: 0,
      performanceInsights: null,
    });
  });

  it("always requires TLS through the parameter group, for each engine family", () => {
    expect(env(base(), "prod").databases[0]!.parameters[0]).toEqual({ name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" });
    const mysql = env(withDb({ engine: "mysql", version: "8.0.39", parameters: { require_secure_transport: "OFF", max_connections: 200 } }), "prod")
      .databases[0]!;
    expect(mysql.parameters).toEqual([
      { name: "require_secure_transport", value: "ON", applyMethod: "immediate" },
      { name: "max_connections", value: "200", applyMethod: "pending-reboot" },
    ]);
    expect([mysql.port, mysql.parameterGroupFamily, mysql.logExports]).toEqual([3306, "mysql8.0", ["error", "slowquery"]]);
  });

  it("derives parameter group families from engine versions", () => {
    expect(parameterGroupFamily("postgres", "15.7")).toBe("postgres15");
    expect(parameterGroupFamily("aurora-postgresql", "16.6")).toBe("aurora-postgresql16");
    expect(parameterGroupFamily("aurora-mysql", "8.0.mysql_aurora.3.08.0")).toBe("aurora-mysql8.0");
  });

  it("gives Aurora a writer and readers in promotion order", () => {
    const db = env(withDb({ engine: "aurora-postgresql", version: "16.6", instances: 3 }), "prod").databases[0]!;
    expect(db.kind).toBe("aurora");
    expect(db.storage).toBeNull();
    expect(db.instanceClass).toBe("db.t3.medium");
    expect(db.instances).toEqual([
      { identifier: "shop-prod-main-1", promotionTier: 1 },
      { identifier: "shop-prod-main-2", promotionTier: 2 },
      { identifier: "shop-prod-main-3", promotionTier: 3 },
    ]);
    expect(env(withDb({ engine: "aurora-postgresql", version: "16.6" }), "dev").databases[0]!.instances).toHaveLength(1);
  });

  it("merges per-environment overrides and names the override's path in errors", () => {
    const raw = withDb({}, { environments: { prod: { tier: "prod", region: "eu-west-1", network: { azs: 1 }, databases: { main: { multiAz: true } } } } });
    expect(errors(raw)).toContain("environments.prod.databases.main.multiAz: true needs at least 2 availability zones; this environment has 1");
    const tier = withDb({}, { network: { azs: 1 }, environments: { prod: { tier: "prod", region: "eu-west-1" } } });
    expect(errors(tier)).toContain("databases.main.multiAz: true needs at least 2 availability zones; this environment has 1");
    const big = env(
      withDb({}, { environments: { prod: { tier: "prod", region: "eu-west-1", databases: { main: { instanceClass: "db.t3.small" } } } } }),
      "prod",
    );
    expect(big.databases[0]!.instanceClass).toBe("db.t3.small");
  });

  it("needs 2 AZs for the subnet group even without Multi-AZ", () => {
    const raw = withDb({ multiAz: false }, { network: { azs: 1 }, environments: { dev: { tier: "dev", region: "eu-west-1" } } });
    expect(errors(raw)[0]).toMatch(/^databases\.main: a database needs subnets in at least 2 availability zones .*; this environment has 1$/);
  });

  it("rejects an override of a database that does not exist", () => {
    const raw = base({ environments: { prod: { tier: "prod", region: "eu-west-1", databases: { mian: { multiAz: false } } } } });
    expect(errors(raw)).toContain('environments.prod.databases.mian: database "mian" does not exist; did you mean "main"?');
  });

  it("checks engine versions and classes", () => {
    expect(errors(withDb({ version: "9.6" }))).toContain(
      'databases.main.version: "9.6" is not a postgres version RDS offers; use major version 12, 13, 14, 15, 16, 17',
    );
    expect(errors(withDb({ engine: "aurora-mysql", version: "8.0" }))[0]).toMatch(
      /databases\.main\.version: aurora-mysql needs a full Aurora version such as "8\.0\.mysql_aurora\.3\.08\.0"/,
    );
    expect(errors(withDb({ engine: "aurora-postgresql", version: "16.6", instanceClass: "db.t3.micro" }))).toContain(
      'databases.main.instanceClass: "db.t3.micro" is too small for Aurora; its smallest classes are db.t3.medium and db.t4g.medium',
    );
    expect(errors(withDb({ engine: "mysql", version: "8.0", performanceInsights: true }))).toContain(
      "databases.main.performanceInsights: is not available for mysql on db.t3.micro",
    );
  });

  it("keeps RDS and Aurora options apart", () => {
    expect(errors(withDb({ engine: "aurora-postgresql", version: "16.6", storage: "100 GB" }))).toContain(
      "databases.main.storage: does not apply to aurora-postgresql: Aurora storage grows by itself",
    );
    expect(errors(withDb({ instances: 2 }))[0]).toMatch(/^databases\.main\.instances: applies to Aurora clusters only; postgres is one instance/);
    expect(errors(withDb({ engine: "aurora-mysql", version: "8.0.mysql_aurora.3.08.0", multiAz: true, instances: 1 }))[0]).toMatch(
      /^databases\.main\.instances: is 1 but multiAz is true/,
    );
  });

  it("requires the storage ceiling above the allocated storage, and gp3's minimum", () => {
    expect(errors(withDb({ storage: "100 GB", maxStorage: "100 GB" }))).toContain(
      "databases.main.maxStorage: (100 GB) must be larger than storage (100 GB) for storage autoscaling",
    );
    expect(errors(withDb({ storage: "10 GB" }))).toContain("databases.main.storage: gp3 storage must be between 20 and 65536 GB; got 10 GB");
  });

  it("checks backups, windows, monitoring and log exports", () => {
    expect(errors(withDb({ backup: { retention: "40 days" } }))).toContain("databases.main.backup: retention must be between 0 and 35 days; got 40");
    expect(errors(withDb({ backup: { retention: "0 days" } }))[0]).toMatch(
      /^databases\.main\.backup: retention of 0 days turns automated backups off, which a prod tier does not allow/,
    );
    expect(errors(withDb({ backup: { window: "04:30-05:30" }, maintenanceWindow: "sun:05:00-sun:06:00" }))[0]).toMatch(
      /^databases\.main\.maintenanceWindow: "sun:05:00-sun:06:00" overlaps the backup window "04:30-05:30"/,
    );
    expect(errors(withDb({ monitoringInterval: "45 seconds" }))).toContain(
      "databases.main.monitoringInterval: 45 seconds is not an enhanced monitoring interval; use one of 0, 1, 5, 10, 15, 30, 60 seconds",
    );
    expect(errors(withDb({ logExports: ["slowquery"] }))[0]).toMatch(/^databases\.main\.logExports: postgres does not export "slowquery"/);
  });

  it("finds overlaps of a daily and a weekly window, across midnight too", () => {
    expect(windowsOverlap("03:00-04:00", "sun:05:00-sun:06:00")).toBe(false);
    expect(windowsOverlap("03:00-04:00", "mon:03:30-mon:04:30")).toBe(true);
    expect(windowsOverlap("23:30-00:30", "sat:00:00-sat:01:00")).toBe(true);
    expect(windowsOverlap("22:00-23:00", "sun:23:30-mon:00:30")).toBe(false);
  });
});

describe("services that use databases, secrets and parameters", () => {
  it("gives a service five variables per database, host/port/name plain and user/password from the managed secret", () => {
    const api = env(base(), "prod").services[0]!;
    expect(api.databases).toEqual([
      {
        database: "main",
        port: 5432,
        hostVar: "DB_HOST",
        portVar: "DB_PORT",
        nameVar: "DB_NAME",
        usernameVar: "DB_USER",
        passwordVar: "DB_PASSWORD",
        sslModeVar: "DB_SSL_MODE",
        iamUser: null,
      },
    ]);
    const named = env(base({ services: { api: { port: 8080, databases: { main: { prefix: "PG", password: "PGPASS" } } } } }), "prod").services[0]!;
    expect(named.databases[0]).toMatchObject({ hostVar: "PG_HOST", usernameVar: "PG_USER", passwordVar: "PGPASS" });
  });

  it("rejects a database, secret or parameter that does not exist", () => {
    const raw = base({
      secrets: { "stripe-key": {} },
      parameters: { flags: { secure: false, value: "a=1" } },
      services: { api: { port: 8080, databases: { mian: true }, secrets: { STRIPE: { secret: "stripe" }, FLAGS: { parameter: "flag" } } } },
    });
    const msg = errors(raw);
    expect(msg).toContain('services.api.databases.mian: database "mian" does not exist; did you mean "main"?');
    expect(msg).toContain('services.api.secrets.STRIPE.secret: secret "stripe" does not exist; known: "stripe-key"');
    expect(msg).toContain('services.api.secrets.FLAGS.parameter: parameter "flag" does not exist; did you mean "flags"?');
  });

  it("resolves declared secrets and parameters to the names berth creates", () => {
    const raw = base({
      secrets: { "stripe-key": {} },
      parameters: { flags: { secure: false, value: "a=1" }, token: {} },
      services: {
        api: { port: 8080, secrets: { STRIPE: { secret: "stripe-key", key: "live" }, FLAGS: { parameter: "flags" }, TOKEN: { parameter: "token" } } },
      },
    });
    const e = env(raw, "prod");
    expect(e.services[0]!.secrets).toEqual([
      { name: "FLAGS", source: "ssm", ref: "/shop/prod/flags", key: undefined, declared: "flags" },
      { name: "STRIPE", source: "secretsmanager", ref: "shop-prod/stripe-key", key: "live", declared: "stripe-key" },
      { name: "TOKEN", source: "ssm", ref: "/shop/prod/token", key: undefined, declared: "token" },
    ]);
    expect(e.secrets).toEqual([
      { key: "stripe-key", name: "shop-prod/stripe-key", description: "stripe-key (value set outside Terraform)", recoveryWindowDays: 30 },
    ]);
    expect(e.parameters.map((p) => [p.name, p.secure, p.value])).toEqual([
      ["/shop/prod/flags", false, "a=1"],
      ["/shop/prod/token", true, undefined],
    ]);
  });

  it("refuses a value on a SecureString parameter and requires one on a plain parameter", () => {
    const msg = errors(base({ parameters: { token: { value: "hunter2" }, flags: { secure: false } } }));
    expect(msg).toContain("parameters.token.value: cannot be set on a SecureString parameter: a secret value must never be written into Terraform");
    expect(msg).toContain("parameters.flags.value: is required for a plain String parameter (secure: false)");
  });

  it("keeps a deleted secret restorable for 7 to 30 days", () => {
    expect(errors(base({ secrets: { "stripe-key": { recoveryWindow: "3 days" } } }))).toContain(
      "secrets.stripe-key.recoveryWindow: must be between 7 and 30 days; got 3",
    );
    expect(env(base({ secrets: { "stripe-key": {} } }), "dev").secrets[0]!.recoveryWindowDays).toBe(7);
  });

  it("rejects a database variable that environment or secrets already set", () => {
    const msg = errors(base({ services: { api: { port: 8080, databases: { main: true }, environment: { DB_HOST: "localhost" } } } }));
    expect(msg[0]).toMatch(/^services\.api\.databases\.main: would set DB_HOST, which environment already sets; a variable comes from one place/);
  });
});

describe("the network and keys of the data tier", () => {
  it("creates the database subnets and an ACL open on the engine port from the users' subnets", () => {
    const e = env(base(), "prod");
    expect(e.network.tiers).toContain("database");
    expect(e.network.databaseAcl).toEqual({ ports: [5432], from: ["private"] });
    expect(env(base({ databases: undefined, services: { api: { port: 8080 } } }), "prod").network.databaseAcl).toBeNull();
  });

  it("adds the Secrets Manager endpoint when a database user has no route out", () => {
    const e = env(base({ network: { nat: "none" } }), "prod");
    expect(e.network.endpoints.interface).toContain("secretsmanager");
  });

  it("picks customer-managed keys per tier, and the config overrides them", () => {
    const keys = (e: Environment) =>
      Object.entries(e.kms)
        .filter(([, k]) => k !== null)
        .map(([use]) => use);
    // The messaging key only with queues or topics (its stack exists only then).
    expect(keys(env(base(), "prod"))).toEqual(["rds", "secrets", "ecr", "logs", "alarms"]);
    expect(keys(env(base({ queues: { jobs: {} } }), "prod"))).toContain("messaging");
    expect(keys(env(base(), "dev"))).toEqual([]);
    expect(keys(env(base({ kms: { rds: true, ecr: true, alarms: true } }), "dev"))).toEqual(["rds", "ecr", "alarms"]);
    expect(env(base(), "prod").kms.logs).toEqual({
      use: "logs",
      alias: "alias/shop-prod-logs",
      description: "shop-prod: CloudWatch log groups",
      rotation: true,
      deletionWindowDays: 30,
    });
  });
});
