/**
 * The `cost` and `checks` sections: the usage assumptions behind `berth cost` (every one stated in its
 * output), and the findings of `berth check` the team has accepted, each with its reason.
 */
import { z } from "zod";
import { strict } from "./strict.js";
import { storage } from "./units.js";

const gb = z.union([z.literal("0 GB"), storage], { error: 'expected a size in GB such as "20 GB"' });

export const costSchema = strict({
  hoursPerMonth: z.number().positive().max(744).optional().describe("Hours in a month for hourly prices. Default `730` (AWS's own convention)."),
  services: z
    .record(
      z.string(),
      strict({
        tasks: z
          .number()
          .nonnegative()
          .optional()
          .describe(
            "Average running tasks (may be fractional, e.g. `3.5` for a service that scales between 3 and 10). Default: the desired count, held inside the ranges of its scheduled scaling (`autoscaling.schedules`) over four reference weeks.",
          ),
      }),
    )
    .optional()
    .describe("Per service, by name: how many tasks run on average."),
  instances: z
    .number()
    .nonnegative()
    .optional()
    .describe("Average running EC2 container instances (EC2 capacity). Default: the Auto Scaling group's desired count."),
  loadBalancerLcus: z
    .number()
    .nonnegative()
    .optional()
    .describe("Average Load Balancer Capacity Units each load balancer uses (1 LCU ≈ 25 new connections/s, 1 GB/hour processed). Default `1`."),
  internetTraffic: gb.optional().describe('Data sent from the environment to the internet each month (responses of the load balancers). Default `"100 GB"`.'),
  privateTraffic: gb
    .optional()
    .describe(
      'Data private subnets send each month to AWS services and the internet (image pulls, logs, API calls): through NAT gateways, or through interface endpoints without NAT. Default `"50 GB"`.',
    ),
  logs: gb
    .optional()
    .describe(
      'CloudWatch Logs ingested each month per service (container logs and Container Insights), per Lambda function and per HTTP API access log. Stored volume follows from the retention: ingested × retention days ÷ 30. Default `"5 GB"`.',
    ),
  flowLogs: gb.optional().describe('VPC flow logs ingested each month, when flow logs are on. Default `"10 GB"`.'),
  accessLogs: gb.optional().describe('ALB access logs stored in S3 per load balancer, when access logs are on. Default `"10 GB"`.'),
  images: gb.optional().describe('Image data stored in each ECR repository. Default `"2 GB"`.'),
  efs: gb
    .optional()
    .describe('Data stored in each EFS file system berth creates (`services.<name>.volumes` with `efs`), in the Standard class. Default `"10 GB"`.'),
  databases: z
    .record(
      z.string(),
      strict({
        storage: gb.optional().describe('Aurora storage used (Aurora bills what it stores, not an allocation). Default `"20 GB"`.'),
        ioRequests: z.number().nonnegative().optional().describe("Aurora I/O requests per month, in millions (Aurora Standard bills them). Default `10`."),
        replicatedWrites: z
          .number()
          .nonnegative()
          .optional()
          .describe("Write I/Os per month an Aurora global database replicates to each secondary region, in millions. Default `5`."),
        replicatedBackup: gb
          .optional()
          .describe("Backup storage an RDS instance's replicated backups (`backup.replicateTo`) keep in the other region. Default: its allocated storage."),
        backup: gb
          .optional()
          .describe(
            'Backup storage kept beyond the free share (AWS includes backups up to the database\'s own storage size). Default `"0 GB"`: daily snapshots of a database that changes little stay within the free share.',
          ),
      }),
    )
    .optional()
    .describe("Per database, by name: storage and I/O assumptions."),
  functions: z
    .record(
      z.string(),
      strict({
        invocations: z.number().nonnegative().optional().describe("Invocations per month, in millions. Default `1`."),
        duration: z.number().positive().optional().describe("Average billed duration of one invocation, in milliseconds. Default `100`."),
      }),
    )
    .optional()
    .describe("Per Lambda function, by key: invocations and duration (Lambda's free tier is not assumed)."),
  httpApis: z
    .record(z.string(), strict({ requests: z.number().nonnegative().optional().describe("Requests per month, in millions. Default `1`.") }))
    .optional()
    .describe("Per HTTP API, by key: requests."),
  queues: z
    .record(
      z.string(),
      strict({
        messages: z
          .number()
          .nonnegative()
          .optional()
          .describe("Messages per month, in millions; each costs three SQS requests (send, receive, delete). Default `1`."),
      }),
    )
    .optional()
    .describe("Per SQS queue, by key: messages."),
  topics: z
    .record(z.string(), strict({ publishes: z.number().nonnegative().optional().describe("Publishes per month, in millions. Default `1`.") }))
    .optional()
    .describe("Per SNS topic, by key: publishes (deliveries to SQS queues are free)."),
  jobs: z
    .record(z.string(), strict({ minutes: z.number().positive().optional().describe("Average minutes one run's task runs. Default `5`.") }))
    .optional()
    .describe("Per scheduled job, by service name: how long a run takes (the runs a month follow from its schedule)."),
  wafRequests: z.number().nonnegative().optional().describe("Requests per month each WAF web ACL inspects, in millions. Default `1`."),
  dnsQueries: z.number().nonnegative().optional().describe("Route 53 queries per month, in millions, per hosted zone. Default `1`."),
  cloudfront: strict({
    traffic: gb.optional().describe('Data CloudFront serves to viewers each month. Default `"100 GB"`.'),
    requests: z.number().nonnegative().optional().describe("HTTPS requests per month, in millions. Default `1`."),
  })
    .optional()
    .describe("Per CloudFront distribution (a load balancer's or a static site's): traffic and requests."),
  siteStorage: gb.optional().describe('S3 storage of each static site, the versions kept for 30 days included. Default `"1 GB"`.'),
  apiRequests: z
    .number()
    .nonnegative()
    .optional()
    .describe("Secrets Manager and KMS API requests per month, in ten-thousands (a task reads its secrets at start). Default `1`."),
  prices: z
    .record(z.string().regex(/^[a-z0-9.:-]+$/), z.number().nonnegative())
    .optional()
    .describe(
      'Unit prices in USD replacing the shipped ones, by price key as `berth cost` prints it (e.g. `{ "ec2:m7g.large": 0.0816, "nat:hour": 0.045 }`); also the way to price an instance class berth ships no price for.',
    ),
});
export type CostInput = z.infer<typeof costSchema>;

export const suppressionSchema = strict({
  rule: z
    .string()
    .regex(/^BERTH\d{3}$/, { error: 'expected a rule id such as "BERTH012"' })
    .describe("The rule id, as `berth check` prints it."),
  resource: z.string().optional().describe('Only findings on this resource (e.g. `"service api"`, `"database main"`). Default: every finding of the rule.'),
  reason: z.string().min(10, { error: "say why the finding is accepted (at least 10 characters)" }).describe("Why the finding is accepted. Required."),
});

export const checksSchema = strict({
  suppress: z
    .array(suppressionSchema)
    .optional()
    .describe('Findings of `berth check` the team accepts, each with a reason: `[{ rule: "BERTH031", reason: "one task is enough for this internal tool" }]`.'),
});
export type ChecksInput = z.infer<typeof checksSchema>;
