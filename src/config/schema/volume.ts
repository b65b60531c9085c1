/** `services.<name>.volumes`: EFS file systems mounted into the service's container, and the task's ephemeral storage. */
import { z } from "zod";
import { name, strict } from "./strict.js";
import { gigabytes } from "./units.js";

const posixId = z.number().int().min(0).max(4294967295);

export const volumeSchema = strict({
  path: z
    .string()
    .regex(/^\/[^\s]*$/, { error: 'a mount path is absolute, without spaces, e.g. "/data"' })
    .describe('Where the volume is mounted in the service\'s container, e.g. `"/data"`.'),
  readOnly: z.boolean().optional().describe("Mount it read-only (the task role then gets no write permission). Default `false`."),
  efs: z
    .union(
      [
        z.literal(true),
        strict({
          uid: posixId.optional().describe("POSIX user id every access through the access point runs as, and the owner of its root directory. Default 1000."),
          gid: posixId.optional().describe("POSIX group id, as `uid`. Default 1000."),
        }),
        strict({
          id: z
            .string()
            .regex(/^fs-[0-9a-f]{8,40}$/, { error: 'expected an EFS file system id such as "fs-0123456789abcdef0"' })
            .describe("An existing file system (its mount targets and security group are yours: admit the service's security group on NFS, port 2049)."),
          accessPoint: z
            .string()
            .regex(/^fsap-[0-9a-f]{8,40}$/, { error: 'expected an EFS access point id such as "fsap-0123456789abcdef0"' })
            .optional()
            .describe("An access point of that file system to mount through. Default: the file system's root."),
        }),
      ],
      { error: 'expected true, { uid, gid } or an existing file system { id: "fs-…", accessPoint?: "fsap-…" }' },
    )
    .describe(
      "`true`: an encrypted EFS file system of the service's own (in its stack), with an access point, mount targets in the service's subnets and a security group that admits only the service on NFS; `{ uid, gid }` sets the access point's user. `{ id }`: an existing file system. Either way the mount uses TLS and IAM authorization, and the task role may mount exactly that file system.",
    ),
});
export type VolumeInput = z.infer<typeof volumeSchema>;

export const volumesSchema = z
  .record(name("a volume name"), volumeSchema)
  .describe('Persistent volumes of the service\'s container, by name, e.g. `{ uploads: { path: "/data/uploads", efs: true } }`.');

export const ephemeralStorageSchema = gigabytes(21, 200).describe(
  'Fargate ephemeral storage of each task, 21–200 GB (`"50 GB"`), beyond the 20 GB every task gets. Fargate only. Default: 20 GB.',
);
