/** Secrets and parameters berth creates, and how a service's `secrets` entries resolve to them. */
import type { ParameterInput, SecretInput } from "../config/schema/secret.js";
import type { ServiceInput } from "../config/schema/service.js";
import { own } from "../config/own.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import type { DeclaredParameter, DeclaredSecret, SecretRef, Tier } from "./types.js";
import { parseDays } from "./units.js";
import { compareText } from "./text-order.js";

export function resolveDeclaredSecrets(inputs: Readonly<Record<string, SecretInput>>, ctx: { prefix: string; tier: Tier; issues: Issues }): DeclaredSecret[] {
  return Object.keys(inputs)
    .sort()
    .map((key) => {
      const s = own(inputs, key) as SecretInput;
      const days = s.recoveryWindow ? parseDays(s.recoveryWindow) : ctx.tier === "prod" ? 30 : 7;
      if (days < 7 || days > 30) ctx.issues.add(["secrets", key, "recoveryWindow"], `must be between 7 and 30 days; got ${days}`);
      return { key, name: `${ctx.prefix}/${key}`, description: s.description ?? `${key} (value set outside Terraform)`, recoveryWindowDays: days };
    });
}

export function resolveDeclaredParameters(
  inputs: Readonly<Record<string, ParameterInput>>,
  ctx: { project: string; env: string; issues: Issues },
): DeclaredParameter[] {
  return Object.keys(inputs)
    .sort()
    .map((key) => {
      const p = own(inputs, key) as ParameterInput;
      const secure = p.secure ?? true;
      if (secure && p.value !== undefined) {
        ctx.issues.add(
          ["parameters", key, "value"],
          "cannot be set on a SecureString parameter: a secret value must never be written into Terraform",
          "remove value and set it with `aws ssm put-parameter --overwrite`, or set secure: false for plain configuration",
        );
      }
      if (!secure && p.value === undefined)
        ctx.issues.add(
          ["parameters", key, "value"],
          "is required for a plain String parameter (secure: false)",
          'set value: "…", or remove secure: false to get a SecureString set outside Terraform',
        );
      return { key, name: `/${ctx.project}/${ctx.env}/${key}`, description: p.description ?? key, secure, value: secure ? undefined : p.value };
    });
}

/** Each `secrets` entry of a service as a reference; declared ones must exist. */
export function resolveSecretRefs(
  input: Pick<ServiceInput, "secrets">,
  ctx: { secrets: readonly DeclaredSecret[]; parameters: readonly DeclaredParameter[]; at: ConfigPath; issues: Issues; field?: string },
): SecretRef[] {
  const refs: SecretRef[] = [];
  for (const [name, ref] of Object.entries(input.secrets ?? {})) {
    const at = [...ctx.at, ctx.field ?? "secrets", name];
    if ("ssm" in ref) refs.push({ name, source: "ssm", ref: ref.ssm, key: undefined });
    else if ("secretsManager" in ref) refs.push({ name, source: "secretsmanager", ref: ref.secretsManager, key: ref.key });
    else if ("secret" in ref) {
      const s = ctx.secrets.find((x) => x.key === ref.secret);
      if (!s)
        ctx.issues.unknown(
          [...at, "secret"],
          "secret",
          ref.secret,
          ctx.secrets.map((x) => x.key),
        );
      else refs.push({ name, source: "secretsmanager", ref: s.name, key: ref.key, declared: s.key });
    } else {
      const p = ctx.parameters.find((x) => x.key === ref.parameter);
      if (!p)
        ctx.issues.unknown(
          [...at, "parameter"],
          "parameter",
          ref.parameter,
          ctx.parameters.map((x) => x.key),
        );
      else refs.push({ name, source: "ssm", ref: p.name, key: undefined, declared: p.key });
    }
  }
  return refs.sort((a, b) => compareText(a.name, b.name));
}
