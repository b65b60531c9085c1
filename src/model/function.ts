/**
 * Resolves `functions` and `httpApis`: each function's name, package folder, size, environment, the
 * secrets, databases, queues and topics it may use, and its triggers; each HTTP API's routes (from the
 * functions that declare them), stage and custom host. Rules, each with its path and fix:
 * 1. A function in the VPC needs a route out of the private subnets (a NAT) to reach AWS APIs.
 * 2. An SQS-triggered function's queue keeps a message hidden at least 6 × the function timeout (AWS's
 *    guidance), so a batch still running is not delivered twice; a batch above 10 needs a window.
 * 3. A route belongs to one function; an API with a custom host needs the environment's domain.
 * 4. Unknown APIs, queues, topics, databases and secrets are named with the closest known key.
 */
import { posix } from "node:path";
import type { FunctionInput, HttpApiInput } from "../config/schema/function.js";
import { own } from "../config/own.js";
import type { ConfigPath } from "../errors.js";
import { logRetention } from "./aws-limits.js";
import { deploymentConfig, trafficShift } from "./blue-green.js";
import { resolveDatabaseUses } from "./database-use.js";
import type { Issues } from "./issues.js";
import { resolveQueueUses, resolveTopicUses } from "./messaging.js";
import { awsName, LIMITS } from "./names.js";
import { scheduleProblem } from "./schedule-expression.js";
import { resolveSecretRefs } from "./secrets.js";
import type { TierDefaults } from "./tiers.js";
import type {
  Alarm,
  Database,
  DeclaredParameter,
  DeclaredSecret,
  Domain,
  EnvVar,
  EventRule,
  FunctionBlueGreen,
  FunctionDatabaseUse,
  FunctionSecret,
  HttpApi,
  LambdaFunction,
  Routing,
  Queue,
  QueueTrigger,
  Topic,
} from "./types.js";
import { parseDays, parseDuration, parseMemory } from "./units.js";
import { compareText } from "./text-order.js";

/** Lambda function names: 64 characters; EventBridge rule names: 64; SQS queue names: 80. */
export const FUNCTION_LIMITS = { functionName: 64, ruleName: 64, queueName: 80 } as const;

/** AWS's guidance for SQS event sources: the queue's visibility timeout is at least 6 × the function timeout. */
export const VISIBILITY_FACTOR = 6;

export interface FunctionContext {
  readonly prefix: string;
  readonly defaults: TierDefaults;
  readonly nat: Routing;
  readonly domain: Domain | null;
  readonly databases: readonly Database[];
  readonly declaredSecrets: readonly DeclaredSecret[];
  readonly declaredParameters: readonly DeclaredParameter[];
  readonly queues: readonly Queue[];
  readonly topics: readonly Topic[];
  readonly logsKey: boolean;
  /** Where a field of a function or API was set: the environment's override or the shared section. */
  readonly at: (section: "functions" | "httpApis", key: string, field?: string) => ConfigPath;
  readonly issues: Issues;
}

export function resolveFunctions(
  inputs: Readonly<Record<string, FunctionInput>>,
  apiInputs: Readonly<Record<string, HttpApiInput>>,
  ctx: FunctionContext,
): { functions: LambdaFunction[]; httpApis: HttpApi[] } {
  const apiKeys = Object.keys(apiInputs).sort();
  const functions = Object.keys(inputs)
    .sort()
    .map((key) => resolveFunction(key, own(inputs, key) as FunctionInput, apiKeys, ctx));
  const httpApis = apiKeys.map((key) => resolveHttpApi(key, own(apiInputs, key) as HttpApiInput, functions, ctx));
  return { functions, httpApis };
}

