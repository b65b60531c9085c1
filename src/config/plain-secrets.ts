/**
 * Finds likely secrets in plain environment values, which berth would write in clear text into the
 * task definition (and so into Terraform files, state and the ECS console). Two detectors:
 * - the variable's name (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*_KEY`, …) with a value that is not
 *   obviously harmless (a number, a boolean, an ARN);
 * - the value's format, by secretlint's recommended rules (Stripe, GitHub, Slack, AWS, GCP, private
 *   keys, connection strings with passwords, …), run over the values as `NAME="value"` lines so the
 *   rules that need the name (AWS secret access keys) apply too.
 * A value marked `{ value: "…", secret: false }` is not checked. No message repeats the value.
 */
import type { ConfigIssue, ConfigPath } from "../errors.js";

const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|ACCESS_?KEY|AUTH_?KEY|_KEY$|^KEY$)/i;
/** Names that say the value is a reference or a public part, not the secret itself. */
const REFERENCE_NAME =
  /(_ARN|_NAME|_ID|_PATH|_FILE|_TTL|_TIMEOUT|_EXPIRY|_LENGTH|_SIZE|_HEADER|_REGION|_ENDPOINT|_URL|_URI|PUBLIC|PUBLISHABLE)$|PUBLIC|PUBLISHABLE/i;
/** Values no one keeps secret: empty, numbers, booleans, ARNs, `${…}` placeholders. */
const HARMLESS_VALUE = /^(|\d+(\.\d+)?|true|false|yes|no|on|off|arn:aws[a-z-]*:.*)$/i;

interface Candidate {
  readonly path: ConfigPath;
  readonly name: string;
  readonly value: string;
}

export async function plainSecretIssues(raw: unknown): Promise<ConfigIssue[]> {
  const candidates = environmentValues(raw);
  if (candidates.length === 0) return [];
  const issues: ConfigIssue[] = [];
  const found = new Map<number, string>();
  for (const [i, reason] of await formatMatches(candidates)) found.set(i, reason);
  candidates.forEach((c, i) => {
    const byFormat = found.get(i);
    const byName = SECRET_NAME.test(c.name) && !REFERENCE_NAME.test(c.name) && !HARMLESS_VALUE.test(c.value.trim());
    if (!byFormat && !byName) return;
    issues.push({
      path: c.path,
      message: `looks like a secret (${byFormat ?? `its name, ${c.name}`}); a plain environment value is written in clear text into the task definition, Terraform files and state`,
      hint: fix(c.name),
    });
  });
  return issues;
}

function fix(name: string): string {
  const key = name.toLowerCase().replace(/_/g, "-");
  return [
    "move it to secrets, which ECS reads from Secrets Manager or SSM at start-up:",
    `  services.<name>.secrets: { ${name}: { secret: "${key}" } } and, at the top level, secrets: { ${key}: {} }`,
    `  then set it once: aws secretsmanager put-secret-value --secret-id <project>-<env>/${key} --secret-string …`,
    `  if it is not a secret: ${name}: { value: "…", secret: false }`,
  ].join("\n");
}

/** Every plain string value of `services.*.environment` (and their sidecars'), `functions.*.environment` and their environment overrides. */
function environmentValues(raw: unknown): Candidate[] {
  const out: Candidate[] = [];
  const services = (record: unknown, at: ConfigPath) => {
    for (const [svc, s] of entries(record)) {
      containers(s, [...at, svc]);
      for (const [car, c] of entries(field(s, "sidecars"))) containers(c, [...at, svc, "sidecars", car]);
    }
  };
  const containers = (s: unknown, at: ConfigPath) => {
    for (const [name, v] of entries(field(s, "environment"))) {
      const path = [...at, "environment", name];
      if (typeof v === "string") out.push({ path, name, value: v });
      else if (typeof field(v, "value") === "string" && field(v, "secret") !== false) out.push({ path, name, value: field(v, "value") as string });
    }
  };
  for (const section of ["services", "functions"]) {
    services(field(raw, section), [section]);
    for (const [env, e] of entries(field(raw, "environments"))) services(field(e, section), ["environments", env, section]);
  }
  return out;
}

const field = (v: unknown, key: string): unknown =>
  typeof v === "object" && v !== null && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
const entries = (v: unknown): [string, unknown][] => (typeof v === "object" && v !== null && !Array.isArray(v) ? Object.entries(v) : []);

/** secretlint's recommended rules over `NAME="value"` lines: the candidate index and what was found. */
async function formatMatches(candidates: readonly Candidate[]): Promise<[number, string][]> {
  const [{ lintSource }, { creator }] = await Promise.all([import("@secretlint/core"), import("@secretlint/secretlint-rule-preset-recommend")]);
  const lines = candidates.map((c) => `${c.name}=${JSON.stringify(c.value.replace(/[\r\n]+/g, " "))}`);
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const result = await lintSource({
    source: { filePath: "environment.env", content: lines.join("\n"), contentType: "text", ext: ".env" },
    options: { config: { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: creator }] }, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages.map((m) => {
    const start = m.range[0];
    let index = starts.length - 1;
    while (index > 0 && (starts[index] ?? 0) > start) index--;
    return [index, describe(m.message, m.ruleId)];
  });
}

/** "found Stripe Live Secret Key: ****" → "a Stripe Live Secret Key"; never the (masked) value. */
function describe(message: string, ruleId: string): string {
  const what = message
    .replace(/^found\s+/i, "")
    .split(/[:(]/)[0]
    ?.trim();
  return what ? `${/^[AEIOU]/i.test(what) ? "an" : "a"} ${what}` : `matched ${ruleId.replace(/^@secretlint\/secretlint-rule-/, "secretlint rule ")}`;
}
