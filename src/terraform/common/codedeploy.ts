/**
 * What every CodeDeploy blue/green target shares — the role CodeDeploy assumes (trusted by CodeDeploy of this
 * account only, with AWS's managed policy for the compute platform: the documented minimum), the application,
 * and a custom deployment configuration when AWS has no predefined one for the shift.
 */
import { attr, attrs, block, type Block, raw, resource } from "../../hcl/index.js";
import type { DeploymentConfig } from "../../model/types.js";
import { policyDocument } from "./iam.js";

/** AWS managed policies CodeDeploy needs per platform (https://docs.aws.amazon.com/codedeploy/latest/userguide/getting-started-create-service-role.html). */
export const CODEDEPLOY_POLICY = {
  ECS: "arn:aws:iam::aws:policy/AWSCodeDeployRoleForECS",
  Lambda: "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited",
} as const;

export function codedeployBase(opts: {
  readonly platform: "ECS" | "Lambda";
  readonly application: string;
  readonly roleName: string;
  readonly config: DeploymentConfig;
  readonly account: string | null | undefined;
}): Block[] {
  const { config } = opts;
  const t = config.traffic;
  return [
    resource("aws_iam_role", "codedeploy", [
      attr("name", opts.roleName),
      attr(
        "assume_role_policy",
        policyDocument([
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "codedeploy.amazonaws.com" },
            ...(opts.account ? { Condition: { StringEquals: { "aws:SourceAccount": opts.account } } } : {}),
          },
        ]),
      ),
    ]),
    resource("aws_iam_role_policy_attachment", "codedeploy", [
      attrs({ role: raw("aws_iam_role.codedeploy.name"), policy_arn: CODEDEPLOY_POLICY[opts.platform] }),
    ]),
    resource("aws_codedeploy_app", "this", [attrs({ name: opts.application, compute_platform: opts.platform })]),
    config.custom &&
      resource("aws_codedeploy_deployment_config", "this", [
        attrs({ deployment_config_name: config.name, compute_platform: opts.platform }),
        block(
          "traffic_routing_config",
          [],
          t.kind === "canary"
            ? [attr("type", "TimeBasedCanary"), block("time_based_canary", [], [attrs({ interval: t.minutes, percentage: t.percent })])]
            : t.kind === "linear"
              ? [attr("type", "TimeBasedLinear"), block("time_based_linear", [], [attrs({ interval: t.everyMinutes, percentage: t.percent })])]
              : [attr("type", "AllAtOnce")],
        ),
      ]),
  ].filter((i) => i !== false);
}

/** The deployment group's `deployment_config_name`: the custom configuration's, or AWS's predefined name. */
export const deploymentConfigName = (config: DeploymentConfig) => (config.custom ? raw("aws_codedeploy_deployment_config.this.id") : config.name);
