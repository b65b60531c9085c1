/**
 * CI roles of an environment (the `ci` stack, when `ci.github` or `ci.jenkins.principal` is set): a plan
 * role (read-only, plus the environment's state and lock) and a deploy role (push to the environment's
 * repositories, roll its services, pass its task roles, write its service stacks' state).
 *
 * GitHub's OIDC provider is one per account (its URL is the key), so exactly one environment per
 * account creates it: the first in promotion order; the others trust it by ARN. The trust is limited to
 * the repository: the deploy role to the job's GitHub environment (`repo:<r>:environment:<env>`, where
 * a prod environment's protection rule is the gate), the plan role also to pull requests and the
 * delivery branch. Every ARN needs the account, so `account` is required on each environment.
 */
import type { BerthConfig } from "../config/schema/app.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import { partitionOf } from "./regions.js";
import type { Tier } from "./types.js";
import { compareText } from "./text-order.js";

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface CiRoles {
  readonly planRole: string;
  readonly deployRole: string;
  readonly trust:
    | {
        readonly kind: "github";
        readonly repository: string;
        readonly branch: string;
        /** This environment's stack creates the account's OIDC provider. */
        readonly createsProvider: boolean;
      }
    | { readonly kind: "jenkins"; readonly principal: string };
}

const RANK: Readonly<Record<Tier, number>> = { dev: 0, staging: 1, prod: 2 };

export function resolveCi(config: BerthConfig, name: string, prefix: string, issues: Issues): CiRoles | null {
  const ci = config.ci;
  const principal = ci?.jenkins?.principal;
  if (!ci?.github && !principal) return null;
  const env = config.environments[name]!;
  if (!env.account) {
    issues.add(
      ["environments", name, "account"],
      "is required with ci.github or ci.jenkins.principal: the CI roles' trust and policies name the account",
      'set account: "123456789012" (the 12-digit id of the account this environment deploys to)',
    );
  }
  if (ci.github && principal) {
    issues.add(["ci"], "names both github and jenkins.principal; the CI roles trust one of them", "keep ci.github or ci.jenkins");
  }
  const roles = { planRole: awsName([prefix, "ci", "plan"], LIMITS.iamRole), deployRole: awsName([prefix, "ci", "deploy"], LIMITS.iamRole) };
  if (!ci.github) return { ...roles, trust: { kind: "jenkins", principal: principal! } };
  const sameAccount = Object.entries(config.environments)
    .filter(([, e]) => e.account === env.account)
    .sort(([a, x], [b, y]) => RANK[x.tier] - RANK[y.tier] || compareText(a, b));
  return {
    ...roles,
    trust: { kind: "github", repository: ci.github.repository, branch: ci.branch ?? "main", createsProvider: sameAccount[0]?.[0] === name },
  };
}

/** The ARN of an environment's ci-stack deploy role (the pipelines switch to it for pushes and deploys); null without CI roles. */
export function deployRoleArn(env: { readonly region: string; readonly account: string | undefined; readonly ci: CiRoles | null }): string | null {
  if (!env.ci || !env.account) return null;
  return `arn:${partitionOf(env.region)}:iam::${env.account}:role/${env.ci.deployRole}`;
}
