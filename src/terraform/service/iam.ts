/**
 * `iam.tf`: the task execution role (ECS pulls the image, writes logs, reads exactly the declared
 * secrets) and the task role (what the application itself may call).
 */
import { attr, attrs, type BodyItem, comment, type Expr, raw, resource, tpl } from "../../hcl/index.js";
import { partitionOf } from "../../model/regions.js";
import type { Environment, SecretRef } from "../../model/types.js";
import { banner } from "../common/files.js";
import { policyDocument, type Statement } from "../common/iam.js";
import * as wires from "../../model/wires.js";
import { allSecrets, database, needsSecretsKey, type ServiceContext } from "./context.js";
import { messagingStatements } from "./messaging.js";
import { efsStatements } from "./storage.js";

const EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

export function iamFile(ctx: ServiceContext): BodyItem[] {
  return [...executionRole(ctx), ...taskRole(ctx)];
}

function executionRole(ctx: ServiceContext): BodyItem[] {
  const { env, service } = ctx;
  const items: BodyItem[] = [
    banner(
      "Task execution role: pull the image, write logs, read secrets",
      "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html",
    ),
    resource("aws_iam_role", "task_exec", [attr("name", service.roleNames.execution), attr("assume_role_policy", ecsTasksTrust(env))]),
    resource("aws_iam_role_policy_attachment", "task_exec", [attrs({ role: raw("aws_iam_role.task_exec.name"), policy_arn: EXECUTION_POLICY })]),
  ];
  const statements = [...secretStatements(env, allSecrets(service)), ...dataStatements(ctx)];
  if (statements.length > 0) {
    items.push(
      resource("aws_iam_role_policy", "task_exec_secrets", [
        attrs({ name: "read-secrets", role: raw("aws_iam_role.task_exec.id") }),
        attr("policy", policyDocument(statements)),
      ]),
    );
  }
  return items;
}

function taskRole(ctx: ServiceContext): BodyItem[] {
  const { env, service } = ctx;
  const items: BodyItem[] = [
    banner("Task role: what the application may call", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html"),
    resource("aws_iam_role", "task", [attr("name", service.roleNames.task), attr("assume_role_policy", ecsTasksTrust(env))]),
  ];
  if (service.permissions.length > 0) {
    items.push(
      resource("aws_iam_role_policy", "task", [
        attrs({ name: "permissions", role: raw("aws_iam_role.task.id") }),
        attr("policy", policyDocument(service.permissions.map((p) => ({ Effect: "Allow", Action: [...p.actions], Resource: [...p.resources] })))),
      ]),
    );
  }
  const efs = efsStatements(ctx);
  if (efs.length > 0) {
    items.push(
      comment("EFS volumes: mount (and write, unless read-only) exactly these file systems, over TLS with this role."),
      resource("aws_iam_role_policy", "task_efs", [attrs({ name: "efs", role: raw("aws_iam_role.task.id") }), attr("policy", policyDocument(efs))]),
    );
  }
  const connect = ctx.service.databases.filter((u) => u.iamUser);
  if (connect.length > 0) {
    const account = env.account ?? "${local.account_id}";
    items.push(
      comment("IAM database authentication: sign in as exactly these database users, with a token from RDS."),
      resource("aws_iam_role_policy", "task_rds_connect", [
        attrs({ name: "rds-db-connect", role: raw("aws_iam_role.task.id") }),
        attr(
          "policy",
          policyDocument([
            {
              Effect: "Allow",
              Action: "rds-db:connect",
              Resource: connect.map((u) =>
                tpl(
                  `arn:${partitionOf(env.region)}:rds-db:${env.region}:${account}:dbuser:\${${ctx.ref(wires.data.databaseResourceId(env, database(ctx, u.database)))}}/${u.iamUser}`,
                ),
              ),
            },
          ]),
        ),
      ]),
    );
  }
  const messaging = messagingStatements(ctx);
  if (messaging.length > 0) {
    items.push(
      resource("aws_iam_role_policy", "task_messaging", [
        attrs({ name: "queues-and-topics", role: raw("aws_iam_role.task.id") }),
        attr("policy", policyDocument(messaging)),
      ]),
    );
  }
  if (service.enableExecuteCommand) {
    items.push(
      resource("aws_iam_role_policy", "task_exec_command", [
        attrs({ name: "ecs-exec", role: raw("aws_iam_role.task.id") }),
        attr(
          "policy",
          policyDocument([
            {
              Effect: "Allow",
              Action: ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"],
              Resource: "*",
            },
          ]),
        ),
      ]),
    );
  }
  return items;
}

/** Trust for `ecs-tasks.amazonaws.com`, limited to the environment's account when the config names it. */
function ecsTasksTrust(env: Environment): Expr {
  return policyDocument([
    {
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Principal: { Service: "ecs-tasks.amazonaws.com" },
      ...(env.account ? { Condition: { StringEquals: { "aws:SourceAccount": env.account } } } : {}),
    },
  ]);
}

function secretStatements(env: Environment, secrets: readonly SecretRef[]): Statement[] {
  const account = env.account ?? "*";
  const unique = (xs: string[]) => [...new Set(xs)].sort();
  const sm = unique(secrets.filter((s) => s.source === "secretsmanager").map((s) => `arn:aws:secretsmanager:${env.region}:${account}:secret:${s.ref}-*`));
  const ssm = unique(secrets.filter((s) => s.source === "ssm").map((s) => `arn:aws:ssm:${env.region}:${account}:parameter/${s.ref.replace(/^\/+/, "")}`));
  return [
    ...(sm.length > 0 ? [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: sm }] : []),
    ...(ssm.length > 0 ? [{ Effect: "Allow", Action: "ssm:GetParameters", Resource: ssm }] : []),
  ];
}

/** Exactly the managed secrets of the databases the service uses, and the key that encrypts its secrets. */
function dataStatements(ctx: ServiceContext): Statement[] {
  const databases = ctx.service.databases.filter((u) => !u.iamUser).map((u) => ctx.read(wires.data.databaseSecretArn(ctx.env, database(ctx, u.database))));
  return [
    ...(databases.length > 0 ? [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: databases }] : []),
    ...(needsSecretsKey(ctx) ? [{ Effect: "Allow", Action: "kms:Decrypt", Resource: ctx.read(wires.data.secretsKeyArn(ctx.env)) }] : []),
  ];
}
