/** The `compute` section: the ECS cluster's capacity — Fargate, Fargate Spot, or EC2 instances. */
import { z } from "zod";
import { strict } from "./strict.js";
import { gigabytes } from "./units.js";

const share = (what: string) =>
  strict({
    base: z.number().int().min(0).max(100000).optional().describe(`Tasks always placed on ${what} before weights apply. Default 0.`),
    weight: z.number().int().min(0).max(1000).optional().describe(`Relative share of tasks on ${what} beyond the base. Default 1.`),
  });

export const computeSchema = strict({
  fargate: share("Fargate").optional().describe("Run tasks on Fargate. The default capacity when neither `ec2` nor `fargateSpot` is given."),
  fargateSpot: share("Fargate Spot")
    .optional()
    .describe("Run (a share of) tasks on Fargate Spot, up to 70 % cheaper and interruptible. Combine with `fargate` for a base/weight strategy."),
  ec2: strict({
    instanceType: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'expected an EC2 instance type such as "t4g.small"' })
      .describe('EC2 instance type, e.g. `"t4g.small"`.'),
    architecture: z
      .enum(["x86_64", "arm64"])
      .optional()
      .describe("CPU architecture. Default: derived from the instance family (`arm64` for Graviton types such as `t4g`, `m7g`)."),
    min: z.number().int().min(0).max(1000).optional().describe("Minimum instances in the Auto Scaling group. Default 1."),
    max: z.number().int().min(1).max(1000).optional().describe("Maximum instances. Default: `min` + 1."),
    desired: z.number().int().min(0).max(1000).optional().describe("Instances at creation; managed scaling adjusts it afterwards. Default `min`."),
    subnets: z
      .array(z.enum(["public", "private"]))
      .min(1)
      .optional()
      .describe(
        'Subnet tiers the Auto Scaling group spans, e.g. `["public", "private"]`; each service is placed on instances of its own tier. Default: the tiers the services use.',
      ),
    rootVolume: gigabytes(30, 16384).optional().describe('Encrypted gp3 root volume size, 30–16384 GB (the ECS-optimized AMI needs 30). Default `"30 GB"`.'),
    targetCapacity: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe("Managed scaling target utilisation of the capacity provider, in percent. Default 100."),
  })
    .optional()
    .describe(
      "Run tasks on EC2 instances: launch template with the ECS-optimized AMI, IMDSv2, Auto Scaling group and a capacity provider with managed scaling.",
    ),
  containerInsights: z.boolean().optional().describe("CloudWatch Container Insights on the cluster. Default `true`."),
});
export type ComputeInput = z.infer<typeof computeSchema>;