function resolveFunction(key: string, input: FunctionInput, apiKeys: readonly string[], ctx: FunctionContext): LambdaFunction {
  const at = (field?: string) => ctx.at("functions", key, field);
  const name = input.name ?? awsName([ctx.prefix, key], FUNCTION_LIMITS.functionName);
  const timeoutSeconds = parseDuration(input.timeout ?? "30 seconds");
  const databases = resolveFunctionDatabases(input, ctx, at());
  const vpc = input.vpc ?? databases.length > 0;
  if (databases.length > 0 && input.vpc === false)
    ctx.issues.add(at("vpc"), "is false, but the function uses a database, which only answers inside the VPC", "remove vpc: false");
  if (vpc && ctx.nat === "none")
    ctx.issues.add(
      at(input.vpc ? "vpc" : "databases"),
      'puts the function in the private subnets, which have no route out (network.nat is "none"): it could not reach the Lambda, Secrets Manager or SQS APIs',
      'set network.nat: "single" (or "perAz")',
    );
  const secrets = resolveFunctionSecrets(input, ctx, at());
  const queues = resolveQueueUses({ queues: input.queues }, { queues: ctx.queues, at: at(), issues: ctx.issues });
  const topics = resolveTopicUses({ topics: input.topics }, { topics: ctx.topics, at: at(), issues: ctx.issues });
  const queueTrigger = resolveQueueTrigger(input, timeoutSeconds, ctx, at);
  const environment = resolveFunctionEnvironment(input, { secrets, databases, queues, topics }, ctx, at);
  const http = resolveHttp(input, apiKeys, ctx, at);
  if ((input.dir === undefined) === (input.image === undefined))
    ctx.issues.add(at(), "needs its code: either dir (a folder berth zips) or image (a container image), and only one", 'add dir: "functions/<name>"');
  if (input.image !== undefined && (input.handler !== undefined || input.runtime !== undefined))
    ctx.issues.add(
      at(input.handler !== undefined ? "handler" : "runtime"),
      "comes from the image (its CMD and base image) when the function runs one",
      "remove it, or use dir",
    );
  if (input.imageTag !== undefined && input.image !== true)
    ctx.issues.add(at("imageTag"), "applies to the function's own repository (image: true)", "remove imageTag, or put the tag in the image URI");
  const events = resolveEvents(name, input, ctx, at);
  const dir = input.dir === undefined || input.image !== undefined ? null : relativeDir(input.dir);
  if (input.build !== undefined && dir === null)
    ctx.issues.add(at("build"), "builds the code berth zips from dir, and this function has none", "remove build, or give dir");
  const alarms = functionAlarms(name, events.length > 0 ? awsName([name, "events-dlq"], FUNCTION_LIMITS.queueName) : null);
  return {
    key,
    name,
    dir,
    build:
      input.build === undefined || dir === null
        ? null
        : typeof input.build === "string"
          ? { command: input.build, dir }
          : { command: input.build.command, dir: relativeDir(input.build.dir) },
    local: input.local === undefined ? null : { command: input.local.command, cwd: input.local.cwd === undefined ? null : relativeDir(input.local.cwd) },
    image:
      input.image === true
        ? { kind: "repository", repository: functionRepositoryName(ctx.prefix, key), tag: input.imageTag ?? "latest" }
        : input.image !== undefined
          ? { kind: "uri", uri: input.image }
          : null,
    handler: input.handler ?? "index.handler",
    runtime: input.runtime ?? "nodejs22.x",
    architecture: input.architecture ?? "arm64",
    memory: parseMemory(input.memory ?? "256 MB"),
    timeoutSeconds,
    reservedConcurrency: input.reservedConcurrency ?? -1,
    environment,
    secrets,
    vpc,
    databases,
    queues: queueTrigger ? mergeConsume(queues, queueTrigger.queue) : queues,
    topics,
    permissions: (input.permissions ?? []).map((p) => ({ actions: [...p.actions], resources: [...p.resources] })),
    logGroup: `/aws/lambda/${name}`,
    logRetentionDays: logRetention(input.logRetention ? parseDays(input.logRetention) : ctx.defaults.logRetentionDays),
    logsKey: ctx.logsKey,
    roleName: awsName([name, "fn"], LIMITS.iamRole),
    alias: "live",
    http,
    events,
    eventRetries: input.eventRetries ?? 2,
    eventsDeadLetter: events.length > 0 ? awsName([name, "events-dlq"], FUNCTION_LIMITS.queueName) : null,
    queueTrigger,
    alarms,
    blueGreen: functionBlueGreen(name, input, alarms, (field) => at(field), ctx.issues),
  };
}

/**
 * A function's alarms, on the environment's alarm topic: any error or throttle of the `live` alias in
 * five minutes, and (with EventBridge rules) any event that reached the dead-letter queue after its retries.
 */
