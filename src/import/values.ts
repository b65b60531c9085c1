/**
 * Value conversions shared by the importers: Compose/Copilot durations and sizes into berth's unit
 * strings, names into berth names, and CPU × memory into the smallest Fargate size that holds both.
 */
import { FARGATE_SIZES } from "../model/aws-limits.js";

const DURATION_PART = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h|d)/g;
const UNIT_SECONDS: Readonly<Record<string, number>> = { us: 1e-6, µs: 1e-6, ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds in a Go-style duration as Compose and Copilot write them (`"1m30s"`, `"500ms"`, `"2h"`); undefined when it is not one. */
export function goDurationSeconds(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  if (!/^((\d+(\.\d+)?)(us|µs|ms|s|m|h|d))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(DURATION_PART)) total += Number(m[1]) * (UNIT_SECONDS[m[2]!] ?? 0);
  return total;
}

/** A whole number of seconds as berth writes it: `"90 seconds"`, `"5 minutes"`, `"2 hours"`. */
export function berthDuration(seconds: number): string {
  const s = Math.round(seconds);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (s > 0 && s % 86400 === 0) return unit(s / 86400, "day");
  if (s > 0 && s % 3600 === 0) return unit(s / 3600, "hour");
  if (s > 0 && s % 60 === 0) return unit(s / 60, "minute");
  return unit(s, "second");
}

/** MiB in a Compose size (`"512M"`, `"1g"`, `"1.5GB"`, `268435456`); undefined when it is not one. */
export function mebibytes(v: unknown): number | undefined {
  if (typeof v === "number") return Math.ceil(v / 1048576);
  if (typeof v !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]i?b?|b)?$/i.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const factor = unit === "k" ? 1 / 1024 : unit === "m" ? 1 : unit === "g" ? 1024 : unit === "t" ? 1048576 : 1 / 1048576;
  return Math.ceil(n * factor);
}

/** A name berth accepts (lowercase letters, digits, hyphens; starts with a letter; at most 32 characters). */
export function berthName(raw: string): string {
  let s = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 32)
    .replace(/-+$/, "");
  if (!s) s = "app";
  return s;
}

/** The smallest Fargate task size with at least this CPU (units) and memory (MiB). */
export function fargateSize(cpu: number | undefined, memory: number | undefined): { cpu: number; memory: number } {
  for (const [c, mems] of FARGATE_SIZES) {
    if (cpu !== undefined && c < cpu) continue;
    const m = mems.find((x) => memory === undefined || x >= memory);
    if (m !== undefined) return { cpu: c, memory: m };
  }
  const [c, mems] = [...FARGATE_SIZES].at(-1)!;
  return { cpu: c, memory: mems.at(-1)! };
}

/** Splits a shell command line into words (single and double quotes, backslash escapes), as Compose does for a string `command`. */
export function shellWords(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === "\\" && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (cur || has) out.push(cur);
      cur = "";
      has = false;
    } else cur += c;
  }
  if (cur || has) out.push(cur);
  return out;
}

/** An environment variable name berth accepts, from a secret or file name (`db_password` → `DB_PASSWORD`). */
export function envName(raw: string): string {
  const s = raw.toUpperCase().replace(/[^A-Z0-9_]+/g, "_");
  return /^[A-Z_]/.test(s) ? s : `_${s}`;
}
