/** Compute lines: Fargate vCPU and memory hours by architecture and Spot share, or EC2 instances and their volumes. */
import { serviceStackId, STACK } from "../../model/stack-ids.js";
import type { Environment, Service } from "../../model/types.js";
import { splitTasks } from "./capacity-split.js";
import type { Lines } from "./lines.js";

const ARCH_KEY = { x86_64: "x86", arm64: "arm64" } as const;

/** vCPU-hours and GB-hours a month of one service on Fargate, split into on-demand and Spot. */
export function fargateUsage(env: Environment, service: Service): { onDemand: number; spot: number; vcpu: number; gb: number } {
  const tasks = env.cost.tasks[service.name] ?? service.desiredCount;
  const split = splitTasks(tasks, service.strategy);
  return { onDemand: split.get("FARGATE") ?? 0, spot: split.get("FARGATE_SPOT") ?? 0, vcpu: service.cpu / 1024, gb: service.memory / 1024 };
}

/** The root volume the bastion's Amazon Linux 2023 AMI comes with (berth does not size it). */
const BASTION_ROOT_GB = 8;

export function computeLines(env: Environment, lines: Lines): void {
  const hours = env.cost.hoursPerMonth;
  const capacity = env.cluster.capacity;
  if (capacity.kind === "ec2") {
    const n = env.cost.instances ?? capacity.desired;
    lines.add(
      STACK.platform,
      `EC2 ${capacity.instanceType} container instances (${n} on average)`,
      n * hours,
      "instance-hours",
      `ec2:${capacity.instanceType}`,
    );
    lines.add(STACK.platform, `EBS gp3 root volumes (${n} × ${capacity.rootVolumeGb} GB)`, n * capacity.rootVolumeGb, "GB-months", "ebs:gp3");
  }
  const bastion = env.network.bastion;
  if (bastion) {
    lines.add(STACK.data, `EC2 ${bastion.instanceType} bastion (network.bastion)`, hours, "instance-hours", `ec2:${bastion.instanceType}`);
    lines.add(STACK.data, `EBS gp3 root volume of the bastion (${BASTION_ROOT_GB} GB, the Amazon Linux 2023 AMI's)`, BASTION_ROOT_GB, "GB-months", "ebs:gp3");
  }
  for (const s of env.services) {
    if (s.launch !== "fargate") continue;
    const u = fargateUsage(env, s);
    const arch = ARCH_KEY[s.architecture];
    for (const [kind, tasks, prefix] of [
      ["on demand", u.onDemand, "fargate"],
      ["Spot", u.spot, "fargate-spot"],
    ] as const) {
      const what = `${s.name} (${s.architecture}, ${kind}, ${round(tasks)} ${tasks === 1 ? "task" : "tasks"})`;
      lines.add(serviceStackId(s.name), `Fargate vCPU, ${what}`, tasks * u.vcpu * hours, "vCPU-hours", `${prefix}:vcpu:${arch}`);
      lines.add(serviceStackId(s.name), `Fargate memory, ${what}`, tasks * u.gb * hours, "GB-hours", `${prefix}:gb:${arch}`);
    }
    // Every task gets 20 GB free; `ephemeralStorage` above that is billed per GB-hour (priced at the on-demand rate).
    if (s.ephemeralStorageGib !== null) {
      const tasks = u.onDemand + u.spot;
      const extra = s.ephemeralStorageGib - 20;
      lines.add(
        serviceStackId(s.name),
        `Fargate ephemeral storage above 20 GB, ${s.name} (${extra} GB × ${round(tasks)} ${tasks === 1 ? "task" : "tasks"})`,
        tasks * extra * hours,
        "GB-hours",
        "fargate:ephemeral-gb",
      );
    }
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
