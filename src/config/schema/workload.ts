/** What kind of workload a service is besides a load-balanced web service: a queue worker, or a scheduled job. */
import { z } from "zod";
import { strict } from "./strict.js";
import { duration, timeZone } from "./units.js";

export const workerSchema = strict({
  queue: z.string().min(1).describe("Key of the queue (in `queues`) the worker consumes; it gets `consume` permissions and the queue URL."),
  spot: z
    .boolean()
    .optional()
    .describe("Run the worker's tasks on Fargate Spot (up to 70 % cheaper, interruptible: the queue redelivers an unfinished message). Default `false`."),
});
export type WorkerInput = z.infer<typeof workerSchema>;

export const scheduleSchema = strict({
  expression: z
    .string()
    .min(1)
    .describe(
      'When to run, as EventBridge writes it: `"rate(1 hour)"` or `"cron(0 3 * * ? *)"` (minutes, hours, day of month, month, day of week, year; one of the two days must be `?`). In UTC unless `timezone` says otherwise.',
    ),
  timezone: timeZone.optional().describe('IANA time zone of a `cron` expression, e.g. `"America/Sao_Paulo"`. Default `"UTC"`.'),
  retries: z.number().int().min(0).max(10).optional().describe("Times a failed run (non-zero exit, or timed out) is retried. Default 0."),
  timeout: duration.optional().describe('Longest a run may take before it is stopped and counts as failed. Default `"1 hour"`.'),
  spot: z.boolean().optional().describe("Run on Fargate Spot. Default `false`."),
  enabled: z.boolean().optional().describe("Whether the schedule fires (`false` pauses it, e.g. in one environment). Default `true`."),
});
export type ScheduleInput = z.infer<typeof scheduleSchema>;
