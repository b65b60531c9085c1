/**
 * The optional bastion (`network.bastion`): an EC2 instance reached only through SSM Session Manager — no
 * SSH port, no key pair, no public IP — in the first private subnet, with IMDSv2 required, an encrypted
 * root volume, an instance role with AmazonSSMManagedInstanceCore only, and a security group that the
 * databases' groups admit on their ports (its only egress: HTTPS to SSM, and those ports). It runs the
 * latest Amazon Linux 2023 (from AWS's public SSM parameter) at creation. It lives in the data stack,
 * beside the databases it reaches, and only in the primary region. `berth db connect` forwards through
 * it when it exists. It needs SSM's endpoints in a VPC without NAT: with `endpoints: "auto"` berth adds
 * `ssm`, `ssmmessages` and `ec2messages`; an explicit list must name them.
 */
import type { NetworkInput } from "../config/schema/network.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { awsName, LIMITS } from "./names.js";
import type { Database, Routing } from "./types.js";

export interface Bastion {
  readonly instanceType: string;
  readonly architecture: "arm64" | "x86_64";
  /** AWS's public parameter naming the latest Amazon Linux 2023 AMI for the architecture. */
  readonly amiParameter: string;
  /** Name tag of the instance. */
  readonly name: string;
  readonly roleName: string;
  readonly instanceProfileName: string;
  readonly securityGroupName: string;
  /** The databases it reaches: key and port. */
  readonly databases: readonly { readonly key: string; readonly port: number }[];
}

/** The interface endpoints an SSM-managed instance needs without a route out. */
export const SSM_ENDPOINTS = ["ec2messages", "ssm", "ssmmessages"] as const;

/** Graviton instance types (`t4g.nano`, `m7g.large`, `c7gn.xlarge`…) run arm64. */
const ARM = /^[a-z]+\d+g[a-z]*\./;

export function resolveBastion(
  input: NetworkInput["bastion"],
  ctx: { prefix: string; nat: Routing; endpoints: NetworkInput["endpoints"]; databases: readonly Database[]; at: ConfigPath; issues: Issues },
): Bastion | null {
  if (input === undefined || input === false) return null;
  const instanceType = (typeof input === "object" ? input.instanceType : undefined) ?? "t4g.nano";
  if (ctx.databases.length === 0) {
    ctx.issues.add([...ctx.at, "bastion"], "reaches the databases, and this environment has none", "remove network.bastion, or add a database");
  }
  if (ctx.nat === "none" && Array.isArray(ctx.endpoints)) {
    const missing = SSM_ENDPOINTS.filter((e) => !(ctx.endpoints as string[]).includes(e));
    if (missing.length > 0)
      ctx.issues.add(
        [...ctx.at, "endpoints"],
        `lacks ${missing.join(", ")}: without NAT the bastion reaches Session Manager only through them`,
        `add ${missing.map((m) => JSON.stringify(m)).join(", ")}, or use endpoints: "auto"`,
      );
  } else if (ctx.nat === "none" && ctx.endpoints === "none") {
    ctx.issues.add(
      [...ctx.at, "endpoints"],
      'is "none" with nat "none": the bastion could not reach Session Manager',
      `use endpoints: "auto" (berth adds ${SSM_ENDPOINTS.join(", ")}), or a NAT gateway`,
    );
  }
  const architecture = ARM.test(instanceType) ? "arm64" : "x86_64";
  return {
    instanceType,
    architecture,
    amiParameter: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${architecture}`,
    name: `${ctx.prefix}-bastion`,
    roleName: awsName([ctx.prefix, "bastion"], LIMITS.iamRole),
    instanceProfileName: awsName([ctx.prefix, "bastion"], LIMITS.iamRole),
    securityGroupName: awsName([ctx.prefix, "bastion"], LIMITS.securityGroup),
    databases: ctx.databases.map((d) => ({ key: d.key, port: d.port })),
  };
}
