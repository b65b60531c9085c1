/**
 * Functions, HTTP APIs, queues, topics, scheduled jobs and recovery regions: dead-letter queues, reserved
 * concurrency, log retention, tracing and encryption of functions; access logs and throttling of HTTP
 * APIs; encryption of queues and topics; execution logging of job state machines; failover records and
 * health checks of a recovery region. Ids from BERTH070 on, so other themes can grow without clashing.
 */
import { functionStackId, httpApiStackId, serviceStackId, STACK } from "../../../model/stack-ids.js";
import type { LambdaFunction } from "../../../model/types.js";
import { attribute, nested } from "../terraform-view.js";
import type { Rule, RuleHit } from "../types.js";
import { isProd } from "./helpers.js";

const hitFunction = (f: LambdaFunction, message: string, configPath: string, type = "aws_lambda_function"): RuleHit => ({
  resource: `function ${f.key}`,
  message,
  configPath,
  at: { stack: functionStackId(f.key), type },
});

export const serverlessRules: readonly Rule[] = [
  {
    id: "BERTH070",
    severity: "medium",
    title: "Function invoked asynchronously without a dead-letter queue",
    why: "EventBridge invokes functions asynchronously: an event that still fails after its retries is dropped unless a dead-letter queue keeps it.",
    fix: "berth gives every function with events a <name>-events-dlq; if an override removed it, restore dead_letter_config on the rule's target.",
    configPath: "functions.<name>.events",
    check: ({ env }) =>
      env.functions
        .filter((f) => f.events.length > 0 && f.eventsDeadLetter === null)
        .map((f) =>
          hitFunction(
            f,
            `${f.name} has ${f.events.length} EventBridge rules and no dead-letter queue`,
            `functions.${f.key}.events`,
            "aws_cloudwatch_event_target",
          ),
        ),
  },
  {
    id: "BERTH071",
    severity: "medium",
    title: "Function triggered by a queue without a dead-letter queue",
    why: "A message the function keeps failing on is retried until the queue's retention deletes it, blocking nothing but hiding the failure.",
    fix: "Keep the queue's dead-letter queue on (queues.<name>.deadLetter, on by default).",
    configPath: "queues.<name>.deadLetter",
    check: ({ env }) =>
      env.functions.flatMap((f) => {
        const q = f.queueTrigger ? env.queues.find((x) => x.key === f.queueTrigger!.queue) : undefined;
        return q && !q.deadLetter
          ? [
              {
                resource: `queue ${q.key}`,
                message: `${q.name} invokes ${f.name} and has no dead-letter queue`,
                configPath: `queues.${q.key}.deadLetter`,
                at: { stack: STACK.messaging, type: "aws_sqs_queue" },
              },
            ]
          : [];
      }),
  },
  {
    id: "BERTH072",
    severity: "low",
    title: "Function without reserved concurrency in prod",
    why: "Without a limit, one function can take the account's whole concurrency (1,000 by default) and throttle every other function in the region, or flood the database it uses.",
    fix: "Set functions.<name>.reservedConcurrency to the most invocations that may run at once.",
    configPath: "functions.<name>.reservedConcurrency",
    checkov: "CKV_AWS_115",
    check: ({ env }) =>
      isProd(env)
        ? env.functions
            .filter((f) => f.reservedConcurrency < 0)
            .map((f) => hitFunction(f, `${f.name} has no reserved concurrency`, `functions.${f.key}.reservedConcurrency`))
        : [],
  },
  {
    id: "BERTH073",
    severity: "low",
    title: "Function logs kept less than 30 days in prod",
    why: "Incidents are often found weeks later; short retention deletes the evidence.",
    fix: 'Set functions.<name>.logRetention to at least "30 days" (the prod default).',
    configPath: "functions.<name>.logRetention",
    checkov: "CKV_AWS_338",
    check: ({ env }) =>
      isProd(env)
        ? env.functions
            .filter((f) => f.logRetentionDays > 0 && f.logRetentionDays < 30)
            .map((f) => hitFunction(f, `${f.logGroup} keeps logs ${f.logRetentionDays} days`, `functions.${f.key}.logRetention`, "aws_cloudwatch_log_group"))
        : [],
  },
  {
    id: "BERTH074",
    severity: "low",
    title: "Function tracing (X-Ray) off",
    why: "Without traces, a slow or failing call through the API, the function and the database is hard to follow end to end.",
    fix: 'berth does not turn on X-Ray yet: add a function override file with tracing_config { mode = "Active" } (and xray:PutTraceSegments for the role), or accept the finding with a reason.',
    configPath: "functions.<name>",
    checkov: "CKV_AWS_50",
    check: ({ tf, env }) =>
      env.functions.flatMap((f) => {
        const r = tf.find(functionStackId(f.key), "aws_lambda_function");
        const mode = r ? nested(r.block, "tracing_config").map((t) => attribute(t, "mode"))[0] : undefined;
        return r && mode !== "Active" ? [hitFunction(f, `${f.name} does not trace with X-Ray`, `functions.${f.key}`)] : [];
      }),
  },
  {
    id: "BERTH075",
    severity: "low",
    title: "Function environment encrypted with the AWS-managed key",
    why: "A customer-managed key lets you limit and audit who can read the function's environment variables.",
    fix: "berth keeps secret values out of the environment (functions get secret ARNs and read them at run time), so the AWS-managed key only protects names and ARNs; set kms_key_arn in an override file for a key of your own, or accept the finding with a reason.",
    configPath: "functions.<name>.environment",
    checkov: "CKV_AWS_173",
    check: ({ tf, env }) =>
      env.functions.flatMap((f) => {
        const r = tf.find(functionStackId(f.key), "aws_lambda_function");
        return r && nested(r.block, "environment").length > 0 && attribute(r.block, "kms_key_arn") === undefined
          ? [hitFunction(f, `${f.name} encrypts its environment with the AWS-managed key`, `functions.${f.key}.environment`)]
          : [];
      }),
  },
  {
    id: "BERTH076",
    severity: "medium",
    title: "HTTP API without access logs",
    why: "Access logs are the record of who called the API, when and with what result; without them abuse and errors go unseen.",
    fix: "berth writes every stage's access log to <name>-access; if an override removed access_log_settings, restore it.",
    configPath: "httpApis.<name>.accessLogRetention",
    checkov: "CKV_AWS_76",
    check: ({ tf, env }) =>
      env.httpApis.flatMap((a) => {
        const stage = tf.find(httpApiStackId(a.key), "aws_apigatewayv2_stage");
        return stage && nested(stage.block, "access_log_settings").length === 0
          ? [
              {
                resource: `HTTP API ${a.key}`,
                message: `${a.name}'s stage writes no access log`,
                at: { stack: stage.stack, type: stage.type, name: stage.name },
              },
            ]
          : [];
      }),
  },
  {
    id: "BERTH077",
    severity: "medium",
    title: "HTTP API without throttling",
    why: "Without a rate and burst limit, a client (or a loop) can drive unbounded Lambda invocations and database load, and the bill with them.",
    fix: "Set httpApis.<name>.throttle: { rate, burst } (berth always sets a default; an override must not remove default_route_settings).",
    configPath: "httpApis.<name>.throttle",
    check: ({ tf, env }) =>
      env.httpApis.flatMap((a) => {
        const stage = tf.find(httpApiStackId(a.key), "aws_apigatewayv2_stage");
        const limits = stage
          ? nested(stage.block, "default_route_settings").flatMap((s) => [attribute(s, "throttling_rate_limit"), attribute(s, "throttling_burst_limit")])
          : [];
        return stage && !(limits.length === 2 && limits.every((l) => typeof l === "number" && l > 0))
          ? [
              {
                resource: `HTTP API ${a.key}`,
                message: `${a.name}'s stage sets no throttling`,
                configPath: `httpApis.${a.key}.throttle`,
                at: { stack: stage.stack, type: stage.type, name: stage.name },
              },
            ]
          : [];
      }),
  },
  {
    id: "BERTH078",
    severity: "high",
    title: "Queue not encrypted at rest",
    why: "Messages can carry personal or business data; SQS encrypts them only when the queue asks for it.",
    fix: "berth encrypts every queue (the messaging key when kms.messaging is on, else SQS-managed encryption); an override must not remove it.",
    configPath: "kms.messaging",
    checkov: "CKV_AWS_27",
    check: ({ tf }) =>
      tf
        .ofType("aws_sqs_queue", STACK.messaging)
        .concat(tf.resources.filter((r) => r.type === "aws_sqs_queue" && r.stack.startsWith("function-")))
        .filter((r) => attribute(r.block, "kms_master_key_id") === undefined && attribute(r.block, "sqs_managed_sse_enabled") !== true)
        .map((r) => ({
          resource: `queue ${attribute(r.block, "name") ?? r.name}`,
          message: `${r.type}.${r.name} is not encrypted`,
          at: { stack: r.stack, type: r.type, name: r.name },
        })),
  },
  {
    id: "BERTH079",
    severity: "high",
    title: "Topic not encrypted at rest",
    why: "Messages can carry personal or business data; SNS encrypts them only when the topic names a KMS key.",
    fix: "berth encrypts every topic of the messaging stack (the messaging key, else alias/aws/sns); an override must not remove kms_master_key_id.",
    configPath: "kms.messaging",
    checkov: "CKV_AWS_26",
    check: ({ tf }) =>
      tf
        .ofType("aws_sns_topic", STACK.messaging)
        .filter((r) => attribute(r.block, "kms_master_key_id") === undefined)
        .map((r) => ({
          resource: `topic ${attribute(r.block, "name") ?? r.name}`,
          message: `${r.type}.${r.name} is not encrypted`,
          at: { stack: r.stack, type: r.type, name: r.name },
        })),
  },
  {
    id: "BERTH080",
    severity: "low",
    title: "Scheduled job's state machine keeps no execution log",
    why: "Step Functions keeps each run's history for 90 days in its console only; a log group keeps it as long as you choose and lets you alarm and search on it.",
    fix: "berth does not log job executions yet (the task's own logs are in its log group): add a logging_configuration in a service override file, or accept the finding with a reason.",
    configPath: "services.<name>.schedule",
    check: ({ tf, env }) =>
      env.services.flatMap((s) => {
        if (!s.schedule) return [];
        const r = tf.find(serviceStackId(s.name), "aws_sfn_state_machine");
        return r && nested(r.block, "logging_configuration").length === 0
          ? [
              {
                resource: `service ${s.name}`,
                message: `${s.schedule.stateMachineName} logs no executions`,
                configPath: `services.${s.name}.schedule`,
                at: { stack: r.stack, type: r.type, name: r.name },
              },
            ]
          : [];
      }),
  },
  {
    id: "BERTH081",
    severity: "high",
    title: "Recovery region with no failover record and health check",
    why: "A warm standby nobody's traffic can reach does not recover anything: without a Route 53 record pair and a health check, clients keep going to the failed region.",
    fix: "Give the environment a domain (environments.<env>.domain): berth then writes a failover (or latency) record for each region's load balancer, each behind a health check.",
    configPath: "environments.<env>.domain",
    check: ({ env, tf }) => {
      if (env.recovery.length === 0) return [];
      const publicLbs = env.loadBalancers.filter((lb) => !lb.internal);
      const healthChecks = tf.ofType("aws_route53_health_check", STACK.platform).length;
      const unrouted = publicLbs.filter((lb) => !lb.https?.regional);
      return unrouted.length > 0 || (publicLbs.length > 0 && healthChecks === 0)
        ? [
            {
              resource: `environment ${env.name}`,
              message: `${env.recovery.map((r) => r.region).join(", ")} cannot take ${env.name}'s traffic: ${unrouted.length > 0 ? `no failover record for ${unrouted.map((lb) => lb.key).join(", ")}` : "no health check"}`,
              configPath: `environments.${env.name}.domain`,
              at: { stack: STACK.platform, type: "aws_lb" },
            },
          ]
        : [];
    },
  },
];
