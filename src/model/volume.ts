/**
 * A service's EFS volumes and ephemeral storage: a file system of its own (named within EFS's creation
 * token limit, mount targets in each subnet of its tier) or an existing one, and the rules AWS would
 * only refuse at deploy time: EFS needs the task's own network (awsvpc), ephemeral storage needs Fargate,
 * mount paths are unique and leave the scratch `/tmp` alone.
 */
import type { ServiceInput } from "../config/schema/service.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { awsName } from "./names.js";
import type { ServiceVolume } from "./types.js";
import { parseGb } from "./units.js";
import { compareText } from "./text-order.js";

/** EFS creation tokens: 64 characters. */
const CREATION_TOKEN = 64;

export interface VolumeContext {
  readonly fullName: string;
  readonly launch: "fargate" | "ec2";
  readonly networkMode: "awsvpc" | "bridge";
  readonly readonlyRootFilesystem: boolean;
  /** Subnets of the service's tier, where the mount targets go. */
  readonly subnetCount: number;
  readonly at: ConfigPath;
  readonly issues: Issues;
}

export function resolveVolumes(input: ServiceInput, ctx: VolumeContext): { volumes: ServiceVolume[]; ephemeralStorageGib: number | null } {
  const { at, issues } = ctx;
  const paths = new Map<string, string>(ctx.readonlyRootFilesystem ? [["/tmp", "the scratch volume under the read-only root filesystem"]] : []);
  const volumes = Object.entries(input.volumes ?? {})
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, v]): ServiceVolume => {
      const where = [...at, "volumes", name];
      const path = v.path.replace(/\/+$/, "") || "/";
      if (path === "/") issues.add([...where, "path"], "is the root of the container's filesystem", 'mount the volume on a folder, e.g. "/data"');
      const other = paths.get(path);
      if (other) issues.add([...where, "path"], `${path} is already the mount path of ${other}`, "choose another path");
      else paths.set(path, `volume ${name}`);
      if (ctx.networkMode === "bridge")
        issues.add(
          [...where, "efs"],
          "needs the task's own security group, which tasks in bridge mode (EC2 instances in public subnets) do not have",
          'run the service in private subnets (subnet: "private")',
        );
      const efs: ServiceVolume["efs"] =
        v.efs !== true && "id" in v.efs
          ? { kind: "existing", fileSystemId: v.efs.id, accessPointId: v.efs.accessPoint }
          : {
              kind: "managed",
              name: awsName([ctx.fullName, name], CREATION_TOKEN),
              uid: (v.efs === true ? undefined : v.efs.uid) ?? 1000,
              gid: (v.efs === true ? undefined : v.efs.gid) ?? 1000,
              rootDirectory: `/${name}`,
              subnetCount: ctx.subnetCount,
            };
      return { name, path, readOnly: v.readOnly ?? false, efs };
    });
  let ephemeralStorageGib: number | null = null;
  if (input.ephemeralStorage !== undefined) {
    ephemeralStorageGib = parseGb(input.ephemeralStorage);
    if (ctx.launch !== "fargate")
      issues.add(
        [...at, "ephemeralStorage"],
        "applies to Fargate tasks; on EC2 a task uses the instance's disk",
        "remove ephemeralStorage, or size the instances' volumes (compute.ec2)",
      );
  }
  return { volumes, ephemeralStorageGib };
}
