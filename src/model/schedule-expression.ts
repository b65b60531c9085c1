/**
 * Schedule expressions as EventBridge accepts them, checked before an apply would fail:
 *
 * 1. `rate(<n> <unit>)`: n a positive integer, unit minute/hour/day — singular when n is 1, plural otherwise.
 * 2. `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`: six fields, in UTC (or the
 *    schedule's time zone). Each field is a list (`,`) of `*`, a value, a range `a-b`, or a step `x/n`
 *    over `*`, a value or a range. Day of month adds `?`, `L`, `LW` and `<d>W`; day of week adds `?`,
 *    `L`, `<d>L` and `<d>#<n>`. Months and days of week take names (`JAN`, `MON`).
 * 3. Exactly one of day of month and day of week is `?`: EventBridge refuses both and neither.
 *
 * https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
import type { ConfigPath } from "../errors.js";
import type { Issues } from "./issues.js";

/** The problem with an expression, with a corrected example where one helps; undefined when AWS would accept it. */
export function scheduleProblem(expression: string): { message: string; hint?: string } | undefined {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) return rateProblem(rate[1]!.trim());
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return cronProblem(cron[1]!.trim());
  return { message: `"${expression}" is neither rate(…) nor cron(…)`, hint: 'write e.g. "rate(1 hour)" or "cron(0 3 * * ? *)"' };
}

function rateProblem(body: string): { message: string; hint?: string } | undefined {
  const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m) return { message: `rate(${body}) must be "rate(<number> <minute|minutes|hour|hours|day|days>)"`, hint: 'e.g. "rate(5 minutes)"' };
  const n = Number(m[1]);
  const unit = m[2]!;
  if (n < 1) return { message: `rate(${body}) must be at least 1`, hint: 'e.g. "rate(1 minute)"' };
  const singular = unit.replace(/s$/, "");
  if (n === 1 && unit !== singular) return { message: `rate(${body}) must use the singular unit for 1`, hint: `write "rate(1 ${singular})"` };
  if (n > 1 && unit === singular) return { message: `rate(${body}) must use the plural unit for ${n}`, hint: `write "rate(${n} ${singular}s)"` };
  return undefined;
}

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] },
  { name: "day of week", min: 1, max: 7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] },
  { name: "year", min: 1970, max: 2199 },
];

function cronProblem(body: string): { message: string; hint?: string } | undefined {
  const parts = body.split(/\s+/);
  if (parts.length !== 6) {
    return {
      message: `cron(${body}) has ${parts.length} fields; EventBridge takes 6: minutes, hours, day of month, month, day of week, year`,
      hint:
        parts.length === 5 ? `add the year and put "?" in one day field, e.g. "cron(${toEventBridge(parts)})"` : 'e.g. "cron(0 3 * * ? *)" for 03:00 every day',
    };
  }
  for (let i = 0; i < 6; i++) {
    const problem = fieldProblem(parts[i]!, i);
    if (problem) return { message: `cron(${body}): ${FIELDS[i]!.name} "${parts[i]}" ${problem}` };
  }
  const dom = parts[2]!;
  const dow = parts[4]!;
  if ((dom === "?") === (dow === "?")) {
    return {
      message: `cron(${body}): exactly one of day of month ("${dom}") and day of week ("${dow}") must be "?"`,
      hint:
        dom === "?"
          ? `e.g. "cron(${[...parts.slice(0, 2), "*", parts[3], "?", parts[5]].join(" ")})"`
          : `write "?" for the one you do not mean, e.g. "cron(${[...parts.slice(0, 4), "?", parts[5]].join(" ")})"`,
    };
  }
  return undefined;
}

/** A five-field (Unix) cron turned into EventBridge's six fields, for the hint. */
function toEventBridge(parts: readonly string[]): string {
  const [m, h, dom, mon, dow] = parts as [string, string, string, string, string];
  return dow === "*" ? `${m} ${h} ${dom} ${mon} ? *` : `${m} ${h} ? ${mon} ${dow} *`;
}

function fieldProblem(text: string, index: number): string | undefined {
  const f = FIELDS[index]!;
  const isDom = index === 2;
  const isDow = index === 4;
  if (text === "?") return isDom || isDow ? undefined : 'cannot be "?" (only the day fields can)';
  if (isDom && (text === "L" || text === "LW")) return undefined;
  if (isDow && text === "L") return undefined;
  for (const item of text.split(",")) {
    if (item === "") return "has an empty list item";
    if (isDom && /^\d+W$/.test(item)) {
      const d = Number(item.slice(0, -1));
      if (d < 1 || d > 31) return `has ${item}: the day must be 1–31`;
      continue;
    }
    if (isDow && /^[^#]+#\d+$/.test(item)) {
      const [day, nth] = item.split("#") as [string, string];
      if (value(day, f) === undefined) return `has ${item}: "${day}" is not a day of week (1–7 or SUN–SAT)`;
      if (Number(nth) < 1 || Number(nth) > 5) return `has ${item}: the week must be 1–5`;
      continue;
    }
    if (isDow && /^[^L]+L$/.test(item)) {
      if (value(item.slice(0, -1), f) === undefined) return `has ${item}: "${item.slice(0, -1)}" is not a day of week (1–7 or SUN–SAT)`;
      continue;
    }
    const [range, step, extra] = item.split("/");
    if (extra !== undefined) return `has ${item}: one "/" at most`;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) < 1)) return `has ${item}: the step after "/" must be a positive number`;
    if (range === "*") continue;
    const [from, to, more] = (range ?? "").split("-");
    if (more !== undefined) return `has ${item}: a range is "a-b"`;
    const a = value(from ?? "", f);
    if (a === undefined) return `has "${from}", not a value of ${f.min}–${f.max}${f.names ? ` or ${f.names[0]}–${f.names[f.names.length - 1]}` : ""}`;
    if (to !== undefined) {
      const b = value(to, f);
      if (b === undefined) return `has "${to}", not a value of ${f.min}–${f.max}${f.names ? ` or ${f.names[0]}–${f.names[f.names.length - 1]}` : ""}`;
    }
  }
  return undefined;
}

function value(text: string, f: Field): number | undefined {
  const named = f.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + f.min;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= f.min && n <= f.max ? n : undefined;
}

/** The problem with a time zone name, or undefined when it is one the IANA database (and so AWS) knows. */
export function timeZoneProblem(zone: string): { message: string; hint: string } | undefined {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return undefined;
  } catch {
    return { message: `"${zone}" is not an IANA time zone`, hint: 'write a name such as "Europe/Berlin", "America/New_York" or "UTC"' };
  }
}

/**
 * Checks a schedule's `expression` and `timezone` fields at `at` (a job's schedule, a scaling schedule):
 * the expression as AWS reads it, the time zone IANA knows, and no time zone on a rate.
 */
export function checkSchedule(expression: string, timezone: string, at: ConfigPath, issues: Issues): void {
  const problem = scheduleProblem(expression);
  if (problem) issues.add([...at, "expression"], problem.message, problem.hint);
  const zoneProblem = timeZoneProblem(timezone);
  if (zoneProblem) issues.add([...at, "timezone"], zoneProblem.message, zoneProblem.hint);
  else if (timezone !== "UTC" && expression.startsWith("rate(")) {
    issues.add([...at, "timezone"], "applies to cron expressions only; a rate runs at fixed intervals", "remove timezone, or write a cron(…) expression");
  }
}
