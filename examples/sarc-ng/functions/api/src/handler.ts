/**
 * The Lambda entry point (`index.handler` in the bundle `npm run build` writes to dist/index.mjs, the
 * folder berth zips). berth gives the function DB_HOST, DB_PORT, DB_NAME and DB_SECRET_ID (the ARN of the
 * database's managed secret); the user name and password are read from Secrets Manager once per
 * container, never from the environment. The pool is kept between invocations.
 */
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createPool } from "mysql2/promise";
import { poolOptions } from "../../../service/src/store.js";
import { type HttpEvent, type HttpResult, type ReadStore, route } from "./api.js";
import { readStore } from "./read-store.js";

let store: Promise<ReadStore> | undefined;

async function connect(): Promise<ReadStore> {
  const id = process.env.DB_SECRET_ID;
  if (!id) throw new Error("DB_SECRET_ID is not set (berth sets it on AWS)");
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: id }));
  const { username, password } = JSON.parse(secret.SecretString ?? "{}") as { username?: string; password?: string };
  return readStore(createPool({ ...poolOptions({ ...process.env, DB_USER: username, DB_PASSWORD: password }), connectionLimit: 2 }));
}

export async function handler(event: HttpEvent): Promise<HttpResult> {
  store ??= connect().catch((e: unknown) => {
    store = undefined;
    throw e;
  });
  return route(event, await store);
}
