/**
 * The two Lambda entry points of the bundle `npm run build` writes to dist/index.mjs: `index.usage` (the
 * reservation-usage queue's consumer) and `index.prune` (daily, from an EventBridge schedule). berth gives
 * them DB_HOST, DB_PORT, DB_NAME and DB_SECRET_ID; the credentials are read from Secrets Manager once per
 * container (under berth dev, from its local endpoint), and the pool is kept between invocations.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createPool } from "mysql2/promise";
import { poolOptions } from "../../../service/src/store.js";
import { pruneUsage, recordUsage, type SqsBatch, type UsageStore } from "./usage.js";
import { mysqlUsageStore } from "./usage-store.js";

let store: Promise<UsageStore> | undefined;

async function connect(): Promise<UsageStore> {
  const id = process.env.DB_SECRET_ID;
  if (!id) throw new Error("DB_SECRET_ID is not set (berth sets it on AWS and under berth dev)");
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: id }));
  const { username, password } = JSON.parse(secret.SecretString ?? "{}") as { username?: string; password?: string };
  return mysqlUsageStore(createPool({ ...poolOptions({ ...process.env, DB_USER: username, DB_PASSWORD: password }), connectionLimit: 2 }));
}

function usageStore(): Promise<UsageStore> {
  store ??= connect().catch((e: unknown) => {
    store = undefined;
    throw e;
  });
  return store;
}

export async function usage(event: SqsBatch) {
  return recordUsage(await usageStore(), event);
}

export async function prune() {
  const keepDays = Number(process.env.KEEP_DAYS ?? 365);
  const removed = await pruneUsage(await usageStore(), new Date(), keepDays);
  console.log(`pruned ${removed} usage row(s) of days more than ${keepDays} days ago`);
  return { removed };
}
