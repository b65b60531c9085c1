/**
 * Database containers of a Compose project as berth databases: postgres, mysql and mariadb images
 * become RDS engines and versions; other data stores (MongoDB, Redis, …) have no berth equivalent yet
 * and are reported with the reason.
 */

export interface DatabaseImage {
  readonly engine: "postgres" | "mysql";
  readonly version: string;
  /** Why the version or engine differs from the image's, when it does. */
  readonly derived?: string;
  readonly flavour: "postgres" | "mysql" | "mariadb";
}

/** The repository name of an image without registry, namespace and tag: `docker.io/library/postgres:16` → `postgres`. */
export function imageName(image: string): { name: string; tag?: string } {
  const noDigest = image.split("@")[0]!;
  const slash = noDigest.lastIndexOf("/");
  const last = noDigest.slice(slash + 1);
  const [name, tag] = last.split(":");
  return { name: name!.toLowerCase(), tag };
}

const POSTGRES = /^(postgres|postgresql|postgis)$/;
const MYSQL = /^mysql$/;
const MARIADB = /^mariadb$/;

export function databaseImage(image: string): DatabaseImage | undefined {
  const { name, tag } = imageName(image);
  const numbers = /^(\d+)(?:\.(\d+))?/.exec(tag ?? "");
  if (POSTGRES.test(name)) {
    if (!numbers) return { engine: "postgres", version: "16", flavour: "postgres", derived: `the image names no version (${tag ?? "no tag"}): PostgreSQL 16` };
    const major = Number(numbers[1]);
    const version = major >= 10 ? String(major) : `${major}.${numbers[2] ?? "6"}`;
    return { engine: "postgres", version, flavour: "postgres", derived: `the image's major version; RDS picks the latest ${version}.x and upgrades minors` };
  }
  if (MYSQL.test(name)) {
    if (!numbers) return { engine: "mysql", version: "8.0", flavour: "mysql", derived: `the image names no version (${tag ?? "no tag"}): MySQL 8.0` };
    const version = `${numbers[1]}.${numbers[2] ?? "0"}`;
    return { engine: "mysql", version, flavour: "mysql", derived: numbers[2] ? undefined : `the image's major version ${numbers[1]} is MySQL ${version}` };
  }
  if (MARIADB.test(name))
    return {
      engine: "mysql",
      version: "8.0",
      flavour: "mariadb",
      derived: `berth has no MariaDB engine yet: MySQL 8.0 (wire-compatible for most applications; check your SQL) instead of MariaDB ${tag ?? "latest"}`,
    };
  return undefined;
}

/** Data stores that have no berth equivalent, with the reason shown in the report. */
export function unsupportedStore(image: string): string | undefined {
  const { name } = imageName(image);
  if (/^(mongo|mongodb|mongodb-community-server)$/.test(name))
    return "MongoDB has no berth database engine (DocumentDB is not managed by berth); keep it outside berth";
  if (/^(redis|valkey|keydb)$/.test(name)) return "berth has no caches yet (ElastiCache); keep Redis outside berth until it does";
  if (/^memcached$/.test(name)) return "berth has no caches yet (ElastiCache)";
  if (/^(rabbitmq|kafka|zookeeper|nats)$/.test(name)) return "berth has no message brokers; its queues and topics are SQS and SNS (`queues`, `topics`)";
  if (/^(elasticsearch|opensearch)$/.test(name)) return "berth does not manage OpenSearch domains";
  return undefined;
}

/** The environment variables of a database image that name its database and user, by flavour. */
export const DATABASE_ENV: Readonly<Record<DatabaseImage["flavour"], { name: string[]; user: string[]; password: string[] }>> = {
  postgres: { name: ["POSTGRES_DB"], user: ["POSTGRES_USER"], password: ["POSTGRES_PASSWORD", "POSTGRES_PASSWORD_FILE"] },
  mysql: { name: ["MYSQL_DATABASE"], user: ["MYSQL_USER"], password: ["MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"] },
  mariadb: {
    name: ["MARIADB_DATABASE", "MYSQL_DATABASE"],
    user: ["MARIADB_USER", "MYSQL_USER"],
    password: ["MARIADB_PASSWORD", "MARIADB_ROOT_PASSWORD", "MYSQL_PASSWORD", "MYSQL_ROOT_PASSWORD"],
  },
};
