/** The `services` section: one containerized service — its task, routing, health, scaling, permissions and local run. */
import { z } from "zod";
import { serviceAlarmsSchema } from "./monitoring.js";
import { databaseUseSchema } from "./database.js";
import { queueUseSchema, topicUseSchema } from "./messaging.js";
import { scheduleSchema, workerSchema } from "./workload.js";
import { scalingScheduleSchema } from "./scaling-schedule.js";
import { blueGreenFields } from "./deployment.js";
import { egressSchema } from "./egress.js";
import { nlbListenerSchema } from "./network-load-balancer.js";
import { secretRef } from "./secret-ref.js";
import { sidecarsSchema, containerDependsOnSchema, containerHealthCheckSchema } from "./sidecar.js";
import { name, strict } from "./strict.js";
import { firelensSchema } from "./firelens.js";
import { ephemeralStorageSchema, volumesSchema } from "./volume.js";
import { cpu, days, duration, memory, percent, port, retentionDays, seconds } from "./units.js";

/** Characters an ALB path condition accepts (Elastic Load Balancing, "Path conditions"). */
const ALB_PATH = /^[A-Za-z0-9_\-.$/~"'@:+&*?]*$/;

function describeRefused(p: string): string {
  const bad = [...new Set([...p].filter((c) => !ALB_PATH.test(c)))];
  return `refused: ${bad.map((c) => (/\s/.test(c) ? JSON.stringify(c) : c)).join(" ")}`;
}

const oneOrMany = (s: z.ZodString) => z.union([s, z.array(s).min(1)]);

const route = strict({
  loadBalancer: z.string().describe("Key of the load balancer in `loadBalancers`."),
  path: oneOrMany(
    z
      .string()
      .regex(/^\//, { error: 'a path pattern must start with "/", e.g. "/api/*"', abort: true })
      .refine((p) => ALB_PATH.test(p), {
        error: (iss) =>
          `ALB path patterns may contain only letters, digits and _ - . $ / ~ " ' @ : + & * ?; got ${JSON.stringify(iss.input)} (${describeRefused(String(iss.input))})`,
        abort: true,
      })
      .max(128, { error: "a path pattern is at most 128 characters" }),
  )
    .optional()
    .describe(
      'Path pattern(s), as ALB matches them: case-sensitive, `*` matches any characters, `?` exactly one. E.g. `"/payment-service/*"`. Default: every path.',
    ),
  host: oneOrMany(
    z
      .string()
      .regex(/^[a-zA-Z0-9*?.-]+$/, { error: 'expected a host name such as "api.example.com" or "*.example.com"' })
      .max(128),
  )
    .optional()
    .describe('Host header pattern(s) the rule matches, e.g. `"api.example.com"`.'),
  priority: z
    .number()
    .int()
    .min(1)
    .max(50000)
    .optional()
    .describe("Listener rule priority (lower wins). Default: assigned by berth, most specific rule first, stable across runs."),
});

const envValue = z.union(
  [
    z.string(),
    strict({
      value: z.string().describe("The literal value."),
      secret: z.literal(false).describe("Marks a value that looks like a secret (by its name or format) as not secret, so berth accepts it in plain text."),
    }),
    strict({
      url: z.string().describe("Name of the service whose URL (through its load balancer, with its path prefix) this variable receives."),
      loadBalancer: z.string().optional().describe("Which load balancer's URL, when the service is behind several."),
    }),
  ],
  { error: 'expected a string, { url: "<service>" } or { value: "…", secret: false }' },
);

export const serviceSchema = strict({
  port: port()
    .optional()
    .describe("Container port the service listens on (it also receives it as `PORT`). Required for a service with `routes`; workers and jobs need none."),
  image: z.string().optional().describe("Full image reference. Default: the service's own ECR repository at `imageTag`."),
  command: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe(
      'Command the container runs instead of the image\'s `CMD`, e.g. `["node", "dist/recorder.js"]` (one image, several workers and jobs). Default: the image\'s.',
    ),
  imageTag: z
    .string()
    .optional()
    .describe(
      "Image tag used with the service's repository until the first `berth deploy --image <tag>` (which records its tag and wins from then on, without drift). Default `\"latest\"`; refused when the repository's tags are immutable.",
    ),
  cpu: cpu
    .optional()
    .describe('Task CPU: units (1024 = 1 vCPU) or `"0.5 vCPU"`. On Fargate it must pair with `memory` (berth lists the valid pairs). Default 256.'),
  memory: memory.optional().describe('Task memory: MiB or `"1 GB"`. Default 512.'),
  architecture: z
    .enum(["x86_64", "arm64"])
    .optional()
    .describe("CPU architecture of the image. Default: the EC2 instances' architecture, or `x86_64` on Fargate."),
  subnet: z.enum(["public", "private"]).optional().describe('Subnet tier the tasks run in. Default `"private"`.'),
  egress: egressSchema
    .optional()
    .describe(
      'Outbound traffic the tasks may send: `"internet"` (anything, anywhere), `"vpc"` (TCP inside the VPC, HTTPS to S3), or only what the service declares — `"declared"` or `{ internet: "https", to: [...] }`: its databases on their ports, the load balancers it calls on theirs, HTTPS to the internet (or, with `internet: "none"`, to the VPC endpoints and S3), and each `to` destination. Default: `"internet"` when the subnet has a route out (public, or private with NAT), else `"vpc"`.',
    ),
  routes: z.array(route).optional().describe("Listener rules that send traffic to this service. A service with no routes is not behind a load balancer."),
  nlb: z
    .union([nlbListenerSchema, z.array(nlbListenerSchema).min(1)])
    .optional()
    .describe(
      'Listeners on Network Load Balancers that forward to this service, one or a list, e.g. `{ loadBalancer: "tcp", port: "443/tls", targetPort: 8080 }`. Each gets its own target group (type `ip`: awsvpc tasks only).',
    ),
  healthCheck: strict({
    path: z.string().regex(/^\//, { error: 'a health check path must start with "/"' }).optional().describe('Path the load balancer checks. Default `"/"`.'),
    interval: seconds(5, 300).optional().describe('Time between checks, 5–300 seconds. Default `"30 seconds"`.'),
    timeout: seconds(2, 120).optional().describe('Time to wait for an answer, 2–120 seconds (shorter than `interval`). Default `"5 seconds"`.'),
    healthyThreshold: z.number().int().min(2).max(10).optional().describe("Consecutive successes before a target is healthy. Default 3."),
    unhealthyThreshold: z.number().int().min(2).max(10).optional().describe("Consecutive failures before a target is unhealthy. Default 3."),
    matcher: z
      .string()
      .regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, { error: 'expected HTTP codes such as "200", "200-299" or "200,302"' })
      .optional()
      .describe('Expected HTTP codes. Default `"200"`.'),
    gracePeriod: seconds(0, 2147483647).optional().describe('Time after a task starts during which failed checks are ignored. Default `"60 seconds"`.'),
  })
    .optional()
    .describe("Load balancer health check of the target group."),
  deregistrationDelay: seconds(0, 3600)
    .optional()
    .describe('Time a deregistering target keeps serving in-flight requests, 0–3600 seconds. Default `"30 seconds"`.'),
  containerHealthCheck: containerHealthCheckSchema.optional().describe("Container-level health check run by the ECS agent."),
  readonlyRootFilesystem: z
    .boolean()
    .optional()
    .describe(
      "Mount the container's root filesystem read-only; berth then mounts a writable scratch volume at `/tmp`. Default: `true` in `prod`, else `false` (set `false` for an image that writes elsewhere).",
    ),
  desiredCount: z
    .number()
    .int()
    .min(0)
    .max(5000)
    .optional()
    .describe("Tasks to run. Default: 1 in `dev`/`staging`, 2 in `prod`; `autoscaling.min` when autoscaling is on."),
  deployment: strict({
    minHealthyPercent: z
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe("Lower bound of running tasks during a deployment, in percent of `desiredCount`. Default 100."),
    maxPercent: z.number().int().min(100).max(200).optional().describe("Upper bound during a deployment. Default 200."),
    circuitBreaker: z.boolean().optional().describe("Rolling: stop a failing deployment and roll back. Default `true`."),
    ...blueGreenFields,
  })
    .optional()
    .describe("How a new image rolls out: rolling (default) or blue/green through CodeDeploy."),
  autoscaling: strict({
    min: z.number().int().min(0).describe("Minimum tasks."),
    max: z.number().int().min(1).describe("Maximum tasks."),
    cpu: percent.optional().describe("Target average CPU utilisation, in percent."),
    memory: percent.optional().describe("Target average memory utilisation, in percent."),
    requestsPerTarget: z.number().int().min(1).optional().describe("Target ALB requests per task per minute."),
    backlog: strict({
      latency: duration.describe('How long a message may wait in the queue before a task starts on it, e.g. `"5 minutes"`.'),
      perMessage: duration.describe('How long a task takes to process one message, e.g. `"2 seconds"`.'),
    })
      .optional()
      .describe(
        "Workers only: scale on the backlog per task (visible messages ÷ running tasks), keeping it at `latency ÷ perMessage` — the messages one task clears within the acceptable latency.",
      ),
    scaleInCooldown: seconds(0, 86400).optional().describe('Wait after a scale-in. Default `"5 minutes"`.'),
    scaleOutCooldown: seconds(0, 86400).optional().describe('Wait after a scale-out. Default `"1 minute"`.'),
    schedules: z
      .record(name("a schedule name"), scalingScheduleSchema)
      .optional()
      .describe(
        'Scheduled changes of min and max, by name, e.g. staging off out of hours: `{ night: { expression: "cron(0 20 ? * MON-FRI *)", min: 0, max: 0 }, morning: { expression: "cron(0 8 ? * MON-FRI *)" } }` (a schedule without min/max restores `min`/`max`). Without a metric the service scales on the schedules alone.',
      ),
  })
    .optional()
    .describe("Target-tracking autoscaling of the task count, and scheduled changes of its range."),
  environment: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), envValue)
    .optional()
    .describe(
      'Environment variables: literal strings, or `{ url: "<service>" }` for another service\'s URL through its load balancer (the same path prefix on AWS and in `berth dev`). A value that looks like a secret (a name such as `*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*_KEY`, or a known key format such as `sk_live_…`) is refused: put it in `secrets`; `{ value: "…", secret: false }` accepts one that is not.',
    ),
  secrets: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), secretRef)
    .optional()
    .describe(
      "Secrets injected as environment variables by ECS (never written into Terraform): secrets and parameters declared in `secrets`/`parameters`, or existing Secrets Manager secrets and SSM parameters by name. The execution role may read exactly these.",
    ),
  databases: z
    .record(z.string(), databaseUseSchema)
    .optional()
    .describe(
      "Databases (keys of `databases`) this service uses, e.g. `{ main: true }` or `{ main: { prefix: \"PG\" } }`. It gets `DB_HOST`, `DB_PORT`, `DB_NAME` as environment and `DB_USER`, `DB_PASSWORD` as ECS secrets from the database's managed secret; the database's security group admits it on the engine port, and its execution role may read exactly that secret.",
    ),
  queues: z.record(z.string(), queueUseSchema).optional().describe('Queues (keys of `queues`) this service uses, e.g. `{ "reservation-events": "send" }`.'),
  topics: z.record(z.string(), topicUseSchema).optional().describe('Topics (keys of `topics`) this service publishes to, e.g. `{ reservations: "publish" }`.'),
  spotAbove: z
    .number()
    .int()
    .min(0)
    .max(5000)
    .optional()
    .describe(
      "Run the first `spotAbove` tasks on Fargate and every task above them on Fargate Spot (up to 70 % cheaper, interruptible), e.g. `2` with autoscaling 1–10: two on-demand tasks, up to eight on Spot. `0` runs every task on Spot. Fargate only. Default: the cluster's strategy.",
    ),
  worker: workerSchema
    .optional()
    .describe(
      "Makes the service a queue worker: no load balancer (no `routes`), consumes one queue, scales on its backlog (`autoscaling.backlog`), optionally on Fargate Spot.",
    ),
  schedule: scheduleSchema
    .optional()
    .describe(
      "Makes the service a scheduled job: no ECS service, its task runs on an EventBridge schedule through a Step Functions state machine (retries, timeout); failed and timed-out runs alarm.",
    ),
  permissions: z
    .array(
      strict({
        actions: z
          .array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, { error: 'expected an IAM action such as "s3:GetObject"' }))
          .min(1)
          .describe("IAM actions."),
        resources: z.array(z.string().min(1)).min(1).describe('Resource ARNs, e.g. `"arn:aws:s3:::my-bucket/*"`.'),
      }),
    )
    .optional()
    .describe("IAM statements granted to the task role (what the application itself may do)."),
  logRetention: retentionDays
    .optional()
    .describe(
      "How long container logs are kept: a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90 … 3653 days). Default: 7 days in `dev`, 14 in `staging`, 30 in `prod`.",
    ),
  logKmsKey: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/, {
      error: 'expected a KMS key ARN such as "arn:aws:kms:us-east-1:123456789012:key/…"',
    })
    .optional()
    .describe(
      "KMS key that encrypts the container log group; its key policy must let `logs.<region>.amazonaws.com` use it. Default: the environment's logs key when `kms.logs` is on (default in `prod`), else CloudWatch Logs' own encryption.",
    ),
  firelens: firelensSchema
    .optional()
    .describe(
      "Send the logs of the service's containers (and its sidecars') through a FireLens log router — an `aws-for-fluent-bit` container berth adds as `log_router` — to the destination `options` name, instead of CloudWatch Logs. The router's own logs stay in the service's log group.",
    ),
  alarms: serviceAlarmsSchema
    .optional()
    .describe(
      "CloudWatch alarms on this service, sent to the environment's alarm topic (alarm and OK). Presets by name, e.g. `{ cpu: 85, http5xx: true }`, plus `custom` alarms.",
    ),
  execCommand: z.boolean().optional().describe("Enable ECS Exec (`aws ecs execute-command`) into running tasks. Default `false`."),
  repository: z
    .union([
      z.literal(false),
      strict({
        keep: z.number().int().min(1).max(10000).optional().describe("Tagged images to keep. Default 10."),
        tagPrefixes: z.array(z.string().min(1)).optional().describe("Count only images whose tag starts with one of these. Default: every tagged image."),
        expireUntagged: days(1, 36500).optional().describe('Delete untagged images after this long. Default `"7 days"`.'),
        mutable: z
          .boolean()
          .optional()
          .describe("Allow tags to be overwritten. Default `false` in a `prod` tier (berth pushes and deploys git-sha tags, which never move), else `true`."),
        scanOnPush: z.boolean().optional().describe("Scan images for vulnerabilities on push. Default `true`."),
      }),
    ])
    .optional()
    .describe("The service's ECR repository and its lifecycle rules; `false` when `image` points elsewhere."),
  build: strict({
    context: z
      .string()
      .min(1)
      .optional()
      .describe('Build context, relative to the config file, e.g. `"services/api"`. Default: `local.cwd` when given, else the config\'s folder.'),
    dockerfile: z.string().min(1).optional().describe('Dockerfile, relative to the context. Default `"Dockerfile"`.'),
  })
    .optional()
    .describe(
      "How `berth build` and the generated pipelines build the service's image (`docker buildx`, for the platform of `architecture`). Ignored when `image` points elsewhere and there is no repository.",
    ),
  volumes: volumesSchema.optional(),
  ephemeralStorage: ephemeralStorageSchema.optional(),
  sidecars: sidecarsSchema.optional(),
  routeTo: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Sidecar that receives the load balancers' traffic on its `port` instead of the service's container, e.g. `\"nginx\"` in front of the app (which it reaches on `localhost`). Rolling deployments only. Default: the service's own container.",
    ),
  dependsOn: containerDependsOnSchema
    .optional()
    .describe(
      'Sidecars the service\'s container waits for, with the condition, e.g. `{ envoy: "HEALTHY" }` (`"START"`, `"HEALTHY"`, `"COMPLETE"` or `"SUCCESS"`). Default: it starts with them.',
    ),
  local: strict({
    command: z.string().min(1).describe('Command that starts the service locally, e.g. `"npm start"`.'),
    cwd: z.string().optional().describe("Working directory, relative to the config file."),
    replicas: z.number().int().min(1).max(16).optional().describe("Local processes to run. Default 1."),
  })
    .optional()
    .describe("How `berth dev` runs the service on this machine."),
});
export type ServiceInput = z.infer<typeof serviceSchema>;
