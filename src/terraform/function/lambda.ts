/**
 * `logs.tf` and `function.tf`: the log group `/aws/lambda/<name>` (created first, so Lambda never makes
 * one without retention), the function from the zipped package, a version published on each change, and
 * the `live` alias every trigger invokes.
 */
import { aliasLifecycle } from "./codedeploy.js";
import { attr, attrs, block, type BodyItem, type Expr, list, obj, raw, resource, tpl } from "../../hcl/index.js";
import { STACK } from "../../model/stack-ids.js";
import * as wires from "../../model/wires.js";
import { banner } from "../common/files.js";
import { databaseOf, type FunctionContext, PACKAGE_FILE, queueOf, topicOf } from "./context.js";
import { compareText } from "../../model/text-order.js";

export function logsFile(ctx: FunctionContext): BodyItem[] {
  const { fn } = ctx;
  return [
    banner("Function logs", "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html"),
    resource("aws_cloudwatch_log_group", "this", [
      attrs({ name: fn.logGroup, retention_in_days: fn.logRetentionDays, kms_key_id: fn.logsKey ? ctx.read(wires.network.logsKeyArn(ctx.env)) : undefined }),
    ]),
  ];
}

export function functionFile(ctx: FunctionContext): BodyItem[] {
  const { fn } = ctx;
  const file = `\${path.module}/${PACKAGE_FILE}`;
  return [
    banner("Function", "https://docs.aws.amazon.com/lambda/latest/dg/configuration-function-zip.html"),
    resource("aws_lambda_function", "this", [
      attrs({
        function_name: fn.name,
        description: `${fn.key} (${fn.dir}), by berth`,
        role: raw("aws_iam_role.this.arn"),
      }),
      ...codeAttributes(ctx, file),
      attrs({
        architectures: list([fn.architecture]),
        memory_size: fn.memory,
        timeout: fn.timeoutSeconds,
        reserved_concurrent_executions: fn.reservedConcurrency,
        publish: true,
      }),
      environmentBlock(ctx),
      fn.vpc &&
        block(
          "vpc_config",
          [],
          [attrs({ subnet_ids: ctx.read(wires.network.subnetIds(ctx.env, "private")), security_group_ids: list([raw("aws_security_group.this.id")]) })],
        ),
      block("logging_config", [], [attrs({ log_format: "JSON", log_group: raw("aws_cloudwatch_log_group.this.name") })]),
      attr("depends_on", list([raw("aws_cloudwatch_log_group.this"), raw("aws_iam_role_policy.this")])),
    ]),
    banner("Alias triggers invoke", "https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html"),
    resource("aws_lambda_alias", "live", [
      attrs({
        name: fn.alias,
        description: fn.blueGreen
          ? "The version CodeDeploy shifted traffic to (berth deploy); triggers invoke this alias."
          : "The version the last apply published; triggers invoke this alias.",
        function_name: raw("aws_lambda_function.this.function_name"),
        function_version: raw("aws_lambda_function.this.version"),
      }),
      fn.blueGreen && aliasLifecycle(),
    ]),
  ];
}

/** A zip: the package by path and hash, its handler and runtime. An image: its URI (the handler and runtime come from it). */
function codeAttributes(ctx: FunctionContext, file: string): BodyItem[] {
  const { fn } = ctx;
  if (fn.image === null)
    return [
      // Absolute: the provider may run in another folder than this stack's; the hash is of the same bytes.
      attr("filename", raw(`abspath("${file}")`)),
      attr("source_code_hash", raw(`filebase64sha256("${file}")`)),
      ...attrs({ handler: fn.handler, runtime: fn.runtime }),
    ];
  if (fn.image.kind === "uri") return attrs({ package_type: "Image", image_uri: fn.image.uri });
  const repo = ctx.env.repositories.find((r) => r.service === `function-${fn.key}`);
  if (!repo) throw new Error(`bug: function ${fn.key} runs its own image but environment ${ctx.env.name} has no repository for it`);
  return attrs({ package_type: "Image", image_uri: tpl(`\${${ctx.ref(wires.platform.repositoryUrl(ctx.env, repo))}}:${fn.image.tag}`) });
}

function environmentBlock(ctx: FunctionContext): BodyItem | false {
  const vars = environmentValues(ctx);
  if (vars.length === 0) return false;
  return block("environment", [], [attr("variables", obj(Object.fromEntries(vars)))]);
}

/** Every variable, sorted: the config's literals, then connection settings, secret ids, queue URLs and topic ARNs. */
function environmentValues(ctx: FunctionContext): [string, string | Expr][] {
  const { fn, env } = ctx;
  if (fn.secrets.some((s) => s.declared !== undefined)) ctx.inputs.requires(STACK.data);
  const vars: [string, string | Expr][] = [
    ...fn.environment.map((e) => [e.name, e.value.kind === "literal" ? e.value.value : ""] as [string, string]),
    ...fn.databases.flatMap((u) => {
      const db = databaseOf(ctx, u.database);
      return [
        [u.hostVar, ctx.read(wires.data.databaseAddress(env, db))],
        [u.portVar, String(u.port)],
        [u.nameVar, db.databaseName ?? ""],
        [u.secretIdVar, ctx.read(wires.data.databaseSecretArn(env, db))],
      ] as [string, string | Expr][];
    }),
    ...fn.secrets.map((s) => [s.variable, s.ref] as [string, string]),
    ...fn.queues.map((u) => [u.urlVar, ctx.read(wires.messaging.queueUrl(env, queueOf(ctx, u.queue)))] as [string, Expr]),
    ...fn.topics.map((u) => [u.arnVar, ctx.read(wires.messaging.topicArn(env, topicOf(ctx, u.topic)))] as [string, Expr]),
  ];
  return vars.sort(([a], [b]) => compareText(a, b));
}
