/**
 * `iam.tf`: the function's role, trusted by Lambda (in the environment's account when it is known), with
 * one inline policy of exactly what the function uses: its log group, the VPC's network interfaces when
 * it runs in the VPC, the secrets and parameters it names, its databases' managed secrets, its queues and
 * topics, and the keys that encrypt them.
 */
import { attr, attrs, type BodyItem, raw, resource, tpl } from "../../hcl/index.js";
import * as wires from "../../model/wires.js";
import { banner } from "../common/files.js";
import { policyDocument, type Statement } from "../common/iam.js";
import { databaseOf, type FunctionContext, queueOf, topicOf } from "./context.js";

const SEND = ["sqs:SendMessage"];
const CONSUME = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"];

/** What Lambda needs to attach the function to the VPC (the AWSLambdaVPCAccessExecutionRole actions). */
const VPC_ACCESS = [
  "ec2:CreateNetworkInterface",
  "ec2:DescribeNetworkInterfaces",
  "ec2:DescribeSubnets",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
];

export function iamFile(ctx: FunctionContext): BodyItem[] {
  const { fn, env } = ctx;
  return [
    banner("Role of the function", "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html"),
    resource("aws_iam_role", "this", [
      attrs({ name: fn.roleName, description: `Lambda function ${fn.name}` }),
      attr(
        "assume_role_policy",
        policyDocument([
          {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "lambda.amazonaws.com" },
            ...(env.account ? { Condition: { StringEquals: { "aws:SourceAccount": env.account } } } : {}),
          },
        ]),
      ),
    ]),
    resource("aws_iam_role_policy", "this", [attrs({ name: "function", role: raw("aws_iam_role.this.id") }), attr("policy", policyDocument(statements(ctx)))]),
  ];
}

export function statements(ctx: FunctionContext): Statement[] {
  const { fn, env } = ctx;
  const account = env.account ?? "*";
  const unique = (xs: string[]) => [...new Set(xs)].sort();
  const sm = unique(fn.secrets.filter((s) => s.source === "secretsmanager").map((s) => `arn:aws:secretsmanager:${env.region}:${account}:secret:${s.ref}-*`));
  const ssm = unique(fn.secrets.filter((s) => s.source === "ssm").map((s) => `arn:aws:ssm:${env.region}:${account}:parameter/${s.ref.replace(/^\/+/, "")}`));
  const dbSecrets = fn.databases.map((u) => ctx.read(wires.data.databaseSecretArn(env, databaseOf(ctx, u.database))));
  const secretsKey =
    env.kms.secrets !== null &&
    (fn.databases.length > 0 ||
      fn.secrets.some((s) => s.declared !== undefined && (s.source === "secretsmanager" || env.parameters.some((p) => p.key === s.declared && p.secure))));
  const writes = fn.topics.length > 0 || fn.queues.some((u) => u.send);
  const list: Statement[] = [
    { Sid: "Logs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: tpl("${aws_cloudwatch_log_group.this.arn}:*") },
    ...(fn.vpc ? [{ Sid: "VpcNetworkInterfaces", Effect: "Allow", Action: VPC_ACCESS, Resource: "*" }] : []),
    ...(sm.length > 0 || dbSecrets.length > 0 ? [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: [...sm, ...dbSecrets] }] : []),
    ...(ssm.length > 0 ? [{ Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: ssm }] : []),
    ...(secretsKey ? [{ Effect: "Allow", Action: "kms:Decrypt", Resource: ctx.read(wires.data.secretsKeyArn(env)) }] : []),
    ...fn.queues.map((u) => ({
      Effect: "Allow",
      Action: [...(u.send ? SEND : []), ...(u.consume ? CONSUME : [])],
      Resource: ctx.read(wires.messaging.queueArn(env, queueOf(ctx, u.queue))),
    })),
    ...(fn.topics.length > 0
      ? [{ Effect: "Allow", Action: "sns:Publish", Resource: fn.topics.map((u) => ctx.read(wires.messaging.topicArn(env, topicOf(ctx, u.topic)))) }]
      : []),
    ...(env.kms.messaging && (fn.queues.length > 0 || fn.topics.length > 0)
      ? [{ Effect: "Allow", Action: writes ? ["kms:Decrypt", "kms:GenerateDataKey"] : "kms:Decrypt", Resource: ctx.read(wires.messaging.keyArn(env)) }]
      : []),
    ...fn.permissions.map((p) => ({ Effect: "Allow", Action: [...p.actions], Resource: [...p.resources] })),
  ];
  return list;
}
