/** A service's FireLens log routing: the router image, the output options (a `Name` is required), and secret options resolved like the service's secrets. */
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { resolveSecretRefs } from "./secrets.js";
import type { DeclaredParameter, DeclaredSecret, FireLens } from "./types.js";
import { compareText } from "./text-order.js";

export const FIRELENS_IMAGE = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable";
/** The router's container name; a sidecar's name (lowercase letters, digits, hyphens) can never be it. */
export const LOG_ROUTER = "log_router";

export function resolveFirelens(
  input: ServiceInput,
  ctx: {
    declaredSecrets: readonly DeclaredSecret[];
    declaredParameters: readonly DeclaredParameter[];
    at: ConfigPath;
    issues: Issues;
  },
): FireLens | null {
  const f = input.firelens;
  if (!f) return null;
  const at = [...ctx.at, "firelens"];
  if (!Object.hasOwn(f.options, "Name"))
    ctx.issues.add(
      [...at, "options"],
      "has no Name: Fluent Bit needs the output plugin to use",
      'add Name, e.g. { Name: "firehose", region: "…", delivery_stream: "…" }',
    );
  const secretOptions = resolveSecretRefs(
    { secrets: f.secretOptions },
    { secrets: ctx.declaredSecrets, parameters: ctx.declaredParameters, at, issues: ctx.issues, field: "secretOptions" },
  );
  for (const s of secretOptions)
    if (Object.hasOwn(f.options, s.name)) ctx.issues.add([...at, "secretOptions", s.name], "is also set in options; an option comes from one place");
  if (input.logRetention !== undefined || input.logKmsKey !== undefined)
    ctx.issues.warn([...at], "sends the containers' logs to its destination; logRetention and logKmsKey now apply to the log router's own logs only");
  const options = Object.entries(f.options)
    .map(([name, value]) => ({ name, value }))
    .sort((a, b) => (a.name === "Name" ? -1 : b.name === "Name" ? 1 : compareText(a.name, b.name)));
  return { image: f.image ?? FIRELENS_IMAGE, options, secretOptions, metadata: f.metadata ?? true };
}
