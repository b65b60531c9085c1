/** `services.<name>.autoscaling.schedules`: capacity that changes on a clock, e.g. staging at zero out of hours. */
import { z } from "zod";
import { strict } from "./strict.js";
import { timeZone } from "./units.js";

export const scalingScheduleSchema = strict({
  expression: z
    .string()
    .min(1)
    .describe(
      'When the capacity changes, as Application Auto Scaling writes it: `"cron(0 20 ? * MON-FRI *)"` (minutes, hours, day of month, month, day of week, year; one of the two days must be `?`) or `"rate(12 hours)"`. In UTC unless `timezone` says otherwise.',
    ),
  timezone: timeZone.optional().describe('IANA time zone of a `cron` expression, e.g. `"Europe/Berlin"`. Default `"UTC"`.'),
  min: z.number().int().min(0).optional().describe("Minimum tasks from this time on. Default: `autoscaling.min` (back to normal)."),
  max: z.number().int().min(0).optional().describe("Maximum tasks from this time on. Default: `autoscaling.max` (back to normal)."),
});
export type ScalingScheduleInput = z.infer<typeof scalingScheduleSchema>;
