/**
 * The `network` stack: VPC, subnet tiers over the AZs, internet gateway, NAT, route tables, VPC endpoints,
 * flow logs, and the environment's logs KMS key when it has one (every stack with a log group can read
 * it from here). Everything downstream reads its ids from this stack's outputs.
 */
import { attr, attrs, block, type BodyItem, call, comment, type Expr, type HclFile, list, obj, raw, resource, str, tpl } from "../hcl/index.js";
import { stackPlan } from "../model/stacks.js";
import { STACK } from "../model/stack-ids.js";
import * as wires from "../model/wires.js";
import { partitionOf } from "../model/regions.js";
import type { Environment, SubnetTier } from "../model/types.js";
import { policyDocument } from "./common/iam.js";
import { logsKmsKeyResources } from "./common/kms.js";
import { banner } from "./common/files.js";
import { StackInputs } from "./common/inputs.js";
import { databaseAclFile } from "./network/database-acl.js";
import { existingVpcFile } from "./network/existing-vpc.js";
import { assembleStack, type Stack } from "./stack.js";

export function renderNetworkStack(env: Environment): Stack {
  const existing = env.network.existing;
  const files: HclFile[] = [
    ...(existing
      ? [
          { name: "vpc.tf", body: existingVpcFile(env, existing) },
          ...(env.network.endpoints.interface.length > 0 ? [{ name: "endpoints.tf", body: interfaceEndpoints(env) }] : []),
        ]
      : [
          { name: "vpc.tf", body: vpcFile(env) },
          { name: "routing.tf", body: routingFile(env) },
          { name: "endpoints.tf", body: endpointsFile(env) },
        ]),
    ...(env.kms.logs ? [{ name: "kms.tf", body: logsKeyFile(env) }] : []),
    ...(env.network.flowLogs ? [{ name: "flow-logs.tf", body: flowLogsFile(env) }] : []),
    ...(env.network.databaseAcl ? [{ name: "acl.tf", body: databaseAclFile(env) }] : []),
  ];
  return assembleStack(stackPlan(env, STACK.network), { files, inputs: new StackInputs(STACK.network), outputs: networkOutputs(env) });
}

/** The VPC's id: berth's VPC, or the existing one's (a local of `vpc.tf`). */
const vpcId = (env: Environment): Expr => raw(env.network.existing ? "local.vpc_id" : "aws_vpc.this.id");
/** The VPC's owner, for policies that name the account: the config's account (required with an existing VPC), or berth's VPC's owner. */
const accountOf = (env: Environment): string => env.account ?? "${aws_vpc.this.owner_id}";

const subnetsOf = (env: Environment, tier: SubnetTier) => env.network.subnets.filter((s) => s.tier === tier);
const publicInstances = (env: Environment): boolean => env.cluster.capacity.kind === "ec2" && env.cluster.capacity.subnetTiers.includes("public");

function vpcFile(env: Environment): BodyItem[] {
  const { network } = env;
  return [
    banner("VPC", "https://docs.aws.amazon.com/vpc/latest/userguide/configure-your-vpc.html"),
    resource("aws_vpc", "this", [
      attrs({ cidr_block: network.cidr, enable_dns_support: true, enable_dns_hostnames: true }),
      attr("tags", obj({ Name: network.name })),
    ]),
    comment("No rules: nothing may use the VPC's default security group."),
    resource("aws_default_security_group", "this", [attr("vpc_id", raw("aws_vpc.this.id")), attr("tags", obj({ Name: network.names.defaultSecurityGroup }))]),
    block(
      "locals",
      [],
      network.tiers.map((tier) =>
        attr(`${tier}_subnets`, obj(Object.fromEntries(subnetsOf(env, tier).map((s) => [s.az, { cidr_block: s.cidr, name: s.name }])))),
      ),
    ),
    banner("Subnets"),
    ...network.tiers.map((tier) =>
      resource("aws_subnet", tier, [
        attr("for_each", raw(`local.${tier}_subnets`)),
        attrs({
          vpc_id: raw("aws_vpc.this.id"),
          availability_zone: raw("each.key"),
          cidr_block: raw("each.value.cidr_block"),
          // Instances in public subnets need an address of their own to reach the internet without NAT.
          map_public_ip_on_launch: tier === "public" && publicInstances(env) ? true : undefined,
        }),
        attr("tags", obj({ Name: raw("each.value.name"), Tier: tier })),
      ]),
    ),
  ];
}

