/** Every rule of `berth check`, by id: exposure, encryption, operations, data safety, identity, resilience, quotas, serverless (functions, APIs, messaging, jobs, recovery). */
import { dataSafetyRules } from "./rules/data-safety.js";
import { encryptionRules } from "./rules/encryption.js";
import { exposureRules } from "./rules/exposure.js";
import { identityRules } from "./rules/identity.js";
import { operationsRules } from "./rules/operations.js";
import { quotaRules } from "./rules/quotas.js";
import { resilienceRules } from "./rules/resilience.js";
import { serverlessRules } from "./rules/serverless.js";
import type { Rule } from "./types.js";
import { compareText } from "../../model/text-order.js";

export const RULES: readonly Rule[] = [
  ...exposureRules,
  ...encryptionRules,
  ...operationsRules,
  ...dataSafetyRules,
  ...identityRules,
  ...resilienceRules,
  ...quotaRules,
  ...serverlessRules,
].sort((a, b) => compareText(a.id, b.id));
