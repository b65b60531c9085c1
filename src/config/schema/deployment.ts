/** Blue/green deployments through CodeDeploy: the traffic shift and rollback settings services (and functions) share. */
import { z } from "zod";
import { strict } from "./strict.js";
import { duration, port } from "./units.js";

const percent = z.number().int().min(1).max(99);
const minutes = z.number().int().min(1).max(2880);

export const trafficShiftSchema = z
  .union(
    [
      z.literal("all-at-once"),
      strict({
        canary: strict({
          percent: percent.describe("Share of traffic the new version gets first, 1–99."),
          minutes: minutes.describe("Minutes before the rest follows."),
        }),
      }),
      strict({
        linear: strict({
          percent: percent.describe("Share of traffic moved at each step, 1–99."),
          everyMinutes: minutes.describe("Minutes between steps."),
        }),
      }),
    ],
    { error: 'expected "all-at-once", { canary: { percent, minutes } } or { linear: { percent, everyMinutes } }' },
  )
  .describe(
    'How CodeDeploy moves traffic to the new version: `"all-at-once"`, `{ canary: { percent: 10, minutes: 5 } }` (10 % for 5 minutes, then the rest) or `{ linear: { percent: 10, everyMinutes: 1 } }`. Default `"all-at-once"`.',
  );
export type TrafficShiftInput = z.infer<typeof trafficShiftSchema>;

/** The blue/green fields of `services.<name>.deployment`. */
export const blueGreenFields = {
  strategy: z
    .enum(["rolling", "blue-green"])
    .optional()
    .describe(
      '`"rolling"` (ECS replaces tasks within min/max percent) or `"blue-green"` (CodeDeploy starts the new tasks behind a second target group, shifts traffic, and rolls back on failure or alarm; `berth deploy` starts and follows it). Default `"rolling"`.',
    ),
  traffic: trafficShiftSchema.optional(),
  testListener: port()
    .optional()
    .describe(
      "Blue/green: a listener on this port of the same load balancer sends test traffic to the new tasks before production traffic moves; it admits the VPC only. Default: none.",
    ),
  rollbackOnAlarms: z
    .boolean()
    .optional()
    .describe("Blue/green: stop and roll back when one of the service's alarms fires during the deployment. Default `true` (when the service has alarms)."),
  terminateBlueAfter: duration
    .optional()
    .describe('Blue/green: how long the old tasks keep running after the shift, ready for a rollback (0 to 2 days, in minutes). Default `"5 minutes"`.'),
};
