/**
 * Unit-bearing values as the user writes them: `"0.5 vCPU"` or `512`, `"1 GB"`, `"30 seconds"`, `"14 days"`.
 * The schema checks their shape and the range AWS accepts for each field (`seconds()`, `days()`,
 * `retentionDays()`); `model/units.ts` turns them into numbers with the parsers below.
 */
import { z } from "zod";

const POSITIVE_DECIMAL = /^(\d+(\.\d+)?|\.\d+) vCPU$/;
export const cpu = z
  .union([z.number().int().positive(), z.templateLiteral([z.number().positive(), " vCPU"])], {
    error: 'expected CPU units (a number, 1024 = 1 vCPU) or a string such as "0.5 vCPU"',
  })
  .refine((v) => typeof v === "number" || (POSITIVE_DECIMAL.test(v) && Number.parseFloat(v) > 0), {
    error: 'CPU must be a positive number of vCPU such as "0.5 vCPU"',
  });
export type CpuInput = z.infer<typeof cpu>;

const MEMORY = /^(\d+(\.\d+)?|\.\d+) (MB|GB)$/;
export const memory = z
  .union([z.number().int().positive(), z.templateLiteral([z.number().positive(), z.enum([" MB", " GB"])])], {
    error: 'expected MiB (a number) or a string such as "512 MB" or "1 GB"',
  })
  .refine((v) => typeof v === "number" || (MEMORY.test(v) && Number.parseFloat(v) > 0), { error: 'memory must be a positive size such as "512 MB" or "1 GB"' });
export type MemoryInput = z.infer<typeof memory>;

export const storage = z
  .templateLiteral([z.number().int().positive(), " GB"], { error: 'expected a size in GB such as "20 GB"' })
  .refine((v) => /^[1-9]\d* GB$/.test(v), { error: 'a size is a whole, positive number of GB such as "20 GB"', abort: true });

/** A size in GB within `[min, max]`. */
export const gigabytes = (min: number, max: number) =>
  storage.refine((v) => inRange(Number.parseInt(v, 10), min, max), { error: (iss) => `must be between ${min} and ${max} GB; got ${show(iss.input)}` });

const DURATION_UNITS = [" second", " seconds", " minute", " minutes", " hour", " hours", " day", " days"] as const;
const DURATION = /^(\d+) (second|minute|hour|day)s?$/;
const SECONDS: Readonly<Record<string, number>> = { second: 1, minute: 60, hour: 3600, day: 86400 };

/** Seconds in a duration string the schema accepted, e.g. `"5 minutes"` → 300. */
export function durationSeconds(v: string): number {
  const m = DURATION.exec(v);
  if (!m) return Number.NaN;
  return Number.parseInt(m[1] as string, 10) * (SECONDS[m[2] as string] ?? Number.NaN);
}

export const duration = z
  .templateLiteral([z.number().int().nonnegative(), z.enum(DURATION_UNITS)], {
    error: 'expected a duration such as "30 seconds", "5 minutes" or "14 days"',
  })
  .refine((v) => DURATION.test(v), { error: 'a duration is a whole number, not negative, of seconds, minutes, hours or days, e.g. "30 seconds"', abort: true });
export type DurationInput = z.infer<typeof duration>;

/** A duration between `min` and `max` seconds (AWS's range for the field). */
export const seconds = (min: number, max: number) =>
  duration.refine((v) => inRange(durationSeconds(v), min, max), {
    error: (iss) => `must be between ${min} and ${max} seconds; got ${show(iss.input)}`,
  });

/** A duration of whole days between `min` and `max`. */
export const days = (min: number, max: number) =>
  duration.refine((v) => durationSeconds(v) % 86400 === 0 && inRange(durationSeconds(v) / 86400, min, max), {
    error: (iss) => `must be a whole number of days between ${min} and ${max}; got ${show(iss.input)}`,
  });

/** Retention periods CloudWatch Logs accepts, in days (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** A CloudWatch Logs retention: one of the values CloudWatch accepts, listed in the error. */
export const retentionDays = duration.refine(
  (v) => durationSeconds(v) % 86400 === 0 && (LOG_RETENTION_DAYS as readonly number[]).includes(durationSeconds(v) / 86400),
  { error: (iss) => `CloudWatch Logs keeps logs for one of ${LOG_RETENTION_DAYS.join(", ")} days; got ${show(iss.input)}` },
);

export const percent = z.number().min(1).max(100);

/** A TCP port, with one message whatever is wrong with it (zod would give two for `1e20`). */
export const port = (min = 1, max = 65535) => {
  const error = `a port is a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error, abort: true }).min(min, { error, abort: true }).max(max, { error });
};

function inRange(n: number, min: number, max: number): boolean {
  return Number.isFinite(n) && n >= min && n <= max;
}

function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

/** An IANA time zone name as EventBridge Scheduler and Application Auto Scaling take it; the model checks it exists. */
export const timeZone = z.string().regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$|^UTC$/, { error: 'expected an IANA time zone such as "Europe/Lisbon"' });
