/**
 * `codedeploy.tf` of a blue/green function: CodeDeploy for Lambda moves the `live` alias's traffic to the
 * version an apply published, by weight (all at once, canary or linear), and rolls back on failure or when
 * the alias's errors or throttles alarm fires. Its role has AWS's managed `AWSCodeDeployRoleForLambdaLimited`
 * policy (alias updates and version reads; no hooks, which would need `lambda:InvokeFunction` too).
 */
import { attr, attrs, block, type BodyItem, comment, list, raw, resource } from "../../hcl/index.js";
import type { FunctionBlueGreen } from "../../model/types.js";
import { alarmResourceName } from "../common/alarms.js";
import { codedeployBase, deploymentConfigName } from "../common/codedeploy.js";
import { banner } from "../common/files.js";
import type { FunctionContext } from "./context.js";

export function codedeployFile(ctx: FunctionContext, bg: FunctionBlueGreen): BodyItem[] {
  const alarms = ctx.fn.alarms.filter((a) => bg.rollbackAlarms.includes(a.name));
  return [
    banner("Blue/green deployments (CodeDeploy for Lambda)", "https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-lambda.html"),
    comment("CodeDeploy's role: AWS's managed policy for Lambda deployments without hooks; trusted by CodeDeploy of this account only."),
    ...codedeployBase({ platform: "Lambda", application: bg.application, roleName: bg.roleName, config: bg.config, account: ctx.env.account }),
    resource("aws_codedeploy_deployment_group", "this", [
      attrs({
        app_name: raw("aws_codedeploy_app.this.name"),
        deployment_group_name: bg.deploymentGroup,
        service_role_arn: raw("aws_iam_role.codedeploy.arn"),
        deployment_config_name: deploymentConfigName(bg.config),
      }),
      block("deployment_style", [], [attrs({ deployment_option: "WITH_TRAFFIC_CONTROL", deployment_type: "BLUE_GREEN" })]),
      block(
        "auto_rollback_configuration",
        [],
        [attrs({ enabled: true, events: alarms.length > 0 ? ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"] : ["DEPLOYMENT_FAILURE"] })],
      ),
      alarms.length > 0 &&
        block(
          "alarm_configuration",
          [],
          [attrs({ enabled: true, alarms: list(alarms.map((a) => raw(`aws_cloudwatch_metric_alarm.${alarmResourceName(a)}.alarm_name`))) })],
        ),
    ]),
  ];
}

/** The alias's lifecycle under CodeDeploy, which owns its version and weights once the first deployment ran. */
export const aliasLifecycle = (): BodyItem =>
  block(
    "lifecycle",
    [],
    [
      comment("CodeDeploy moves the alias (berth deploy starts it); the apply only publishes versions."),
      attr("ignore_changes", list([raw("function_version"), raw("routing_config")])),
    ],
  );
