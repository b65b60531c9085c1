/**
 * Scheduled scaling of a service: Application Auto Scaling scheduled actions that change the task range on a
 * clock (cron with a time zone, or a rate), e.g. staging at zero from 20:00 to 08:00 and all weekend. A schedule
 * without min/max restores the service's `autoscaling` range, so "back to normal" needs no numbers repeated.
 * https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
 */
import type { ScalingScheduleInput } from "../config/schema/scaling-schedule.js";
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";
import { awsName } from "./names.js";
import { checkSchedule } from "./schedule-expression.js";
import type { ScalingSchedule } from "./types.js";

/** Application Auto Scaling: scheduled action names are 1–256 characters. */
const SCHEDULED_ACTION_NAME = 256;

export function resolveScalingSchedules(
  inputs: Readonly<Record<string, ScalingScheduleInput>> | undefined,
  range: { readonly min: number; readonly max: number },
  ctx: { readonly fullName: string; readonly at: ConfigPath; readonly issues: Issues },
): ScalingSchedule[] {
  return Object.entries(inputs ?? {}).map(([key, input]) => {
    const at = [...ctx.at, key];
    const expression = input.expression.trim();
    const timezone = input.timezone ?? "UTC";
    checkSchedule(expression, timezone, at, ctx.issues);
    const min = input.min ?? range.min;
    const max = input.max ?? range.max;
    if (min > max) {
      ctx.issues.add(
        [...at, input.min !== undefined ? "min" : "max"],
        `leaves min (${min}) above max (${max})`,
        input.max === undefined ? `set max too, e.g. max: ${min}` : input.min === undefined ? `set min too, e.g. min: ${max}` : "swap them",
      );
    }
    return { key, name: awsName([ctx.fullName, key], SCHEDULED_ACTION_NAME), expression, timezone, min, max };
  });
}
