/** One parser per unit: CPU units, MiB, seconds, GB — from the strings and numbers the schema accepts. */
import { type CpuInput, type DurationInput, durationSeconds, type MemoryInput } from "../config/schema/units.js";

export function parseCpu(v: CpuInput): number {
  return typeof v === "number" ? v : Math.round(Number.parseFloat(v) * 1024);
}

export function parseMemory(v: MemoryInput): number {
  if (typeof v === "number") return v;
  const n = Number.parseFloat(v);
  return Math.round(v.endsWith("GB") ? n * 1024 : n);
}

export function parseDuration(v: DurationInput): number {
  return durationSeconds(v);
}

export function parseDays(v: DurationInput): number {
  return Math.ceil(parseDuration(v) / 86400);
}

export function parseGb(v: `${number} GB`): number {
  return Number.parseInt(v, 10);
}
