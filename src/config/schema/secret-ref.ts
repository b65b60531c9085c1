/** How a container names a secret: one declared in `secrets`/`parameters`, or an existing Secrets Manager secret or SSM parameter. */
import { z } from "zod";
import { strict } from "./strict.js";

export const secretRef = z.union(
  [
    strict({
      secretsManager: z.string().min(1).describe("Secrets Manager secret name in the environment's region."),
      key: z.string().optional().describe("JSON key inside the secret."),
    }),
    strict({
      ssm: z
        .string()
        .regex(/^\/?[a-zA-Z0-9_.\-/]+$/)
        .describe("SSM Parameter Store parameter name (SecureString or String)."),
    }),
    strict({
      secret: z.string().min(1).describe("Key of a secret declared in `secrets`."),
      key: z.string().optional().describe("JSON key inside the secret."),
    }),
    strict({ parameter: z.string().min(1).describe("Key of a parameter declared in `parameters`.") }),
  ],
  { error: 'expected { secret: "<key in secrets>" }, { parameter: "<key in parameters>" }, { secretsManager: "<secret name>" } or { ssm: "/parameter/name" }' },
);
