/** The `functions` and `httpApis` sections: Lambda functions zipped from a folder, and the triggers that run them (HTTP routes, EventBridge rules, SQS queues). */
import { z } from "zod";
import { queueUseSchema, topicUseSchema } from "./messaging.js";
import { trafficShiftSchema } from "./deployment.js";
import { strict } from "./strict.js";
import { memory, retentionDays, seconds } from "./units.js";

/** Lambda's memory range, in MiB (CreateFunction `MemorySize`). */
export const LAMBDA_MEMORY = { min: 128, max: 10240 } as const;

/** Runtimes Lambda supports for zip packages (not deprecated), as `Runtime` names them. */
export const LAMBDA_RUNTIMES = ["nodejs20.x", "nodejs22.x", "python3.12", "python3.13", "java21", "dotnet8", "ruby3.3", "provided.al2023"] as const;

/** MiB of a memory value the schema accepted: a number of MiB, or `"<n> MB"` / `"<n> GB"`. */
const mib = (v: number | string): number => (typeof v === "number" ? v : Number.parseFloat(v) * (v.endsWith("GB") ? 1024 : 1));

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

const literal = z.union(
  [
    z.string(),
    strict({ value: z.string().describe("The literal value."), secret: z.literal(false).describe("Marks a value that looks like a secret as not secret.") }),
  ],
  {
    error: 'expected a string or { value: "…", secret: false }',
  },
);

/** A secret the function reads at run time: by reference, without a JSON key (the function reads the whole secret). */
const functionSecretRef = z.union(
  [
    strict({ secretsManager: z.string().min(1).describe("Secrets Manager secret name in the environment's region.") }),
    strict({
      ssm: z
        .string()
        .regex(/^\/?[a-zA-Z0-9_.\-/]+$/)
        .describe("SSM Parameter Store parameter name (SecureString or String)."),
    }),
    strict({ secret: z.string().min(1).describe("Key of a secret declared in `secrets`.") }),
    strict({ parameter: z.string().min(1).describe("Key of a parameter declared in `parameters`.") }),
  ],
  { error: 'expected { secret: "<key in secrets>" }, { parameter: "<key in parameters>" }, { secretsManager: "<secret name>" } or { ssm: "/parameter/name" }' },
);

/** A database the function uses: `true`, or a prefix for its four variables. */
const functionDatabaseUse = z.union(
  [
    z.literal(true),
    strict({
      prefix: z
        .string()
        .regex(/^[A-Z_][A-Z0-9_]*$/)
        .describe('Prefix of the four variable names: `<prefix>_HOST`, `_PORT`, `_NAME`, `_SECRET_ID`. Default `"DB"`.'),
    }),
  ],
  { error: 'expected true or { prefix: "PG" }' },
);

