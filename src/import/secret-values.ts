/**
 * Moves environment values that look like secrets (berth's own detector, `config/plain-secrets.ts`) out
 * of the imported config: each becomes an empty Secrets Manager secret in `secrets` and an ECS secret of
 * the service. The value itself is dropped — it never reaches the written config or the report.
 */
import { plainSecretIssues } from "../config/plain-secrets.js";
import type { ImportReport } from "./report.js";
import { berthName } from "./values.js";

type Json = Record<string, unknown>;

export async function moveSecretValues(config: Json, report: ImportReport, sourceOf: (path: readonly (string | number)[]) => string): Promise<void> {
  const issues = await plainSecretIssues(config);
  const values = new Map<string, string>();
  for (const issue of issues) {
    const path = issue.path;
    const at = path.lastIndexOf("environment");
    if (at < 2 || at !== path.length - 2) continue;
    const service = dig(config, path.slice(0, at)) as Json | undefined;
    const env = service?.environment as Json | undefined;
    const name = String(path[at + 1]);
    const raw = env?.[name];
    if (!service || !env || raw === undefined) continue;
    const value = typeof raw === "string" ? raw : JSON.stringify(raw);
    const svcName = String(path[at - 1]);
    let key = berthName(name);
    if (values.has(key) && values.get(key) !== value) key = berthName(`${svcName}-${name}`);
    values.set(key, value);
    delete env[name];
    const envPath = JSON.stringify(path);
    report.entries.splice(0, report.entries.length, ...report.entries.filter((e) => !(e.outcome === "mapped" && JSON.stringify(e.target) === envPath)));
    if (Object.keys(env).length === 0) delete service.environment;
    const secrets = ((config.secrets as Json | undefined) ?? (config.secrets = {})) as Json;
    secrets[key] ??= { description: `${name}, imported; set its value with aws secretsmanager put-secret-value` };
    const own = ((service.secrets as Json | undefined) ?? (service.secrets = {})) as Json;
    own[name] = { secret: key };
    report.derived(
      sourceOf(path),
      [...path.slice(0, at), "secrets", name],
      `${name} looked like a secret (${/its name/.test(issue.message) ? "its name" : "its value"}): an empty Secrets Manager secret "${key}" in \`secrets\`; the value was not copied — set it with \`aws secretsmanager put-secret-value\``,
    );
  }
}

function dig(v: unknown, path: readonly (string | number)[]): unknown {
  let cur = v;
  for (const p of path) cur = cur && typeof cur === "object" ? (cur as Record<string | number, unknown>)[p] : undefined;
  return cur;
}
