/**
 * The messaging stack, and the worker and job service stacks that use it, queried on their HCL syntax trees
 * for a config with two queues (one with a dead-letter queue), a topic with filtered subscriptions, a web
 * service that publishes, a queue worker on Fargate Spot scaling on its backlog and a scheduled job; every
 * file is also held against `terraform fmt -check`, the real aws provider schema and an offline plan.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attrValue, child, findBlock, findBlocks, jsonAttr, nested } from "../../test/support/hcl-query.js";
import { readPlan, resource, resources } from "../../test/support/plan-json.js";
import { awsProviderSchema, checkAgainstSchema } from "../../test/support/provider-schema.js";
import { validateConfig } from "../config/validate.js";
import { printFile } from "../hcl/index.js";
import { resolveModel } from "../model/resolve.js";
import { planOffline } from "../runner/offline.js";
import { renderStacks } from "./render.js";
import type { Stack } from "./stack.js";
import { writeStacks } from "./write.js";

const config = validateConfig({
  project: "shop",
  network: { azs: 2, nat: "single" },
  loadBalancers: { public: {} },
  queues: { "order-events": { visibilityTimeout: "2 minutes", deadLetter: { maxReceives: 3 } }, audit: { deadLetter: false } },
  topics: { orders: { subscriptions: [{ queue: "order-events", filter: { type: ["created", "cancelled"] }, filterOn: "body" }, { queue: "audit" }] } },
  services: {
    api: { port: 8080, routes: [{ loadBalancer: "public" }], topics: { orders: "publish" }, queues: { audit: "send" } },
    mailer: { worker: { queue: "order-events", spot: true }, autoscaling: { min: 1, max: 5, backlog: { latency: "1 minute", perMessage: "2 seconds" } } },
    cleanup: { schedule: { expression: "cron(0 3 * * ? *)", retries: 2, timeout: "10 minutes" }, queues: { audit: "send" } },
  },
  environments: { prod: { tier: "prod", region: "eu-west-1" }, dev: { tier: "dev", region: "eu-west-1" } },
});
const stacks = renderStacks(resolveModel(config));
const stack = (env: string, id: string): Stack => stacks.find((s) => s.env === env && s.id === id)!;
const statements = (s: Stack, type: string, name: string) =>
  (jsonAttr(findBlock(s, "resource", type, name), "policy") as { Statement: Record<string, unknown>[] }).Statement;

describe("messaging stack", () => {
  it("reads only the platform's alarm topic (for its dead-letter alarm); services that use it come after it", () => {
    expect(stack("prod", "messaging").dependsOn).toEqual(["platform"]);
    expect(stack("prod", "messaging").inputs.map((i) => i.variable)).toEqual(["alarm_topic_arn"]);
    expect(stack("prod", "service-api").dependsOn).toEqual(["network", "platform", "messaging"]);
    expect(stack("prod", "service-mailer").dependsOn).toEqual(["network", "platform", "messaging"]);
    expect(stack("prod", "messaging").outputs.map((w) => w.name)).toEqual([
      "queue_audit_url",
      "queue_audit_arn",
      "queue_order_events_url",
      "queue_order_events_arn",
      "queue_order_events_dlq_arn",
      "topic_orders_arn",
      "kms_messaging_key_arn",
    ]);
  });

  it("encrypts queues and topics with its own key in prod, whose policy lets only this account's topics use it", () => {
    const s = stack("prod", "messaging");
    const q = findBlock(s, "resource", "aws_sqs_queue", "order_events");
    expect(attrValue(q, "kms_master_key_id")).toEqual({ raw: "aws_kms_key.messaging.arn" });
    expect(attrValue(findBlock(s, "resource", "aws_sns_topic", "orders"), "kms_master_key_id")).toEqual({ raw: "aws_kms_key.messaging.arn" });
    const sns = statements(s, "aws_kms_key_policy", "messaging").find((x) => x.Sid === "TopicsOfThisAccountDeliverToQueues")!;
    expect(sns.Principal).toEqual({ Service: "sns.amazonaws.com" });
    expect(sns.Condition).toMatchObject({ ArnLike: { "aws:SourceArn": 'arn:aws:sns:eu-west-1:${split(":", aws_kms_key.messaging.arn)[4]}:shop-prod-*' } });
    expect(attrValue(findBlock(s, "resource", "aws_kms_key", "messaging"), "enable_key_rotation")).toBe(true);
  });

  it("uses SQS-managed encryption and the AWS-managed SNS key in dev, with no key of its own", () => {
    const s = stack("dev", "messaging");
    expect(findBlocks(s, "resource", "aws_kms_key")).toEqual([]);
    expect(attrValue(findBlock(s, "resource", "aws_sqs_queue", "audit"), "sqs_managed_sse_enabled")).toBe(true);
    expect(attrValue(findBlock(s, "resource", "aws_sns_topic", "orders"), "kms_master_key_id")).toBe("alias/aws/sns");
  });

  it("moves a message to the dead-letter queue after maxReceives, and lets only its queue redrive there", () => {
    const s = stack("prod", "messaging");
    const q = findBlock(s, "resource", "aws_sqs_queue", "order_events");
    expect(jsonAttr(q, "redrive_policy")).toEqual({ deadLetterTargetArn: { raw: "aws_sqs_queue.order_events_dlq.arn" }, maxReceiveCount: 3 });
    expect(attrValue(q, "visibility_timeout_seconds")).toBe(120);
    expect(attrValue(q, "receive_wait_time_seconds")).toBe(20);
    expect(jsonAttr(findBlock(s, "resource", "aws_sqs_queue_redrive_allow_policy", "order_events_dlq"), "redrive_allow_policy")).toEqual({
      redrivePermission: "byQueue",
      sourceQueueArns: [{ raw: "aws_sqs_queue.order_events.arn" }],
    });
    expect(findBlocks(s, "resource", "aws_sqs_queue", "audit_dlq")).toEqual([]);
  });

  it("alarms as soon as a message lands in a dead-letter queue", () => {
    const s = stack("prod", "messaging");
    const alarms = findBlocks(s, "resource", "aws_cloudwatch_metric_alarm");
    expect(alarms.map((a) => a.labels[1])).toEqual(["order_events_dead_letters"]);
    const alarm = alarms[0]!;
    expect(attrValue(alarm, "alarm_name")).toBe("shop-prod-order-events-dead-letters");
    expect(attrValue(alarm, "dimensions")).toEqual({ QueueName: { raw: "aws_sqs_queue.order_events_dlq.name" } });
    expect(attrValue(alarm, "threshold")).toBe(0);
    expect(attrValue(alarm, "alarm_actions")).toEqual([{ raw: "var.alarm_topic_arn" }]);
  });

  it("admits the subscribed topic (by its ARN) and refuses plain HTTP on every queue", () => {
    const s = stack("prod", "messaging");
    const [deny, topics] = statements(s, "aws_sqs_queue_policy", "order_events");
    expect(deny).toMatchObject({ Effect: "Deny", Action: "sqs:*", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(topics).toMatchObject({
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: "sqs:SendMessage",
      Condition: { ArnEquals: { "aws:SourceArn": [{ raw: "aws_sns_topic.orders.arn" }] } },
    });
  });

  it("subscribes queues with raw delivery and the filter policy on the scope the config names", () => {
    const s = stack("prod", "messaging");
    const filtered = findBlock(s, "resource", "aws_sns_topic_subscription", "orders_to_order_events");
    expect(attrValue(filtered, "endpoint")).toEqual({ raw: "aws_sqs_queue.order_events.arn" });
    expect(jsonAttr(filtered, "filter_policy")).toEqual({ type: ["created", "cancelled"] });
    expect(attrValue(filtered, "filter_policy_scope")).toBe("MessageBody");
    expect(attrValue(filtered, "raw_message_delivery")).toBe(true);
    const all = findBlock(s, "resource", "aws_sns_topic_subscription", "orders_to_audit");
    expect(all.body.some((i) => i.kind === "attribute" && i.name === "filter_policy")).toBe(false);
  });
});

describe("services that use queues and topics", () => {
  const env = (s: Stack) => {
    const task = findBlock(s, "resource", "aws_ecs_task_definition", "this");
    const [container] = jsonAttr(task, "container_definitions") as { environment: { name: string; value: unknown }[] }[];
    return Object.fromEntries(container!.environment.map((e) => [e.name, e.value]));
  };

  it("get the URL and ARN as environment values", () => {
    expect(env(stack("prod", "service-api"))).toMatchObject({
      ORDERS_TOPIC_ARN: { raw: "var.topic_orders_arn" },
      AUDIT_QUEUE_URL: { raw: "var.queue_audit_url" },
    });
    expect(env(stack("prod", "service-mailer"))).toEqual({ ORDER_EVENTS_QUEUE_URL: { raw: "var.queue_order_events_url" } });
  });

  it("may do exactly what they declared: send, consume, publish, and use the key for it", () => {
    expect(statements(stack("prod", "service-api"), "aws_iam_role_policy", "task_messaging")).toEqual([
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: { raw: "var.queue_audit_arn" } },
      { Effect: "Allow", Action: "sns:Publish", Resource: [{ raw: "var.topic_orders_arn" }] },
      { Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: { raw: "var.kms_messaging_key_arn" } },
    ]);
    expect(statements(stack("prod", "service-mailer"), "aws_iam_role_policy", "task_messaging")).toEqual([
      {
        Effect: "Allow",
        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
        Resource: { raw: "var.queue_order_events_arn" },
      },
      { Effect: "Allow", Action: "kms:Decrypt", Resource: { raw: "var.kms_messaging_key_arn" } },
    ]);
    // No key of its own in dev: nothing to allow on a key.
    expect(statements(stack("dev", "service-mailer"), "aws_iam_role_policy", "task_messaging")).toHaveLength(1);
  });
});

describe("worker service stack", () => {
  const s = () => stack("prod", "service-mailer");

  it("has no load balancer, no port and no target group, and runs on Fargate Spot", () => {
    expect(findBlocks(s(), "resource", "aws_lb_target_group")).toEqual([]);
    const svc = findBlock(s(), "resource", "aws_ecs_service", "this");
    expect(nested(svc, "load_balancer")).toEqual([]);
    expect(nested(svc, "capacity_provider_strategy").map((b) => attrValue(b, "capacity_provider"))).toEqual(["FARGATE_SPOT"]);
    const [container] = jsonAttr(findBlock(s(), "resource", "aws_ecs_task_definition", "this"), "container_definitions") as Record<string, unknown>[];
    expect(container).not.toHaveProperty("portMappings");
    expect(findBlocks(s(), "resource", "aws_vpc_security_group_ingress_rule")).toEqual([]);
  });

  it("puts FARGATE_SPOT among the cluster's capacity providers", () => {
    expect(attrValue(findBlock(stack("prod", "platform"), "resource", "aws_ecs_cluster_capacity_providers", "this"), "capacity_providers")).toEqual([
      "FARGATE",
      "FARGATE_SPOT",
    ]);
  });

  it("scales on visible messages per running task, held at latency ÷ time per message", () => {
    const policy = findBlock(s(), "resource", "aws_appautoscaling_policy", "backlog");
    const config = child(policy, "target_tracking_scaling_policy_configuration");
    expect(attrValue(config, "target_value")).toBe(30);
    const metrics = nested(child(config, "customized_metric_specification"), "metrics");
    expect(metrics.map((m) => attrValue(m, "id"))).toEqual(["visible", "tasks", "backlog_per_task"]);
    const visible = child(child(metrics[0]!, "metric_stat"), "metric");
    expect([attrValue(visible, "namespace"), attrValue(visible, "metric_name")]).toEqual(["AWS/SQS", "ApproximateNumberOfMessagesVisible"]);
    expect(nested(visible, "dimensions").map((d) => [attrValue(d, "name"), attrValue(d, "value")])).toEqual([["QueueName", "shop-prod-order-events"]]);
    expect(attrValue(metrics[2]!, "expression")).toBe("visible / tasks");
    expect(attrValue(metrics[2]!, "return_data")).toBe(true);
  });
});

describe("scheduled job stack", () => {
  const s = () => stack("prod", "service-cleanup");

  it("has a state machine and a schedule where a service has its ECS service", () => {
    expect(findBlocks(s(), "resource", "aws_ecs_service")).toEqual([]);
    const schedule = findBlock(s(), "resource", "aws_scheduler_schedule", "this");
    expect(attrValue(schedule, "schedule_expression")).toBe("cron(0 3 * * ? *)");
    expect(attrValue(schedule, "schedule_expression_timezone")).toBe("UTC");
    expect(attrValue(child(schedule, "target"), "arn")).toEqual({ raw: "aws_sfn_state_machine.this.arn" });
    expect(s().outputs.map((w) => w.name)).toEqual(["state_machine_arn", "task_definition_arn", "log_group_name", "security_group_id"]);
    expect(s().deploy?.service).toBeUndefined();
  });

  it("runs the task synchronously with the timeout and retries, in the private subnets with its own group", () => {
    const def = jsonAttr(findBlock(s(), "resource", "aws_sfn_state_machine", "this"), "definition") as { States: { RunTask: Record<string, any> } };
    const run = def.States.RunTask;
    expect(run.Resource).toBe("arn:aws:states:::ecs:runTask.sync");
    expect(run.TimeoutSeconds).toBe(600);
    expect(run.Retry).toEqual([{ ErrorEquals: ["States.ALL"], MaxAttempts: 2, IntervalSeconds: 30, BackoffRate: 2 }]);
    expect(run.Parameters.NetworkConfiguration.AwsvpcConfiguration).toEqual({
      Subnets: { raw: "var.private_subnet_ids" },
      SecurityGroups: [{ raw: "aws_security_group.this.id" }],
      AssignPublicIp: "DISABLED",
    });
  });

  it("lets the scheduler start only this state machine, and the state machine run only this task definition in this cluster", () => {
    expect(statements(s(), "aws_iam_role_policy", "scheduler")).toEqual([
      { Effect: "Allow", Action: "states:StartExecution", Resource: { raw: "aws_sfn_state_machine.this.arn" } },
    ]);
    const sfn = statements(s(), "aws_iam_role_policy", "state_machine");
    expect(sfn[0]).toEqual({
      Effect: "Allow",
      Action: "ecs:RunTask",
      Resource: { raw: "aws_ecs_task_definition.this.arn" },
      Condition: { ArnEquals: { "ecs:cluster": { raw: "var.cluster_arn" } } },
    });
    expect(sfn[2]).toEqual({ Effect: "Allow", Action: "iam:PassRole", Resource: [{ raw: "aws_iam_role.task_exec.arn" }, { raw: "aws_iam_role.task.arn" }] });
  });

  it("alarms on a failed or timed-out run", () => {
    const alarm = findBlock(s(), "resource", "aws_cloudwatch_metric_alarm", "failed");
    expect(attrValue(alarm, "metric_name")).toBe("ExecutionsFailed");
    expect(attrValue(alarm, "dimensions")).toEqual({ StateMachineArn: { raw: "aws_sfn_state_machine.this.arn" } });
    expect(attrValue(alarm, "alarm_actions")).toEqual([{ raw: "var.alarm_topic_arn" }]);
  });
});

describe("every stack of the messaging config", () => {
  it("is formatted as terraform fmt writes it", () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-messaging-"));
    for (const s of stacks) {
      mkdirSync(join(dir, s.path), { recursive: true });
      for (const f of s.files) writeFileSync(join(dir, s.path, f.name), printFile(f));
    }
    expect(() => execFileSync("terraform", ["fmt", "-check", "-recursive", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
  });

  it("uses only resources, attributes and blocks the aws provider knows", async () => {
    const schema = await awsProviderSchema();
    expect(stacks.flatMap((s) => checkAgainstSchema(s.files, schema).map((p) => `${s.path}: ${p}`))).toEqual([]);
  }, 600_000);
});

describe("offline plan of the messaging config (real terraform)", () => {
  it("plans the queues, topic, subscriptions, worker and job, with every stack of the environment", async () => {
    const prod = stacks.filter((s) => s.env === "prod");
    const out = mkdtempSync(join(tmpdir(), "berth-messaging-plan-"));
    writeStacks(prod, out);
    const results = await planOffline(prod, out, { parallelism: 2 });
    expect(results.filter((r) => r.status !== "succeeded").map((r) => `${r.stack}: ${(r.error as Error | undefined)?.message ?? r.status}`)).toEqual([]);
    const messaging = readPlan(join(out, "prod/eu-west-1/messaging/plan.json"));
    expect(resource(messaging, "aws_sqs_queue", "order_events").values).toMatchObject({ name: "shop-prod-order-events", visibility_timeout_seconds: 120 });
    expect(resource(messaging, "aws_sqs_queue", "order_events_dlq").values).toMatchObject({ message_retention_seconds: 1209600 });
    expect(JSON.parse(resource(messaging, "aws_sns_topic_subscription", "orders_to_order_events").values.filter_policy as string)).toEqual({
      type: ["created", "cancelled"],
    });
    const job = readPlan(join(out, "prod/eu-west-1/service-cleanup/plan.json"));
    expect(resource(job, "aws_scheduler_schedule", "this").values).toMatchObject({ schedule_expression: "cron(0 3 * * ? *)", state: "ENABLED" });
    expect(resources(job, "aws_sfn_state_machine")).toHaveLength(1);
    const worker = readPlan(join(out, "prod/eu-west-1/service-mailer/plan.json"));
    expect(resource(worker, "aws_appautoscaling_policy", "backlog").values).toMatchObject({ policy_type: "TargetTrackingScaling" });
  }, 600_000);
});
