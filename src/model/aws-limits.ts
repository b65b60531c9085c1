/**
 * AWS limits and facts as data: valid Fargate CPU × memory pairs, EC2 instance sizes, CloudWatch Logs
 * retention values. Error messages quote these tables.
 */
import { LOG_RETENTION_DAYS } from "../config/schema/units.js";

/** Fargate task sizes: CPU units → allowed memory in MiB (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size). */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

export function describeFargateSizes(): string {
  return [...FARGATE_SIZES].map(([cpu, mem]) => `${cpu} CPU → ${mem[0]}–${mem[mem.length - 1]} MiB`).join("; ");
}

/** vCPUs and memory (MiB) of the instance types berth knows; others are accepted without the fit check. */
export const INSTANCE_TYPES: Readonly<Record<string, { vcpu: number; memory: number; arch: "x86_64" | "arm64" }>> = {
  "t3.micro": { vcpu: 2, memory: 1024, arch: "x86_64" },
  "t3.small": { vcpu: 2, memory: 2048, arch: "x86_64" },
  "t3.medium": { vcpu: 2, memory: 4096, arch: "x86_64" },
  "t3.large": { vcpu: 2, memory: 8192, arch: "x86_64" },
  "t3.xlarge": { vcpu: 4, memory: 16384, arch: "x86_64" },
  "t4g.micro": { vcpu: 2, memory: 1024, arch: "arm64" },
  "t4g.small": { vcpu: 2, memory: 2048, arch: "arm64" },
  "t4g.medium": { vcpu: 2, memory: 4096, arch: "arm64" },
  "t4g.large": { vcpu: 2, memory: 8192, arch: "arm64" },
  "t4g.xlarge": { vcpu: 4, memory: 16384, arch: "arm64" },
  "m5.large": { vcpu: 2, memory: 8192, arch: "x86_64" },
  "m5.xlarge": { vcpu: 4, memory: 16384, arch: "x86_64" },
  "m6i.large": { vcpu: 2, memory: 8192, arch: "x86_64" },
  "m6i.xlarge": { vcpu: 4, memory: 16384, arch: "x86_64" },
  "m6g.large": { vcpu: 2, memory: 8192, arch: "arm64" },
  "m6g.xlarge": { vcpu: 4, memory: 16384, arch: "arm64" },
  "m7g.large": { vcpu: 2, memory: 8192, arch: "arm64" },
  "m7g.xlarge": { vcpu: 4, memory: 16384, arch: "arm64" },
  "c6g.large": { vcpu: 2, memory: 4096, arch: "arm64" },
  "c6i.large": { vcpu: 2, memory: 4096, arch: "x86_64" },
  "c7g.large": { vcpu: 2, memory: 4096, arch: "arm64" },
};

/** Graviton families end their generation with `g` (t4g, m7g, c6gn…). */
export function architectureOf(instanceType: string): "x86_64" | "arm64" {
  const known = INSTANCE_TYPES[instanceType];
  if (known) return known.arch;
  const family = instanceType.split(".")[0] ?? "";
  return /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/**
 * Memory the ECS agent and OS keep on an instance: registered memory is lower than the instance's.
 * berth reserves 256 MiB below 4 GiB and 6 % above, close to what the ECS-optimized AMI registers.
 */
export function registeredMemory(memory: number): number {
  return memory <= 4096 ? memory - 256 : Math.floor(memory * 0.94);
}

/** Retention periods CloudWatch Logs accepts, in days (the schema checks them). */
export { LOG_RETENTION_DAYS };

/** The smallest accepted retention that keeps logs at least `days`. */
export function logRetention(days: number): number {
  return LOG_RETENTION_DAYS.find((d) => d >= days) ?? 3653;
}
