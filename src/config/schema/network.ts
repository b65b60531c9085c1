/** The `network` section: VPC CIDR, availability zones, subnet tiers, NAT, endpoints and flow logs. */
import { z } from "zod";
import { strict } from "./strict.js";
import { retentionDays } from "./units.js";

const cidr = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, { error: 'expected an IPv4 CIDR such as "10.0.0.0/16"' });

const subnetIds = z
  .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, { error: 'expected a subnet id such as "subnet-0a1b2c3d4e5f67890"' }))
  .min(1)
  .max(6);

/** An existing VPC: berth creates nothing of it and places everything in the given subnets. */
const existingVpcSchema = strict({
  id: z
    .string()
    .regex(/^vpc-[0-9a-f]{8,17}$/, { error: 'expected a VPC id such as "vpc-0a1b2c3d4e5f67890"' })
    .describe("The VPC's id."),
  cidr: cidr.describe("The VPC's (primary) CIDR block: VPC-only egress rules admit it, and recovery regions must not overlap it."),
  subnets: strict({
    public: subnetIds.describe("Public subnet ids (routed to an internet gateway), one per AZ, in AZ order: load balancers and public services."),
    private: subnetIds.describe("Private subnet ids, one per AZ, in the same AZ order: services, functions, the bastion."),
    database: subnetIds.optional().describe("Database subnet ids, one per AZ. Default: the databases use the private subnets."),
  }).describe("The subnets berth uses, by tier. Every tier lists one subnet per AZ, so all tiers have the same length."),
  s3PrefixList: z
    .string()
    .regex(/^pl-[0-9a-f]{8,17}$/, { error: 'expected a prefix list id such as "pl-63a5400a"' })
    .optional()
    .describe("Prefix list id of the VPC's S3 gateway endpoint: needed only by services whose egress is VPC-only (their image layers come from S3)."),
});

export const networkSchema = strict({
  vpc: existingVpcSchema
    .optional()
    .describe(
      "An existing VPC to use instead of creating one: `{ id, cidr, subnets: { public, private, database? } }`. berth creates no VPC, subnet, route table, NAT gateway or internet gateway (the VPC's own routing stays), and no VPC endpoints unless `endpoints` lists them; flow logs may still be turned on. `cidr`, `azs`, `subnets` and `nat` cannot be set beside it. Default: berth creates the VPC.",
    ),
  cidr: cidr.optional().describe('VPC CIDR block. Default `"10.0.0.0/16"`.'),
  azs: z
    .union(
      [
        z.number().int().min(1).max(6),
        z
          .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/))
          .min(1)
          .max(6),
      ],
      {
        error: 'expected a number of availability zones (1–6) or their names such as ["us-east-1a", "us-east-1b"]',
      },
    )
    .optional()
    .describe(
      "Availability zones: a count (berth takes the region's first zones that every AWS account gets, e.g. `us-west-1b`, `us-west-1c` in us-west-1, `ap-northeast-1a`, `1c`, `1d` in Tokyo) or explicit names among those zones. Default: 2 in `dev`/`staging` tiers, 3 in `prod`, at most what the region has.",
    ),
  subnets: strict({
    public: z.array(cidr).optional().describe("Public subnet CIDRs, one per AZ."),
    private: z.array(cidr).optional().describe("Private subnet CIDRs, one per AZ."),
    database: z.array(cidr).optional().describe("Database subnet CIDRs, one per AZ. Setting this creates the database tier."),
  })
    .optional()
    .describe(
      "Explicit subnet CIDRs per tier. Default: allocated from the VPC CIDR — the VPC is split in four equal ranges (public, private, database, spare) and each AZ gets a subnet 8 bits longer than the VPC prefix in its tier's range.",
    ),
  nat: z
    .enum(["none", "single", "perAz"])
    .optional()
    .describe(
      'NAT gateways for private subnets: `"none"`, `"single"` (one, cheaper) or `"perAz"` (one per AZ, highly available). Default: `"single"` in `dev`/`staging`, `"perAz"` in `prod`. With `"none"`, berth adds the VPC endpoints private tasks need to pull images and ship logs.',
    ),
  endpoints: z
    .union([z.literal("auto"), z.literal("none"), z.array(z.string().regex(/^[a-z0-9.-]+$/))])
    .optional()
    .describe(
      'VPC endpoints. `"auto"` (default) adds the S3 gateway endpoint and the ECR, CloudWatch Logs, ECS and Secrets Manager/SSM interface endpoints whenever tasks or instances sit in private subnets without NAT (or a service is VPC-only). A list names interface endpoints explicitly (e.g. `["ecr.api", "ecr.dkr", "logs"]`); `"none"` adds none.',
    ),
  bastion: z
    .union([
      z.boolean(),
      strict({
        instanceType: z
          .string()
          .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { error: 'expected an EC2 instance type such as "t4g.nano"' })
          .optional()
          .describe('EC2 instance type. Default `"t4g.nano"` (Graviton: arm64).'),
      }),
    ])
    .optional()
    .describe(
      "A bastion for maintenance access to the databases: an EC2 instance reached only through SSM Session Manager (no SSH port, no key pair, no public IP) in a private subnet, IMDSv2 only, encrypted root volume, an instance role with `AmazonSSMManagedInstanceCore` only; the databases admit it on their ports, and `berth db connect` forwards through it. Latest Amazon Linux 2023 at creation. Default `false` (db connect goes through a task with ECS Exec).",
    ),
  flowLogs: z
    .union([
      z.boolean(),
      strict({
        retention: retentionDays
          .optional()
          .describe('How long flow logs are kept: a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90 … 3653 days). Default `"30 days"`.'),
      }),
    ])
    .optional()
    .describe("VPC flow logs to CloudWatch Logs (all traffic). Default: `true` in `prod`, else `false`."),
});
export type NetworkInput = z.infer<typeof networkSchema>;
