/** EFS volumes and ephemeral storage in the model: what they resolve to, and the rules AWS would refuse at deploy time, at their paths. */
import { describe, expect, it } from "vitest";
import { validateConfig } from "../config/validate.js";
import { resolveModel } from "./resolve.js";
import type { Service } from "./types.js";
import { modelReport as errors } from "../../test/support/config-errors.js";

const config = (api: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  project: "shop",
  services: { api: { port: 8080, ...api } },
  environments: { prod: { tier: "prod", region: "eu-west-1" } },
  ...extra,
});
const api = (raw: unknown): Service => resolveModel(validateConfig(raw)).environments[0]!.services[0]!;

describe("EFS volumes", () => {
  it("resolve to a file system of the service's own, or an existing one, sorted by name, with ephemeral storage", () => {
    const s = api(
      config({
        ephemeralStorage: "50 GB",
        volumes: {
          uploads: { path: "/data/uploads/", efs: true },
          shared: { path: "/shared", readOnly: true, efs: { id: "fs-0123456789abcdef0", accessPoint: "fsap-0123456789abcdef0" } },
          cache: { path: "/cache", efs: { uid: 101, gid: 102 } },
        },
      }),
    );
    expect(s.ephemeralStorageGib).toBe(50);
    expect(s.volumes).toEqual([
      {
        name: "cache",
        path: "/cache",
        readOnly: false,
        efs: { kind: "managed", name: "shop-prod-api-cache", uid: 101, gid: 102, rootDirectory: "/cache", subnetCount: 3 },
      },
      {
        name: "shared",
        path: "/shared",
        readOnly: true,
        efs: { kind: "existing", fileSystemId: "fs-0123456789abcdef0", accessPointId: "fsap-0123456789abcdef0" },
      },
      {
        name: "uploads",
        path: "/data/uploads",
        readOnly: false,
        efs: { kind: "managed", name: "shop-prod-api-uploads", uid: 1000, gid: 1000, rootDirectory: "/uploads", subnetCount: 3 },
      },
    ]);
  });

  it("a service without volumes has none and the default ephemeral storage", () => {
    expect(api(config({}))).toMatchObject({ volumes: [], ephemeralStorageGib: null });
  });

  it("refuses a taken mount path (the read-only root's /tmp too), the root, ephemeral storage on EC2 and EFS in bridge mode", () => {
    const report = errors(
      config({ volumes: { a: { path: "/data", efs: true }, b: { path: "/data", efs: true }, c: { path: "/tmp", efs: true }, d: { path: "/", efs: true } } }),
    );
    expect(report).toMatch(/services\.api\.volumes\.b\.path: \/data is already the mount path of volume a/);
    expect(report).toMatch(/services\.api\.volumes\.c\.path: \/tmp is already the mount path of the scratch volume/);
    expect(report).toMatch(/services\.api\.volumes\.d\.path: is the root of the container's filesystem/);
    const ec2 = config(
      { subnet: "public", egress: "internet", cpu: 256, memory: 256, ephemeralStorage: "30 GB", volumes: { data: { path: "/data", efs: true } } },
      { compute: { ec2: { instanceType: "t3.small", subnets: ["public"] } } },
    );
    const onEc2 = errors(ec2);
    expect(onEc2).toMatch(/services\.api\.ephemeralStorage: applies to Fargate tasks/);
    expect(onEc2).toMatch(/services\.api\.volumes\.data\.efs: needs the task's own security group/);
  });

  it("refuses ephemeral storage outside 21–200 GB and malformed ids in the schema", () => {
    expect(() => validateConfig(config({ ephemeralStorage: "20 GB" }))).toThrow(/services\.api\.ephemeralStorage: must be between 21 and 200 GB/);
    expect(() => validateConfig(config({ volumes: { a: { path: "/a", efs: { id: "vol-1" } } } }))).toThrow(
      /services\.api\.volumes\.a\.efs: expected true, \{ uid, gid \} or an existing file system/,
    );
  });
});
