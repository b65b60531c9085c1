/**
 * `schedule.tf` of a scheduled job: an EventBridge Scheduler schedule starts a Step Functions state machine,
 * which runs the task (`ecs:runTask.sync`), waits for it to stop, stops it at the timeout and retries a
 * failed run (as AWS Copilot's scheduled jobs do). Each role may do exactly its step: the scheduler may
 * start this state machine; the state machine may run this task definition in this cluster, pass its two
 * roles, and manage the EventBridge rule Step Functions uses to learn that a task stopped.
 */
import { attr, attrs, block, type BodyItem, comment, type Expr, jsonencode, raw, resource, tpl, type Value } from "../../hcl/index.js";
import type { Schedule } from "../../model/types.js";
import { banner } from "../common/files.js";
import { policyDocument } from "../common/iam.js";
import * as wires from "../../model/wires.js";
import type { ServiceContext } from "./context.js";

export function scheduleFile(ctx: ServiceContext, schedule: Schedule): BodyItem[] {
  return [...stateMachine(ctx, schedule), ...scheduler(ctx, schedule)];
}

/** The account id, without an API call: the config's, or the cluster ARN's. */
const account = (ctx: ServiceContext): string => ctx.env.account ?? `\${split(":", ${ctx.ref(wires.platform.clusterArn(ctx.env))})[4]}`;

function trust(ctx: ServiceContext, service: string): Expr {
  return policyDocument([
    {
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Principal: { Service: service },
      Condition: { StringEquals: { "aws:SourceAccount": tpl(account(ctx)) } },
    },
  ]);
}

function stateMachine(ctx: ServiceContext, schedule: Schedule): BodyItem[] {
  const { env } = ctx;
  const cluster = ctx.read(wires.platform.clusterArn(env));
  return [
    banner("State machine: run the task, time it out, retry it", "https://docs.aws.amazon.com/step-functions/latest/dg/connect-ecs.html"),
    resource("aws_iam_role", "state_machine", [attr("name", schedule.roleNames.stateMachine), attr("assume_role_policy", trust(ctx, "states.amazonaws.com"))]),
    resource("aws_iam_role_policy", "state_machine", [
      attrs({ name: "run-task", role: raw("aws_iam_role.state_machine.id") }),
      attr(
        "policy",
        policyDocument([
          { Effect: "Allow", Action: "ecs:RunTask", Resource: raw("aws_ecs_task_definition.this.arn"), Condition: { ArnEquals: { "ecs:cluster": cluster } } },
          { Effect: "Allow", Action: ["ecs:StopTask", "ecs:DescribeTasks"], Resource: "*", Condition: { ArnEquals: { "ecs:cluster": cluster } } },
          { Effect: "Allow", Action: "iam:PassRole", Resource: [raw("aws_iam_role.task_exec.arn"), raw("aws_iam_role.task.arn")] },
          {
            Effect: "Allow",
            Action: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
            Resource: tpl(`arn:aws:events:${env.region}:${account(ctx)}:rule/StepFunctionsGetEventsForECSTaskRule`),
          },
        ]),
      ),
    ]),
    resource("aws_sfn_state_machine", "this", [
      attrs({ name: schedule.stateMachineName, role_arn: raw("aws_iam_role.state_machine.arn"), type: "STANDARD" }),
      attr("definition", jsonencode(definition(ctx, schedule, cluster))),
    ]),
  ];
}

function definition(ctx: ServiceContext, schedule: Schedule, cluster: Expr): Value {
  const { service } = ctx;
  const network = ctx.awsvpc
    ? {
        AwsvpcConfiguration: {
          Subnets: ctx.read(wires.network.subnetIds(ctx.env, service.subnetTier)),
          SecurityGroups: [raw("aws_security_group.this.id")],
          AssignPublicIp: service.assignPublicIp ? "ENABLED" : "DISABLED",
        },
      }
    : undefined;
  return {
    Comment: `Runs one task of ${service.fullName} and waits for it to stop; a non-zero exit or the timeout fails the run.`,
    StartAt: "RunTask",
    States: {
      RunTask: {
        Type: "Task",
        Resource: "arn:aws:states:::ecs:runTask.sync",
        Parameters: {
          Cluster: cluster,
          TaskDefinition: raw("aws_ecs_task_definition.this.arn"),
          CapacityProviderStrategy: service.strategy.map((s) => ({ CapacityProvider: s.provider, Base: s.base, Weight: s.weight })),
          NetworkConfiguration: network,
          PropagateTags: "TASK_DEFINITION",
          EnableExecuteCommand: service.enableExecuteCommand,
        },
        TimeoutSeconds: schedule.timeoutSeconds,
        Retry: schedule.retries > 0 ? [{ ErrorEquals: ["States.ALL"], MaxAttempts: schedule.retries, IntervalSeconds: 30, BackoffRate: 2 }] : undefined,
        End: true,
      },
    },
  };
}

function scheduler(ctx: ServiceContext, schedule: Schedule): BodyItem[] {
  return [
    banner("Schedule", "https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html"),
    resource("aws_iam_role", "scheduler", [attr("name", schedule.roleNames.scheduler), attr("assume_role_policy", trust(ctx, "scheduler.amazonaws.com"))]),
    resource("aws_iam_role_policy", "scheduler", [
      attrs({ name: "start-execution", role: raw("aws_iam_role.scheduler.id") }),
      attr("policy", policyDocument([{ Effect: "Allow", Action: "states:StartExecution", Resource: raw("aws_sfn_state_machine.this.arn") }])),
    ]),
    resource("aws_scheduler_schedule", "this", [
      attrs({
        name: schedule.scheduleName,
        group_name: "default",
        schedule_expression: schedule.expression,
        schedule_expression_timezone: schedule.timezone,
        state: schedule.enabled ? "ENABLED" : "DISABLED",
      }),
      block("flexible_time_window", [], [attr("mode", "OFF")]),
      block(
        "target",
        [],
        [
          attrs({ arn: raw("aws_sfn_state_machine.this.arn"), role_arn: raw("aws_iam_role.scheduler.arn") }),
          comment("Retries starting the run (the state machine retries the run itself)."),
          block("retry_policy", [], [attrs({ maximum_retry_attempts: 3, maximum_event_age_in_seconds: 3600 })]),
        ],
      ),
    ]),
  ];
}
