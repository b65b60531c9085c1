/**
 * `environments.<env>.existing`: the AWS names of resources that already run (a Copilot application, a
 * platform built by hand), so berth's stacks keep them and `berth adopt` imports them instead of replacing.
 */
import { z } from "zod";
import { strict } from "./strict.js";

const letters = (what: string, max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, { error: `${what} must be letters, digits, hyphens and underscores` })
    .max(max, { error: `${what} must be at most ${max} characters` });

/** ELB names (load balancers and target groups): AWS allows 32 characters, alphanumerics and hyphens, no hyphen at either end. */
const elbName = (what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, { error: `${what} must be letters, digits and hyphens, not starting or ending with a hyphen` })
    .max(32, { error: `${what} must be at most 32 characters` })
    .refine((s) => !s.startsWith("internal-"), { error: `${what} may not start with "internal-"` });

const logGroup = z
  .string()
  .regex(/^[A-Za-z0-9._/#-]+$/, { error: "a log group name must be letters, digits and . _ - / #" })
  .max(512, { error: "a log group name must be at most 512 characters" });

const repository = z
  .string()
  .regex(/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/, {
    error: 'an ECR repository name must be lowercase letters, digits, and . _ - separated by "/", e.g. "shop/api"',
  })
  .min(2, { error: "an ECR repository name must be at least 2 characters" })
  .max(256, { error: "an ECR repository name must be at most 256 characters" });

const dbIdentifier = z
  .string()
  .regex(/^[a-z](?:-?[a-z0-9])*$/, {
    error: "a database identifier must be lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen",
  })
  .max(63, { error: "a database identifier must be at most 63 characters" });

const existingService = strict({
  service: letters("an ECS service name", 255)
    .optional()
    .describe("Name of the running ECS service (a change of name replaces the service). Default: `<project>-<env>-<service>`."),
  taskFamily: letters("a task definition family", 255)
    .optional()
    .describe("Task definition family the new revisions join. Default: `<project>-<env>-<service>`."),
  logGroup: logGroup.optional().describe("CloudWatch log group of the containers. Default: `/ecs/<project>-<env>/<service>`."),
  repository: repository.optional().describe('ECR repository of the service\'s image, e.g. `"shop/api"`. Default: `<project>-<env>-<service>`.'),
  targetGroups: z
    .record(z.string(), elbName("a target group name"))
    .optional()
    .describe(
      'Target group names by load balancer key, e.g. `{ public: "shop-Targe-1A2B3C4D5E6F" }`. Default: `<project>-<env>-<service>` (within 32 characters).',
    ),
});

export const existingSchema = strict({
  cluster: letters("an ECS cluster name", 255).optional().describe("Name of the running ECS cluster. Default: `<project>-<env>-cluster`."),
  loadBalancers: z
    .record(z.string(), elbName("a load balancer name"))
    .optional()
    .describe('Application load balancer names by key, e.g. `{ public: "shop-p-Publi-1X2Y3Z4W5V6U" }`. Default: `<project>-<env>-<key>`.'),
  services: z.record(z.string(), existingService).optional().describe("Names of a service's running resources, by service."),
  databases: z
    .record(
      z.string(),
      strict({
        identifier: dbIdentifier.describe("RDS instance or Aurora cluster identifier."),
        instances: z
          .array(dbIdentifier)
          .optional()
          .describe(
            "Aurora only: identifiers of the cluster's running instances, writer first; they take the place of berth's `<identifier>-<n>` instances in order. Default: berth's names.",
          ),
      }),
    )
    .optional()
    .describe("Identifiers of running databases, by database key. Default: `<project>-<env>-<database>`."),
});

export type ExistingInput = z.infer<typeof existingSchema>;