function routingFile(env: Environment): BodyItem[] {
  const { network } = env;
  const natAzs = network.nat === "none" ? [] : network.nat === "single" ? [network.azs[0] as string] : [...network.azs];
  const items: BodyItem[] = [
    banner("Internet gateway and public routes"),
    resource("aws_internet_gateway", "this", [attr("vpc_id", raw("aws_vpc.this.id")), attr("tags", obj({ Name: network.names.internetGateway }))]),
    resource("aws_route_table", "public", [attr("vpc_id", raw("aws_vpc.this.id")), attr("tags", obj({ Name: network.names.publicRouteTable }))]),
    resource("aws_route", "public_internet", [
      attrs({ route_table_id: raw("aws_route_table.public.id"), destination_cidr_block: "0.0.0.0/0", gateway_id: raw("aws_internet_gateway.this.id") }),
    ]),
    resource("aws_route_table_association", "public", [
      attr("for_each", raw("aws_subnet.public")),
      attrs({ subnet_id: raw("each.value.id"), route_table_id: raw("aws_route_table.public.id") }),
    ]),
  ];
  if (natAzs.length > 0) {
    items.push(
      banner(network.nat === "single" ? "NAT gateway (one, shared by every AZ)" : "NAT gateways (one per AZ)"),
      block("locals", [], [attr("nat_azs", natAzs)]),
      resource("aws_eip", "nat", [
        attr("for_each", raw("toset(local.nat_azs)")),
        attr("domain", "vpc"),
        attr("tags", obj({ Name: tpl(`${env.prefix}-nat-\${each.key}`) })),
      ]),
      resource("aws_nat_gateway", "this", [
        attr("for_each", raw("toset(local.nat_azs)")),
        attrs({ allocation_id: raw("aws_eip.nat[each.key].id"), subnet_id: raw("aws_subnet.public[each.key].id") }),
        attr("tags", obj({ Name: tpl(`${env.prefix}-nat-\${each.key}`) })),
        attr("depends_on", raw("[aws_internet_gateway.this]")),
      ]),
    );
  }
  items.push(
    banner("Private routes", network.nat === "none" ? "No NAT: private subnets reach AWS services only through VPC endpoints." : undefined),
    resource("aws_route_table", "private", [
      attr("for_each", raw("local.private_subnets")),
      attr("vpc_id", raw("aws_vpc.this.id")),
      attr("tags", obj({ Name: tpl(`${env.prefix}-private-\${each.key}`) })),
    ]),
  );
  if (natAzs.length > 0) {
    const nat = network.nat === "single" ? `aws_nat_gateway.this["${natAzs[0]}"].id` : "aws_nat_gateway.this[each.key].id";
    items.push(
      resource("aws_route", "private_nat", [
        attr("for_each", raw("aws_route_table.private")),
        attrs({ route_table_id: raw("each.value.id"), destination_cidr_block: "0.0.0.0/0", nat_gateway_id: raw(nat) }),
      ]),
    );
  }
  items.push(
    resource("aws_route_table_association", "private", [
      attr("for_each", raw("aws_subnet.private")),
      attrs({ subnet_id: raw("each.value.id"), route_table_id: raw("aws_route_table.private[each.key].id") }),
    ]),
  );
  if (network.tiers.includes("database")) {
    items.push(
      banner("Database routes", "Database subnets have no route out of the VPC."),
      resource("aws_route_table", "database", [attr("vpc_id", raw("aws_vpc.this.id")), attr("tags", obj({ Name: network.names.databaseRouteTable }))]),
      resource("aws_route_table_association", "database", [
        attr("for_each", raw("aws_subnet.database")),
        attrs({ subnet_id: raw("each.value.id"), route_table_id: raw("aws_route_table.database.id") }),
      ]),
    );
  }
  return items;
}

function endpointsFile(env: Environment): BodyItem[] {
  const { endpoints } = env.network;
  const routeTables = ["values(aws_route_table.private)[*].id", ...(env.network.tiers.includes("database") ? ["[aws_route_table.database.id]"] : [])];
  const items: BodyItem[] = [
    banner("VPC endpoints", "https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html"),
    comment("S3 gateway endpoint: free, and the path ECR image layers take from private subnets."),
    resource("aws_vpc_endpoint", "s3", [
      attrs({
        vpc_id: raw("aws_vpc.this.id"),
        service_name: `com.amazonaws.${env.region}.s3`,
        vpc_endpoint_type: "Gateway",
        route_table_ids: raw(routeTables.length > 1 ? `concat(${routeTables.join(", ")})` : (routeTables[0] as string)),
      }),
      attr("tags", obj({ Name: env.network.names.s3Endpoint })),
    ]),
  ];
  if (endpoints.interface.length === 0) return items;
  return [...items, ...interfaceEndpoints(env)];
}

function interfaceEndpoints(env: Environment): BodyItem[] {
  const { endpoints, existing } = env.network;
  return [
    ...(existing ? [banner("VPC endpoints", "https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html")] : []),
    comment(wrap(endpoints.reason)),
    resource("aws_security_group", "endpoints", [
      attrs({
        name: env.network.names.endpointsSecurityGroup,
        description: "HTTPS from inside the VPC to the interface endpoints",
        vpc_id: vpcId(env),
      }),
      attr("tags", obj({ Name: env.network.names.endpointsSecurityGroup })),
    ]),
    resource("aws_vpc_security_group_ingress_rule", "endpoints_https", [
      attrs({
        security_group_id: raw("aws_security_group.endpoints.id"),
        description: "HTTPS from the VPC",
        cidr_ipv4: existing ? raw("local.vpc_cidr_block") : raw("aws_vpc.this.cidr_block"),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
      }),
    ]),
    resource("aws_vpc_endpoint", "interface", [
      attr("for_each", call("toset", list(endpoints.interface))),
      attrs({
        vpc_id: vpcId(env),
        service_name: tpl(`com.amazonaws.${env.region}.\${each.key}`),
        vpc_endpoint_type: "Interface",
        private_dns_enabled: true,
        subnet_ids: raw(existing ? "local.private_subnet_ids" : "values(aws_subnet.private)[*].id"),
        security_group_ids: raw("[aws_security_group.endpoints.id]"),
      }),
      attr("tags", obj({ Name: tpl(`${env.prefix}-\${each.key}`) })),
    ]),
  ];
}

