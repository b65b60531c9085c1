/**
 * `storage.tf`: the service's own EFS file systems — encrypted, reachable only over TLS, with an access
 * point rooted at `/<volume>`, a mount target in each subnet of the service's tier and a security group
 * that admits only the service's tasks on NFS (2049) — and the pieces every EFS volume needs elsewhere:
 * the task definition's volume (TLS, IAM authorization), the task role's mount permission on exactly that
 * file system, and the service's egress to it when egress is declared.
 */
import { attr, attrs, block, body, type BodyItem, type Expr, list, obj, raw, resource } from "../../hcl/index.js";
import type { ManagedEfs, ServiceVolume } from "../../model/types.js";
import * as wires from "../../model/wires.js";
import { banner, ident } from "../common/files.js";
import { policyDocument, type Statement } from "../common/iam.js";
import type { ServiceContext } from "./context.js";

const NFS = 2049;

/** Terraform name of a volume's resources. */
export const volumeId = (v: ServiceVolume): string => ident(v.name);

type Managed = ServiceVolume & { readonly efs: ManagedEfs };
const managed = (ctx: ServiceContext): Managed[] => ctx.service.volumes.filter((v): v is Managed => v.efs.kind === "managed");

export function storageFile(ctx: ServiceContext): BodyItem[] {
  const items = managed(ctx).flatMap((v) => fileSystem(ctx, v));
  const egress = ctx.service.declaredEgress ? ctx.service.volumes.map((v) => egressTo(ctx, v)) : [];
  return items.length + egress.length > 0
    ? [banner("EFS volumes", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/efs-volumes.html"), ...items, ...egress]
    : [];
}

function fileSystem(ctx: ServiceContext, v: Managed): BodyItem[] {
  const id = volumeId(v);
  const fs = `aws_efs_file_system.${id}`;
  const prod = ctx.env.tier === "prod";
  return body([
    resource("aws_efs_file_system", id, [attrs({ creation_token: v.efs.name, encrypted: true }), attr("tags", obj({ Name: v.efs.name }))]),
    prod && resource("aws_efs_backup_policy", id, [attr("file_system_id", raw(`${fs}.id`)), block("backup_policy", [], [attr("status", "ENABLED")])]),
    resource("aws_efs_file_system_policy", id, [attr("file_system_id", raw(`${fs}.id`)), attr("policy", policyDocument(fileSystemPolicy(v)))]),
    resource("aws_efs_access_point", id, [
      attr("file_system_id", raw(`${fs}.id`)),
      block("posix_user", [], [attrs({ uid: v.efs.uid, gid: v.efs.gid })]),
      block(
        "root_directory",
        [],
        [attr("path", v.efs.rootDirectory), block("creation_info", [], [attrs({ owner_uid: v.efs.uid, owner_gid: v.efs.gid, permissions: "0750" })])],
      ),
      attr("tags", obj({ Name: v.efs.name })),
    ]),
    resource("aws_security_group", `efs_${id}`, [
      attrs({ name: `${v.efs.name}-efs`, description: `EFS mount targets of ${ctx.service.name}'s ${v.name} volume`, vpc_id: ctx.read(wires.network.vpcId()) }),
      attr("tags", obj({ Name: `${v.efs.name}-efs` })),
    ]),
    resource("aws_vpc_security_group_ingress_rule", `efs_${id}_from_tasks`, [
      attrs({
        security_group_id: raw(`aws_security_group.efs_${id}.id`),
        description: `NFS from ${ctx.service.name}`,
        referenced_security_group_id: raw("aws_security_group.this.id"),
        ip_protocol: "tcp",
        from_port: NFS,
        to_port: NFS,
      }),
    ]),
    resource("aws_efs_mount_target", id, [
      attr("count", v.efs.subnetCount),
      attrs({
        file_system_id: raw(`${fs}.id`),
        subnet_id: raw(`${ctx.ref(wires.network.subnetIds(ctx.env, ctx.service.subnetTier))}[count.index]`),
        security_groups: list([raw(`aws_security_group.efs_${id}.id`)]),
      }),
    ]),
  ]);
}

/** Only TLS, and the service's task role through its access point. */
function fileSystemPolicy(v: Managed): Statement[] {
  const fs = raw(`aws_efs_file_system.${volumeId(v)}.arn`);
  return [
    { Sid: "DenyWithoutTls", Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: fs, Condition: { Bool: { "aws:SecureTransport": "false" } } },
    {
      Sid: "ServiceMounts",
      Effect: "Allow",
      Principal: { AWS: raw("aws_iam_role.task.arn") },
      Action: mountActions(v),
      Resource: fs,
      Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": raw(`aws_efs_access_point.${volumeId(v)}.arn`) } },
    },
  ];
}

const mountActions = (v: ServiceVolume): string[] => ["elasticfilesystem:ClientMount", ...(v.readOnly ? [] : ["elasticfilesystem:ClientWrite"])];

/** Declared egress opens NFS to the file system's mount targets (their group), or to the VPC for an existing file system. */
function egressTo(ctx: ServiceContext, v: ServiceVolume): BodyItem {
  const target =
    v.efs.kind === "managed"
      ? { referenced_security_group_id: raw(`aws_security_group.efs_${volumeId(v)}.id`) }
      : { cidr_ipv4: ctx.read(wires.network.vpcCidr(ctx.env)) };
  return resource("aws_vpc_security_group_egress_rule", `to_efs_${volumeId(v)}`, [
    attrs({
      security_group_id: raw("aws_security_group.this.id"),
      description: `NFS to the ${v.name} volume`,
      ...target,
      ip_protocol: "tcp",
      from_port: NFS,
      to_port: NFS,
    }),
  ]);
}

/** The task definition's `volume` blocks: EFS over TLS, authorized by the task role (IAM), through the access point. */
export function efsVolumeBlocks(ctx: ServiceContext): BodyItem[] {
  return ctx.service.volumes.map((v) => {
    const id = volumeId(v);
    const fileSystem: Expr | string = v.efs.kind === "managed" ? raw(`aws_efs_file_system.${id}.id`) : v.efs.fileSystemId;
    const accessPoint: Expr | string | undefined = v.efs.kind === "managed" ? raw(`aws_efs_access_point.${id}.id`) : v.efs.accessPointId;
    return block(
      "volume",
      [],
      [
        attr("name", v.name),
        block(
          "efs_volume_configuration",
          [],
          [
            attrs({ file_system_id: fileSystem, transit_encryption: "ENABLED" }),
            block("authorization_config", [], [attrs({ access_point_id: accessPoint, iam: "ENABLED" })]),
          ],
        ),
      ],
    );
  });
}

/** The service container's mount points of its volumes. */
export const volumeMountPoints = (ctx: ServiceContext) =>
  ctx.service.volumes.map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: v.readOnly }));

/** The task role's statements: mount (and write, unless read-only) exactly each file system, through its access point when it has one. */
export function efsStatements(ctx: ServiceContext): Statement[] {
  const { env } = ctx;
  const account = env.account ?? "*";
  return ctx.service.volumes.map((v) => {
    if (v.efs.kind === "managed")
      return {
        Effect: "Allow",
        Action: mountActions(v),
        Resource: raw(`aws_efs_file_system.${volumeId(v)}.arn`),
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": raw(`aws_efs_access_point.${volumeId(v)}.arn`) } },
      };
    const arn = (kind: string, id: string) => `arn:aws:elasticfilesystem:${env.region}:${account}:${kind}/${id}`;
    return {
      Effect: "Allow",
      Action: mountActions(v),
      Resource: arn("file-system", v.efs.fileSystemId),
      ...(v.efs.accessPointId ? { Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": arn("access-point", v.efs.accessPointId) } } } : {}),
    };
  });
}

/** Mount targets the ECS service waits for: a task started before them cannot mount its volume. */
export const mountTargetRefs = (ctx: ServiceContext): Expr[] => managed(ctx).map((v) => raw(`aws_efs_mount_target.${volumeId(v)}`));