export function functionAlarms(name: string, deadLetter: string | null): Alarm[] {
  const base = {
    statistic: "Sum",
    threshold: 0,
    comparison: "GreaterThanThreshold",
    periodSeconds: 300,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "notBreaching",
  } as const;
  return [
    {
      ...base,
      id: "errors",
      name: `${name}-errors`,
      description: `Invocations of ${name} failed.`,
      namespace: "AWS/Lambda",
      metric: "Errors",
      subject: { kind: "function" },
    },
    {
      ...base,
      id: "throttles",
      name: `${name}-throttles`,
      description: `Invocations of ${name} were throttled.`,
      namespace: "AWS/Lambda",
      metric: "Throttles",
      subject: { kind: "function" },
    },
    ...(deadLetter
      ? [
          {
            ...base,
            id: "events-dead-letters",
            name: `${name}-events-dead-letters`,
            description: `Events for ${name} failed every retry and wait in ${deadLetter}.`,
            namespace: "AWS/SQS",
            metric: "ApproximateNumberOfMessagesVisible",
            subject: { kind: "function-dead-letters" } as const,
            statistic: "Maximum",
            periodSeconds: 60,
          },
        ]
      : []),
  ];
}

/** The ECR repository of a function that runs its own image (`<prefix>-<key>-function`). */
export const functionRepositoryName = (prefix: string, key: string): string => awsName([prefix, key, "function"], LIMITS.ecrRepository);

/** The trigger's queue is consumed: add `consume` to the function's use of it (and its URL variable). */
function mergeConsume(uses: LambdaFunction["queues"], queue: string): LambdaFunction["queues"] {
  const other = uses.filter((u) => u.queue !== queue);
  const mine = uses.find((u) => u.queue === queue);
  const urlVar = `${queue.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_QUEUE_URL`;
  return [...other, { queue, send: mine?.send ?? false, consume: true, urlVar }].sort((a, b) => compareText(a.queue, b.queue));
}

function resolveFunctionDatabases(input: FunctionInput, ctx: FunctionContext, at: ConfigPath): FunctionDatabaseUse[] {
  return resolveDatabaseUses({ databases: input.databases }, { databases: ctx.databases, at, issues: ctx.issues }).map((u) => {
    const use = own(input.databases, u.database);
    const prefix = typeof use === "object" ? use.prefix : "DB";
    return { database: u.database, port: u.port, hostVar: u.hostVar, portVar: u.portVar, nameVar: u.nameVar, secretIdVar: `${prefix}_SECRET_ID` };
  });
}

function resolveFunctionSecrets(input: FunctionInput, ctx: FunctionContext, at: ConfigPath): FunctionSecret[] {
  const refs = resolveSecretRefs({ secrets: input.secrets }, { secrets: ctx.declaredSecrets, parameters: ctx.declaredParameters, at, issues: ctx.issues });
  return refs.map((r) => ({
    variable: `${r.name}_${r.source === "ssm" ? "PARAMETER" : "SECRET_ID"}`,
    source: r.source,
    ref: r.ref,
    ...(r.declared ? { declared: r.declared } : {}),
  }));
}

function resolveFunctionEnvironment(
  input: FunctionInput,
  uses: Pick<LambdaFunction, "secrets" | "databases" | "queues" | "topics">,
  ctx: FunctionContext,
  at: (field?: string) => ConfigPath,
): EnvVar[] {
  const vars = new Map<string, string>();
  for (const [name, v] of Object.entries(input.environment ?? {})) {
    if (/^(AWS_|LAMBDA_|_HANDLER$|_X_AMZN)/.test(name))
      ctx.issues.add([...at("environment"), name], "is a name Lambda reserves for its own variables", "rename it");
    vars.set(name, typeof v === "string" ? v : v.value);
  }
  const from: [string, string][] = [
    ...uses.secrets.map((s) => [s.variable, `secrets.${s.variable}`] as [string, string]),
    ...uses.databases.flatMap((d) => [d.hostVar, d.portVar, d.nameVar, d.secretIdVar].map((v) => [v, `databases.${d.database}`] as [string, string])),
    ...uses.queues.map((q) => [q.urlVar, `queues.${q.queue}`] as [string, string]),
    ...uses.topics.map((t) => [t.arnVar, `topics.${t.topic}`] as [string, string]),
  ];
  const taken = new Map([...vars.keys()].map((k) => [k, "environment"]));
  for (const [v, source] of from) {
    const other = taken.get(v);
    if (other)
      ctx.issues.add(at(source.split(".")[0]), `would set ${v}, which ${other} already sets; a variable comes from one place`, `remove ${v} from ${other}`);
    taken.set(v, source);
  }
  return [...vars].sort(([a], [b]) => compareText(a, b)).map(([name, value]) => ({ name, value: { kind: "literal", value } }));
}