function logsKeyFile(env: Environment): BodyItem[] {
  if (!env.kms.logs) return [];
  return [
    banner("KMS key for CloudWatch log groups (rotated yearly)", "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"),
    // The VPC's owner is the account: no API call, so offline plans work too.
    ...logsKmsKeyResources(env.kms.logs, { region: env.region, account: accountOf(env) }),
  ];
}

function flowLogsFile(env: Environment): BodyItem[] {
  const days = env.network.flowLogs?.retentionDays ?? 30;
  return [
    banner("VPC flow logs", "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html"),
    resource("aws_cloudwatch_log_group", "flow_logs", [
      attrs({ name: env.network.names.flowLogGroup, retention_in_days: days, kms_key_id: env.kms.logs ? raw("aws_kms_key.logs.arn") : undefined }),
    ]),
    resource("aws_iam_role", "flow_logs", [
      attr("name", env.network.names.flowLogRole),
      comment("Only flow logs of this account and region may assume it (confused-deputy guard)."),
      attr("assume_role_policy", flowLogsTrustPolicy(env)),
    ]),
    resource("aws_iam_role_policy", "flow_logs", [
      attrs({ name: "write-flow-logs", role: raw("aws_iam_role.flow_logs.id") }),
      attr(
        "policy",
        policyDocument([
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
            Resource: tpl("${aws_cloudwatch_log_group.flow_logs.arn}:*"),
          },
        ]),
      ),
    ]),
    resource("aws_flow_log", "this", [
      attrs({
        vpc_id: vpcId(env),
        traffic_type: "ALL",
        log_destination_type: "cloud-watch-logs",
        log_destination: raw("aws_cloudwatch_log_group.flow_logs.arn"),
        iam_role_arn: raw("aws_iam_role.flow_logs.arn"),
      }),
    ]),
  ];
}

/**
 * The flow-log role's trust: the VPC Flow Logs service, only on behalf of this account's flow logs in this
 * region (`aws:SourceAccount`, `aws:SourceArn`), as AWS recommends against the confused deputy. The account is
 * the config's, or the VPC's owner (no API call, so offline plans work).
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
 */
function flowLogsTrustPolicy(env: Environment): Expr {
  const account = accountOf(env);
  const value = (text: string) => (text.includes("${") ? tpl(text) : text);
  return policyDocument([
    {
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Principal: { Service: "vpc-flow-logs.amazonaws.com" },
      Condition: {
        StringEquals: { "aws:SourceAccount": value(account) },
        ArnLike: { "aws:SourceArn": value(`arn:${partitionOf(env.region)}:ec2:${env.region}:${account}:vpc-flow-log/*`) },
      },
    },
  ]);
}

function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}

/** The values of the network's outputs, by output name. */
function networkOutputs(env: Environment): Record<string, Expr> {
  const { existing } = env.network;
  if (existing) {
    return {
      [wires.network.vpcId().name]: raw("local.vpc_id"),
      [wires.network.vpcCidr(env).name]: raw("local.vpc_cidr_block"),
      ...Object.fromEntries(env.network.tiers.map((tier) => [wires.network.subnetIds(env, tier).name, raw(`local.${tier}_subnet_ids`)])),
      ...(env.kms.logs ? { [wires.network.logsKeyArn(env).name]: raw("aws_kms_key.logs.arn") } : {}),
      ...(existing.s3PrefixList ? { [wires.network.s3PrefixList(env).name]: str(existing.s3PrefixList) } : {}),
    };
  }
  return {
    [wires.network.vpcId().name]: raw("aws_vpc.this.id"),
    [wires.network.vpcCidr(env).name]: raw("aws_vpc.this.cidr_block"),
    ...Object.fromEntries(env.network.tiers.map((tier) => [wires.network.subnetIds(env, tier).name, raw(`[for s in aws_subnet.${tier} : s.id]`)])),
    ...(env.kms.logs ? { [wires.network.logsKeyArn(env).name]: raw("aws_kms_key.logs.arn") } : {}),
    ...(env.network.nat !== "none" ? { [wires.network.natGatewayIds(env).name]: raw("values(aws_nat_gateway.this)[*].id") } : {}),
    [wires.network.s3PrefixList(env).name]: raw("aws_vpc_endpoint.s3.prefix_list_id"),
  };
}