/** An HTTP API route key as API Gateway writes it: `METHOD /path`, or `$default`. */
export const ROUTE_KEY = /^(\$default|(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/[A-Za-z0-9._~\-/{}+]*)$/;

const httpTrigger = strict({
  api: z.string().min(1).describe("Key of the HTTP API (in `httpApis`) that serves the routes."),
  routes: z
    .array(z.string().regex(ROUTE_KEY, { error: 'expected a route such as "GET /reservations", "ANY /items/{id}", "GET /files/{proxy+}" or "$default"' }))
    .min(1)
    .describe('Routes this function answers, e.g. `["GET /availability", "GET /reservations/{id}"]`; `{proxy+}` matches the rest of the path.'),
});

const eventTrigger = strict({
  schedule: z.string().min(1).optional().describe('Run on a schedule, as EventBridge writes it: `"rate(5 minutes)"` or `"cron(0 3 * * ? *)"` (UTC).'),
  pattern: z
    .record(z.string().min(1), z.unknown())
    .optional()
    .describe('Run on events that match this EventBridge event pattern, e.g. `{ source: ["aws.s3"], "detail-type": ["Object Created"] }`.'),
  bus: z.string().min(1).optional().describe('Event bus of a `pattern` rule (an existing bus by name). Default: the account\'s `"default"` bus.'),
  input: z.record(z.string(), z.unknown()).optional().describe("Constant JSON the function receives instead of the event."),
});

const queueTrigger = strict({
  queue: z.string().min(1).describe("Key of the queue (in `queues`) whose messages the function receives; it gets `consume` permissions."),
  batchSize: z.number().int().min(1).max(10000).optional().describe("Messages per invocation, 1–10000 (above 10 needs `batchWindow`). Default 10."),
  batchWindow: seconds(0, 300).optional().describe('How long to gather messages before invoking, 0–300 seconds. Default `"0 seconds"`.'),
  maxConcurrency: z
    .number()
    .int()
    .min(2)
    .max(1000)
    .optional()
    .describe("Most concurrent invocations this queue may drive, 2–1000. Default: no limit but the function's."),
  reportFailures: z
    .boolean()
    .optional()
    .describe(
      "Partial batch failures: the function returns `{ batchItemFailures: [{ itemIdentifier }] }` and only those messages return to the queue (`ReportBatchItemFailures`). Default `true`.",
    ),
});

export const functionSchema = strict({
  dir: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Folder of the function\'s code, relative to the config file, e.g. `"functions/api"`; berth zips it deterministically (sorted entries, fixed times and modes), so unchanged code plans no change. Its files as they are: build first if the code needs it.',
    ),
  build: z
    .union(
      [
        z.string().min(1),
        strict({
          command: z.string().min(1).describe('The shell command, e.g. `"npm ci && npm run build"`.'),
          dir: z.string().min(1).describe('Folder it runs in, relative to the config file, e.g. `"functions/api"` when `dir` is its `dist` output.'),
        }),
      ],
      { error: 'expected a command such as "npm ci && npm run build", or { command: "…", dir: "functions/api" }' },
    )
    .optional()
    .describe(
      "How to build the function's code before berth zips `dir`: a shell command run in `dir`, or `{ command, dir }` to run it in another folder (the project whose output `dir` is). `berth build` runs it, and so do the generated pipelines before they plan.",
    ),
  local: strict({
    command: z
      .string()
      .min(1)
      .describe(
        'Command that runs the function as a Lambda runtime client, e.g. `"python3 -m awslambdaric app.handler"`, a custom runtime\'s `"./bootstrap"`, or `"docker run --rm --network host -e AWS_LAMBDA_RUNTIME_API <image>"`; berth dev serves it the Lambda Runtime API (`AWS_LAMBDA_RUNTIME_API`).',
      ),
    cwd: z.string().optional().describe("Working directory, relative to the config file. Default: the function's `dir`, else the config's folder."),
  })
    .optional()
    .describe(
      "How `berth dev` runs the function when it is not a Node.js zip (another runtime, or an image): a command speaking the Lambda Runtime API. Node.js zip functions run without it.",
    ),
  image: z
    .union([
      z.literal(true),
      z.string().regex(/^[^\s:]+\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[^\s]+$/, {
        error: 'expected an ECR image URI such as "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:tag"',
      }),
    ])
    .optional()
    .describe(
      "Run a container image instead of a zipped folder: `true` for the function's own ECR repository (`<project>-<env>-<key>-function`, in the platform stack, at `imageTag`), or an ECR image URI. Give `dir` or `image`, not both.",
    ),
  imageTag: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: 'expected an image tag such as "v1.2.3"' })
    .optional()
    .describe(
      'Tag of the image in the function\'s repository. Default `"latest"`. Lambda resolves the tag when the function is updated, so a new image needs a new tag.',
    ),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "a Lambda function name is 1–64 letters, digits, - and _" })
    .optional()
    .describe("Function name. Default `<project>-<env>-<key>`; give one only when each environment has its own account."),
  handler: z
    .string()
    .min(1)
    .optional()
    .describe('Entry point, as the runtime reads it, e.g. `"index.handler"` (the `handler` export of `index.mjs`/`index.js`). Default `"index.handler"`.'),
  runtime: z.enum(LAMBDA_RUNTIMES).optional().describe('Lambda runtime. Default `"nodejs22.x"`.'),
  architecture: z.enum(["arm64", "x86_64"]).optional().describe('CPU architecture. Default `"arm64"` (Graviton: cheaper per GB-second).'),
  memory: memory
    .refine((v) => mib(v) >= LAMBDA_MEMORY.min && mib(v) <= LAMBDA_MEMORY.max, {
      error: (iss) => `Lambda memory must be between ${LAMBDA_MEMORY.min} and ${LAMBDA_MEMORY.max} MiB; got ${JSON.stringify(iss.input)}`,
    })
    .optional()
    .describe(`Memory, ${LAMBDA_MEMORY.min}–${LAMBDA_MEMORY.max} MiB (CPU grows with it): MiB or \`"1 GB"\`. Default \`"256 MB"\`.`),
  timeout: seconds(1, 900).optional().describe('Longest an invocation may run, 1–900 seconds. Default `"30 seconds"`.'),
  reservedConcurrency: z
    .number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(
      "Concurrent executions reserved for (and capped at) this function, 0–1000 (the default account quota); 0 stops it. Default: none, the account's pool.",
    ),
  environment: z
    .record(envName, literal)
    .optional()
    .describe("Environment variables (literal strings). A value that looks like a secret is refused, as for services: put it in `secrets`."),
  secrets: z
    .record(envName, functionSecretRef)
    .optional()
    .describe(
      "Secrets the function reads at run time: the secret's name or ARN arrives as `<NAME>_SECRET_ID` (a parameter's name as `<NAME>_PARAMETER`), never the value, and the role may read exactly these.",
    ),
  vpc: z
    .boolean()
    .optional()
    .describe(
      "Run in the VPC's private subnets (needed for `databases`), with a security group of its own. Default: `true` when it uses a database, else `false`.",
    ),
  databases: z
    .record(z.string(), functionDatabaseUse)
    .optional()
    .describe(
      "Databases (keys of `databases`) the function uses: it gets `DB_HOST`, `DB_PORT`, `DB_NAME` and `DB_SECRET_ID` (the ARN of the managed secret holding user and password, to read at run time), the database admits its security group, and its role may read exactly that secret.",
    ),
  queues: z.record(z.string(), queueUseSchema).optional().describe('Queues (keys of `queues`) the function uses, e.g. `{ "reservation-events": "send" }`.'),
  topics: z.record(z.string(), topicUseSchema).optional().describe("Topics (keys of `topics`) the function publishes to."),
  http: httpTrigger.optional().describe("HTTP routes of an HTTP API (API Gateway v2) that invoke the function (its `live` alias), payload format 2.0."),
  events: z
    .array(eventTrigger)
    .optional()
    .describe(
      "EventBridge rules that invoke the function: each a `schedule` or an event `pattern`. Failed deliveries are retried, then go to the function's dead-letter queue.",
    ),
  eventRetries: z.number().int().min(0).max(185).optional().describe("Times EventBridge retries a failed delivery, 0–185. Default 2."),
  queue: queueTrigger.optional().describe("An SQS queue whose messages invoke the function (an event source mapping on its `live` alias)."),
  deployment: strict({
    strategy: z
      .enum(["direct", "blue-green"])
      .optional()
      .describe(
        '`"direct"`: each apply points the `live` alias at the version it publishes. `"blue-green"`: the apply publishes the version and `berth deploy <function>` shifts the alias\'s traffic to it through CodeDeploy (weighted alias), rolling back on failure or alarm. Default `"direct"`.',
      ),
    traffic: trafficShiftSchema.optional(),
    rollbackOnAlarms: z
      .boolean()
      .optional()
      .describe("Blue/green: stop and roll back when the function's errors or throttles alarm fires during the shift. Default `true`."),
  })
    .optional()
    .describe("How a new version takes the `live` alias's traffic: at once on apply (default) or blue/green through CodeDeploy."),
  logRetention: retentionDays.optional().describe("How long the function's logs are kept. Default: 7 days in `dev`, 14 in `staging`, 30 in `prod`."),
  permissions: z
    .array(
      strict({
        actions: z
          .array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, { error: 'expected an IAM action such as "s3:GetObject"' }))
          .min(1)
          .describe("IAM actions."),
        resources: z.array(z.string().min(1)).min(1).describe("Resource ARNs."),
      }),
    )
    .optional()
    .describe("More IAM statements granted to the function's role."),
});
export type FunctionInput = z.infer<typeof functionSchema>;