function resolveQueueTrigger(input: FunctionInput, timeoutSeconds: number, ctx: FunctionContext, at: (field?: string) => ConfigPath): QueueTrigger | null {
  const t = input.queue;
  if (!t) return null;
  const where = [...at("queue"), "queue"];
  const queue = ctx.queues.find((q) => q.key === t.queue);
  if (!queue) {
    ctx.issues.unknown(
      where,
      "queue",
      t.queue,
      ctx.queues.map((q) => q.key),
    );
    return null;
  }
  const needed = VISIBILITY_FACTOR * timeoutSeconds;
  if (queue.visibilityTimeoutSeconds < needed)
    ctx.issues.add(
      where,
      `"${t.queue}" hides a received message for ${queue.visibilityTimeoutSeconds} seconds, less than ${VISIBILITY_FACTOR} × the function's timeout (${timeoutSeconds} s); a batch still running would be delivered again`,
      `set queues.${t.queue}.visibilityTimeout: "${needed} seconds" (or more), or lower functions.<name>.timeout`,
    );
  const batchSize = t.batchSize ?? 10;
  const batchWindowSeconds = parseDuration(t.batchWindow ?? "0 seconds");
  if (batchSize > 10 && batchWindowSeconds < 1)
    ctx.issues.add(
      [...at("queue"), "batchSize"],
      `of ${batchSize} needs a batching window (SQS sends at most 10 at once without one)`,
      'add batchWindow: "5 seconds"',
    );
  return { queue: t.queue, batchSize, batchWindowSeconds, maxConcurrency: t.maxConcurrency ?? null, reportFailures: t.reportFailures ?? true };
}

function resolveHttp(input: FunctionInput, apiKeys: readonly string[], ctx: FunctionContext, at: (field?: string) => ConfigPath): LambdaFunction["http"] {
  const h = input.http;
  if (!h) return null;
  if (!apiKeys.includes(h.api)) {
    ctx.issues.unknown([...at("http"), "api"], "HTTP API", h.api, apiKeys);
    return null;
  }
  const seen = new Set<string>();
  h.routes.forEach((r, i) => {
    if (seen.has(r)) ctx.issues.add([...at("http"), "routes", i], `lists "${r}" twice`);
    seen.add(r);
  });
  return { api: h.api, routes: [...seen].sort() };
}

function resolveEvents(name: string, input: FunctionInput, ctx: FunctionContext, at: (field?: string) => ConfigPath): EventRule[] {
  return (input.events ?? []).flatMap((e, i) => {
    const where = [...at("events"), i];
    if ((e.schedule === undefined) === (e.pattern === undefined)) {
      ctx.issues.add(where, "needs exactly one of schedule and pattern", 'e.g. { schedule: "rate(5 minutes)" } or { pattern: { source: ["my.app"] } }');
      return [];
    }
    if (e.schedule !== undefined) {
      const problem = scheduleProblem(e.schedule.trim());
      if (problem) ctx.issues.add([...where, "schedule"], problem.message, problem.hint);
      if (e.bus !== undefined) ctx.issues.add([...where, "bus"], "applies to event patterns only; schedules run on the default bus", "remove bus");
    }
    if (e.pattern !== undefined && Object.keys(e.pattern).length === 0)
      ctx.issues.add([...where, "pattern"], "is empty; EventBridge needs at least one field to match", 'e.g. { source: ["my.app"] }');
    return [
      {
        name: awsName([name, String(i + 1)], FUNCTION_LIMITS.ruleName),
        schedule: e.schedule?.trim() ?? null,
        pattern: e.pattern ?? null,
        bus: e.bus ?? "default",
        input: e.input ?? null,
      },
    ];
  });
}

