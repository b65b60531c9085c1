/**
 * Unit-bearing values as the user writes them: `"0.5 vCPU"` or `512`, `"1 GB"`, `"30 seconds"`, `"14 days"`.
 * The schema checks their shape; `model/units.ts` turns them into numbers.
 */
import { z } from "zod";

export const cpu = z.union([z.number().int().positive(), z.templateLiteral([z.number().positive(), " vCPU"])], {
  error: 'expected CPU units (a number, 1024 = 1 vCPU) or a string such as "0.5 vCPU"',
});
export type CpuInput = z.infer<typeof cpu>;

export const memory = z.union([z.number().int().positive(), z.templateLiteral([z.number().positive(), z.enum([" MB", " GB"])])], {
  error: 'expected MiB (a number) or a string such as "512 MB" or "1 GB"',
});
export type MemoryInput = z.infer<typeof memory>;

export const storage = z.templateLiteral([z.number().int().positive(), " GB"], {
  error: 'expected a size in GB such as "20 GB"',
});

const DURATION_UNITS = [" second", " seconds", " minute", " minutes", " hour", " hours", " day", " days"] as const;
export const duration = z.templateLiteral([z.number().int().nonnegative(), z.enum(DURATION_UNITS)], {
  error: 'expected a duration such as "30 seconds", "5 minutes" or "14 days"',
});
export type DurationInput = z.infer<typeof duration>;

export const percent = z.number().min(1).max(100);