export const httpApiSchema = strict({
  cors: strict({
    origins: z.array(z.string().min(1)).min(1).describe('Allowed origins, e.g. `["https://app.example.com"]`.'),
    methods: z.array(z.string().min(1)).optional().describe('Allowed methods. Default `["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]`.'),
    headers: z.array(z.string().min(1)).optional().describe('Allowed request headers. Default `["content-type", "authorization"]`.'),
    maxAge: seconds(0, 86400).optional().describe('How long browsers cache a preflight answer. Default `"5 minutes"`.'),
  })
    .optional()
    .describe("CORS answered by API Gateway itself (preflight included). Default: none."),
  throttle: strict({
    rate: z.number().int().min(1).max(10000).optional().describe("Steady requests per second over all routes. Default 100."),
    burst: z.number().int().min(1).max(5000).optional().describe("Requests allowed in a burst. Default 200."),
  })
    .optional()
    .describe("Throttling of the `$default` stage."),
  host: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, { error: 'expected one DNS label such as "api"' })
    .optional()
    .describe(
      "Serve the API at `<host>.<environment domain>` (covered by the environment's wildcard certificate), e.g. `\"api\"`. Needs the environment's `domain`. Default: only the `execute-api` URL.",
    ),
  accessLogRetention: retentionDays.optional().describe("How long access logs are kept. Default: the tier's log retention."),
  healthCheck: strict({
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~\-/]*$/, { error: 'expected a path such as "/health"' })
      .max(255)
      .describe('A path a `GET`, `ANY` or `$default` route of the API answers without credentials, e.g. `"/health"`.'),
  })
    .optional()
    .describe(
      "How Route 53 checks the API in each region of an environment with recovery regions (HTTPS on the region's `execute-api` host). Needed there when the API has a `host`.",
    ),
});
export type HttpApiInput = z.infer<typeof httpApiSchema>;
