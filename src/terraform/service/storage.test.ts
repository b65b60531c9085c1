/**
 * EFS volumes in the service stack: an encrypted file system reachable only over TLS, its access point,
 * mount targets and NFS-only security group, the task definition's volume with IAM authorization, the
 * task role's permission on exactly that file system, ephemeral storage; held against terraform fmt and
 * the aws provider's schema.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { attrExpr, attrValue, child, findBlock, findBlocks, jsonAttr, nested, toJs } from "../../../test/support/hcl-query.js";
import { awsProviderSchema, checkAgainstSchema } from "../../../test/support/provider-schema.js";
import { validateConfig } from "../../config/validate.js";
import { resolveModel } from "../../model/resolve.js";
import { estimateRegions } from "../../insight/cost/estimate.js";
import { renderStacks, stackFiles } from "../render.js";

const config = (egress?: unknown) => ({
  project: "shop",
  services: {
    api: {
      port: 8080,
      ...(egress ? { egress } : {}),
      ephemeralStorage: "60 GB",
      sidecars: { backup: { image: "backup:1", mountPoints: [{ volume: "uploads", path: "/srv/uploads", readOnly: true }] } },
      volumes: {
        uploads: { path: "/data/uploads", efs: true },
        shared: { path: "/shared", readOnly: true, efs: { id: "fs-0123456789abcdef0", accessPoint: "fsap-0123456789abcdef0" } },
      },
    },
  },
  environments: { prod: { tier: "prod", region: "eu-west-1", account: "111122223333" } },
});
const model = resolveModel(validateConfig(config()));
const stack = renderStacks(model).find((s) => s.id === "service-api")!;
const values = (type: string, name: string, keys: string[]) => {
  const block = findBlock(stack, "resource", type, name);
  return Object.fromEntries(keys.map((k) => [k, attrExpr(block, k) && toJs(attrExpr(block, k)!)]));
};

describe("EFS volumes in the service stack", () => {
  it("make an encrypted file system with backups in prod, an access point at /<volume> and a mount target in each private subnet", () => {
    expect(values("aws_efs_file_system", "uploads", ["creation_token", "encrypted"])).toEqual({ creation_token: "shop-prod-api-uploads", encrypted: true });
    expect(attrValue(child(findBlock(stack, "resource", "aws_efs_backup_policy", "uploads"), "backup_policy"), "status")).toBe("ENABLED");
    const ap = findBlock(stack, "resource", "aws_efs_access_point", "uploads");
    expect(attrValue(child(ap, "root_directory"), "path")).toBe("/uploads");
    expect(values("aws_efs_mount_target", "uploads", ["count", "subnet_id", "security_groups"])).toEqual({
      count: 3,
      subnet_id: { raw: "var.private_subnet_ids[count.index]" },
      security_groups: [{ raw: "aws_security_group.efs_uploads.id" }],
    });
    expect(findBlocks(stack, "resource", "aws_efs_file_system")).toHaveLength(1);
  });

  it("admit only the service's tasks on NFS, and refuse access without TLS", () => {
    expect(values("aws_vpc_security_group_ingress_rule", "efs_uploads_from_tasks", ["referenced_security_group_id", "from_port", "to_port"])).toEqual({
      referenced_security_group_id: { raw: "aws_security_group.this.id" },
      from_port: 2049,
      to_port: 2049,
    });
    const policy = jsonAttr(findBlock(stack, "resource", "aws_efs_file_system_policy", "uploads"), "policy") as { Statement: Record<string, unknown>[] };
    expect(policy.Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    expect(policy.Statement[1]).toMatchObject({
      Effect: "Allow",
      Principal: { AWS: { raw: "aws_iam_role.task.arn" } },
      Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
    });
  });

  it("mount each volume in the task over TLS with IAM authorization, and give the tasks 60 GB of ephemeral storage", () => {
    const task = findBlock(stack, "resource", "aws_ecs_task_definition", "this");
    expect(attrValue(child(task, "ephemeral_storage"), "size_in_gib")).toBe(60);
    const efs = nested(task, "volume").flatMap((v) => nested(v, "efs_volume_configuration").map((c) => [attrValue(v, "name"), c] as const));
    expect(
      efs.map(([name, c]) => [
        name,
        attrValue(c, "file_system_id"),
        attrValue(c, "transit_encryption"),
        attrValue(child(c, "authorization_config"), "access_point_id"),
        attrValue(child(c, "authorization_config"), "iam"),
      ]),
    ).toEqual([
      ["shared", "fs-0123456789abcdef0", "ENABLED", "fsap-0123456789abcdef0", "ENABLED"],
      ["uploads", { raw: "aws_efs_file_system.uploads.id" }, "ENABLED", { raw: "aws_efs_access_point.uploads.id" }, "ENABLED"],
    ]);
    const container = (jsonAttr(task, "container_definitions") as { mountPoints: unknown[] }[])[0]!;
    expect(container.mountPoints).toEqual([
      { sourceVolume: "tmp", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "shared", containerPath: "/shared", readOnly: true },
      { sourceVolume: "uploads", containerPath: "/data/uploads", readOnly: false },
    ]);
    expect(attrValue(findBlock(stack, "resource", "aws_ecs_service", "this"), "depends_on")).toEqual([{ raw: "aws_efs_mount_target.uploads" }]);
    expect((jsonAttr(task, "container_definitions") as { mountPoints: unknown[] }[])[1]!.mountPoints).toEqual([
      { sourceVolume: "tmp-backup", containerPath: "/tmp", readOnly: false },
      { sourceVolume: "uploads", containerPath: "/srv/uploads", readOnly: true },
    ]);
  });

  it("let the task role mount exactly these file systems, writing only where the volume is not read-only", () => {
    const policy = jsonAttr(findBlock(stack, "resource", "aws_iam_role_policy", "task_efs"), "policy") as { Statement: Record<string, unknown>[] };
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount"],
        Resource: "arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0123456789abcdef0",
        Condition: {
          StringEquals: { "elasticfilesystem:AccessPointArn": "arn:aws:elasticfilesystem:eu-west-1:111122223333:access-point/fsap-0123456789abcdef0" },
        },
      },
      {
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: { raw: "aws_efs_file_system.uploads.arn" },
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": { raw: "aws_efs_access_point.uploads.arn" } } },
      },
    ]);
  });

  it("open NFS to each file system when egress is declared", () => {
    const declared = renderStacks(resolveModel(validateConfig(config("declared")))).find((s) => s.id === "service-api")!;
    const rule = (name: string) => {
      const b = findBlock(declared, "resource", "aws_vpc_security_group_egress_rule", name);
      return Object.fromEntries(["referenced_security_group_id", "cidr_ipv4", "from_port"].map((k) => [k, attrExpr(b, k) && toJs(attrExpr(b, k)!)]));
    };
    expect(rule("to_efs_uploads")).toEqual({
      referenced_security_group_id: { raw: "aws_security_group.efs_uploads.id" },
      cidr_ipv4: undefined,
      from_port: 2049,
    });
    expect(rule("to_efs_shared")).toEqual({ referenced_security_group_id: undefined, cidr_ipv4: { raw: "var.vpc_cidr_block" }, from_port: 2049 });
  });

  it("prices the storage of the file system berth creates, not the existing one, and the ephemeral storage above 20 GB", () => {
    const items = estimateRegions(model.environments[0]!)[0]!.items.filter((i) => /^EFS|ephemeral/.test(i.item));
    expect(items.map((i) => [i.item, i.quantity, i.unit])).toEqual([
      ["Fargate ephemeral storage above 20 GB, api (40 GB × 2 tasks)", 2 * 40 * 730, "GB-hours"],
      ["EFS storage, api volume uploads (cost.efs, Standard class)", 10, "GB-months"],
    ]);
    expect(items.map((i) => i.monthly)).toEqual([Math.round(2 * 40 * 730 * 0.000122 * 100) / 100, 3.3]);
  });

  it("is formatted as terraform fmt writes it, and uses only what the aws provider knows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "berth-storage-"));
    for (const [name, text] of stackFiles(stack)) if (name.endsWith(".tf")) writeFileSync(join(dir, name), text);
    expect(() => execFileSync("terraform", ["fmt", "-check", dir], { encoding: "utf8", stdio: "pipe" })).not.toThrow();
    expect(checkAgainstSchema(stack.files, await awsProviderSchema())).toEqual([]);
  }, 600_000);
});