function resolveHttpApi(key: string, input: HttpApiInput, functions: readonly LambdaFunction[], ctx: FunctionContext): HttpApi {
  const routes = new Map<string, string>();
  for (const f of functions) {
    for (const r of f.http?.api === key ? f.http.routes : []) {
      const other = routes.get(r);
      if (other !== undefined)
        ctx.issues.add(
          [...ctx.at("functions", f.key, "http"), "routes"],
          `has "${r}", which functions.${other} already answers on HTTP API "${key}"; a route invokes one function`,
          `remove "${r}" from one of them, or give one a more specific path`,
        );
      else routes.set(r, f.key);
    }
  }
  if (input.host !== undefined && !ctx.domain)
    ctx.issues.add(
      ctx.at("httpApis", key, "host"),
      "needs the environment's domain: the API's host name is <host>.<domain>, with the domain's certificate",
      'add domain: { name: "example.com" } to the environment, or remove host there (environments.<env>.httpApis)',
    );
  const healthCheckPath = input.healthCheck?.path ?? null;
  if (healthCheckPath !== null && !routes.has("$default") && ![...routes.keys()].some((r) => routeAnswers(r, "GET", healthCheckPath))) {
    const gets = [...routes.keys()].filter((r) => /^(GET|ANY) /.test(r)).sort(compareText);
    ctx.issues.add(
      [...ctx.at("httpApis", key, "healthCheck"), "path"],
      `"${healthCheckPath}" matches no GET route of HTTP API "${key}"${gets.length > 0 ? ` (${gets.join(", ")})` : ""}, so Route 53's check would always fail`,
      gets.length > 0
        ? `use a path a GET route answers, e.g. "${gets[0]!.slice(gets[0]!.indexOf(" ") + 1)}"`
        : 'add a route such as "GET /health" to a function of this API',
    );
  }
  const name = awsName([ctx.prefix, key], 128);
  const cors = input.cors
    ? {
        origins: [...input.cors.origins],
        methods: [...(input.cors.methods ?? ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])],
        headers: [...(input.cors.headers ?? ["content-type", "authorization"])],
        maxAgeSeconds: parseDuration(input.cors.maxAge ?? "5 minutes"),
      }
    : null;
  return {
    key,
    name,
    routes: [...routes].sort(([a], [b]) => compareText(a, b)).map(([k, f]) => ({ key: k, function: f })),
    cors,
    throttle: { rate: input.throttle?.rate ?? 100, burst: input.throttle?.burst ?? 200 },
    domainName: input.host !== undefined && ctx.domain ? `${input.host}.${ctx.domain.name}` : null,
    accessLogGroup: awsName([`/aws/apigateway/${name}`], LIMITS.logGroup),
    accessLogRetentionDays: logRetention(input.accessLogRetention ? parseDays(input.accessLogRetention) : ctx.defaults.logRetentionDays),
    logsKey: ctx.logsKey,
    healthCheckPath,
    regional: null,
  };
}

/**
 * True when API Gateway sends `<method> <path>` to the route `key`: same method (or `ANY`), and the path
 * segment by segment, where `{name}` is any one segment and a final `{name+}` one or more. (`$default`
 * answers what no route does; the caller treats it.)
 */
export function routeAnswers(key: string, method: string, path: string): boolean {
  const space = key.indexOf(" ");
  if (space < 0) return false;
  const m = key.slice(0, space);
  if (m !== "ANY" && m !== method) return false;
  const want = key
    .slice(space + 1)
    .split("/")
    .slice(1);
  const got = path.split("/").slice(1);
  for (let i = 0; i < want.length; i++) {
    const seg = want[i]!;
    if (/^\{[^}]+\+\}$/.test(seg)) return i === want.length - 1 && got.length > i && got.slice(i).some((g) => g !== "");
    if (i >= got.length) return false;
    if (/^\{[^}]+\}$/.test(seg) ? got[i] === "" : seg !== got[i]) return false;
  }
  return got.length === want.length;
}

/** A folder relative to the config file, with POSIX separators and no trailing slash. */
const relativeDir = (dir: string): string => posix.normalize(dir.replace(/\\/g, "/")).replace(/\/$/, "") || ".";

/** A function's blue/green deployment: CodeDeploy for Lambda shifts the `live` alias; it rolls back on the alias's error and throttle alarms. */
function functionBlueGreen(
  name: string,
  input: FunctionInput,
  alarms: readonly Alarm[],
  at: (field: string) => ConfigPath,
  issues: Issues,
): FunctionBlueGreen | null {
  const d = input.deployment ?? {};
  if (d.strategy !== "blue-green") {
    for (const k of ["traffic", "rollbackOnAlarms"] as const)
      if (d[k] !== undefined) issues.add([...at("deployment"), k], "applies to blue/green deployments only", `add strategy: "blue-green", or remove ${k}`);
    return null;
  }
  return {
    application: name,
    deploymentGroup: name,
    config: deploymentConfig("Lambda", trafficShift(d.traffic), name),
    rollbackAlarms: (d.rollbackOnAlarms ?? true) ? alarms.filter((a) => a.subject.kind === "function").map((a) => a.name) : [],
    roleName: awsName([name, "codedeploy"], LIMITS.iamRole),
  };
}
