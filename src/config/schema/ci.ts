/** The `ci` section: where the generated pipelines run, which branch deploys, and who approves production. */
import { z } from "zod";
import { strict } from "./strict.js";

export const ciSchema = strict({
  branch: z.string().min(1).optional().describe('The branch whose pushes deploy (`berth pipeline`); pull requests into it get the checks. Default `"main"`.'),
  approvers: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]+(,[A-Za-z0-9_.@-]+)*$/, { error: 'expected Jenkins user or group names separated by commas, e.g. "oncall"' })
    .optional()
    .describe(
      'Who may approve a production deploy in the Jenkinsfile (`input` `submitter`: Jenkins users or groups, comma-separated), e.g. `"oncall"`. Default `"<project>-approvers"`. On GitHub the approval is the production environment\'s protection rule instead.',
    ),
  checkSeverity: z
    .enum(["low", "medium", "high", "critical"])
    .optional()
    .describe(
      'Lowest `berth check` severity that fails a pull request in the generated pipelines (accepted findings never do: `checks.suppress`). Default `"high"`.',
    ),
  planMatrix: z
    .boolean()
    .optional()
    .describe(
      "Pull requests plan only the stacks the change touches (`berth changed --base`, and those downstream), one GitHub Actions matrix job each, so runners share the work. Default: on above 20 stacks across the environments; off plans every stack in one job.",
    ),
  github: strict({
    repository: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: 'expected "owner/name", e.g. "acme/shop"' })
      .describe('The GitHub repository, `"owner/name"`, that may assume the CI roles through OIDC.'),
  })
    .optional()
    .describe("GitHub Actions as the CI system."),
  jenkins: strict({
    principal: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[A-Za-z0-9+=,.@_/-]+$/, {
        error: 'expected an IAM role or user ARN, e.g. "arn:aws:iam::123456789012:role/jenkins"',
      })
      .optional()
      .describe("IAM role or user ARN of the Jenkins agents. Default: none (the Jenkinsfile uses the agent's own credentials)."),
  })
    .optional()
    .describe("Jenkins as the CI system."),
});
export type CiInput = z.infer<typeof ciSchema>;
