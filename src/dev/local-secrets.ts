/**
 * The `<NAME>_SECRET_ID` indirection of functions under `berth dev`. On AWS a function gets a secret's ARN
 * (or a parameter's name) and reads the value at run time, because Lambda cannot inject secrets; locally
 * the same code reads it from this loopback endpoint, which speaks the two calls such code makes —
 * Secrets Manager's `GetSecretValue` and SSM's `GetParameter` (JSON 1.1 protocol, the AWS SDK v3's) —
 * reached through `AWS_ENDPOINT_URL_SECRETS_MANAGER` / `AWS_ENDPOINT_URL_SSM`. It serves only the values
 * berth registered: a database's credentials (the managed secret's JSON: username, password, engine, host,
 * port, dbname) and each declared secret, whose value comes from berth's own environment, as services'
 * secrets do locally.
 */
import { createServer } from "node:http";
import { listenOnLoopback } from "./loopback.js";

export interface LocalSecrets {
  readonly url: string;
  /** Registers (or replaces) a value under its local id. */
  set(id: string, value: string): void;
  stop(): Promise<void>;
}

/** The local ARN-like id of a secret; what `<NAME>_SECRET_ID` holds under berth dev. */
export const localSecretId = (name: string): string => `arn:aws:secretsmanager:local:000000000000:secret:berth-local/${name}`;

export async function startLocalSecrets(): Promise<LocalSecrets> {
  const values = new Map<string, string>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      let body: { SecretId?: unknown; Name?: unknown } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as typeof body;
      } catch {
        // answered below as a missing id
      }
      const send = (status: number, payload: object, type?: string) => {
        res.writeHead(status, { "content-type": "application/x-amz-json-1.1", ...(type ? { "x-amzn-errortype": type } : {}) });
        res.end(JSON.stringify(payload));
      };
      if (target === "secretsmanager.GetSecretValue") {
        const id = String(body.SecretId ?? "");
        const value = values.get(id);
        if (value === undefined)
          return send(
            400,
            { __type: "ResourceNotFoundException", message: `Secrets Manager can't find the specified secret (berth dev serves only its own: ${id})` },
            "ResourceNotFoundException",
          );
        return send(200, { ARN: id, Name: id.split(":").at(-1), SecretString: value, VersionId: "berth-local", VersionStages: ["AWSCURRENT"], CreatedDate: 0 });
      }
      if (target === "AmazonSSM.GetParameter") {
        const name = String(body.Name ?? "");
        const value = values.get(name);
        if (value === undefined)
          return send(400, { __type: "ParameterNotFound", message: `parameter ${name} is not served by berth dev` }, "ParameterNotFound");
        return send(200, { Parameter: { Name: name, Type: "SecureString", Value: value, Version: 1, DataType: "text" } });
      }
      send(
        400,
        {
          __type: "UnknownOperationException",
          message: `berth dev's local secrets endpoint answers GetSecretValue and GetParameter only, not ${target || "this call"}`,
        },
        "UnknownOperationException",
      );
    });
  });
  const { url, close } = await listenOnLoopback(server, 0);
  return { url, set: (id, value) => void values.set(id, value), stop: close };
}
