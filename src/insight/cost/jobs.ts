/**
 * Scheduled job lines: each run is an EventBridge Scheduler invocation, Step Functions standard state
 * transitions (the states the renderer creates, retries not assumed), and one Fargate task for the run's
 * minutes, on demand or Spot by the job's strategy. Runs a month follow from the schedule expression.
 */
import { serviceStackId } from "../../model/stack-ids.js";
import type { Environment } from "../../model/types.js";
import { splitTasks } from "./capacity-split.js";
import type { Lines } from "./lines.js";

/** States of a job's state machine as `src/terraform/service/schedule.ts` writes it: `RunTask`. */
export const JOB_STATES = 1;
/** Standard workflows bill a transition each time a state is executed (aws.amazon.com/step-functions/pricing). */
export const TRANSITIONS_PER_RUN = JOB_STATES;

const ARCH_KEY = { x86_64: "x86", arm64: "arm64" } as const;

export function jobLines(env: Environment, lines: Lines): void {
  for (const s of env.services) {
    if (!s.schedule) continue;
    const stack = serviceStackId(s.name);
    const job = env.cost.jobs[s.name] ?? { runs: 0, minutes: 0 };
    const runs = job.runs;
    lines.add(
      stack,
      `EventBridge Scheduler invocations, ${s.name} (${runs} runs a month of ${s.schedule.expression})`,
      runs / 1_000_000,
      "million invocations",
      "scheduler:invocations",
    );
    lines.add(
      stack,
      `Step Functions state transitions, ${s.name} (${runs} runs × ${TRANSITIONS_PER_RUN})`,
      (runs * TRANSITIONS_PER_RUN) / 1000,
      "1,000 state transitions",
      "states:transitions",
    );
    const taskHours = (runs * job.minutes) / 60;
    const split = splitTasks(1, s.strategy);
    const arch = ARCH_KEY[s.architecture];
    for (const [kind, share, prefix] of [
      ["on demand", split.get("FARGATE") ?? 0, "fargate"],
      ["Spot", split.get("FARGATE_SPOT") ?? 0, "fargate-spot"],
    ] as const) {
      if (s.launch !== "fargate") continue;
      const what = `${s.name} runs (${s.architecture}, ${kind}, ${runs} × ${job.minutes} min, cost.jobs.${s.name}.minutes)`;
      lines.add(stack, `Fargate vCPU, ${what}`, share * taskHours * (s.cpu / 1024), "vCPU-hours", `${prefix}:vcpu:${arch}`);
      lines.add(stack, `Fargate memory, ${what}`, share * taskHours * (s.memory / 1024), "GB-hours", `${prefix}:gb:${arch}`);
    }
  }
}
