/**
 * The AWS account of an environment and the role berth assumes there. The config gives the account as an
 * id, or as `{ id, role, externalId }`; a role name becomes `arn:aws:iam::<id>:role/<name>`, and a role ARN
 * must be in that account (assuming it would land elsewhere). Every provider of the environment's stacks
 * and its state backend assume the role with a session name that says berth, project and environment, so
 * CloudTrail shows who did what.
 */
import type { EnvironmentInput } from "../config/schema/app.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";

export interface AssumedRole {
  readonly arn: string;
  /** `berth-<project>-<env>`, cut to STS's 64 characters. */
  readonly sessionName: string;
  readonly externalId: string | undefined;
}

export interface Account {
  /** The 12-digit id; undefined when the config names no account. */
  readonly id: string | undefined;
  readonly role: AssumedRole | undefined;
}

const SESSION_NAME_MAX = 64;

export function resolveAccount(project: string, env: string, input: EnvironmentInput["account"], at: ConfigPath, issues: Issues): Account {
  if (input === undefined) return { id: undefined, role: undefined };
  if (typeof input === "string") return { id: input, role: undefined };
  if (input.role === undefined) {
    if (input.externalId !== undefined)
      issues.add(
        [...at, "externalId"],
        "an external id is only used when assuming a role, and no role is given",
        `add the role: account: { id: "${input.id}", role: "<role name>", externalId: … }`,
      );
    return { id: input.id, role: undefined };
  }
  const arn = input.role.startsWith("arn:") ? input.role : `arn:aws:iam::${input.id}:role/${input.role}`;
  const inArn = arn.split(":")[4];
  if (inArn !== input.id) {
    issues.add(
      [...at, "role"],
      `the role ${arn} is in account ${inArn}, not in the environment's account ${input.id}`,
      `give the role's name to have berth build its ARN in ${input.id} (role: "${arn.slice(arn.lastIndexOf("/") + 1)}"), or correct the account id`,
    );
  }
  return { id: input.id, role: { arn, sessionName: sessionName(project, env), externalId: input.externalId } };
}

/** STS session names allow letters, digits and `+=,.@-`, at most 64 characters. */
function sessionName(project: string, env: string): string {
  return `berth-${project}-${env}`.replace(/[^\w+=,.@-]/g, "-").slice(0, SESSION_NAME_MAX);
}
