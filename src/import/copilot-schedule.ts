/**
 * Copilot's `on.schedule` as an EventBridge expression: `@every <duration>` → `rate(…)`, `@hourly`,
 * `@daily` (`@midnight`), `@weekly`, `@monthly`, `@yearly` (`@annually`) → `cron(…)`, and five-field
 * cron (`0 3 * * 1-5`) → the six-field EventBridge form, where exactly one of day-of-month and
 * day-of-week is `?` and days of the week count from 1 (Sunday) instead of 0. `none` means the job only
 * runs by hand: the schedule is kept disabled.
 */
import { goDurationSeconds } from "./values.js";

export type Schedule = { expression: string; enabled?: false; note?: string } | { problem: string };

const PRESETS: Readonly<Record<string, string>> = {
  "@yearly": "cron(0 0 1 1 ? *)",
  "@annually": "cron(0 0 1 1 ? *)",
  "@monthly": "cron(0 0 1 * ? *)",
  "@weekly": "cron(0 0 ? * SUN *)",
  "@daily": "cron(0 0 * * ? *)",
  "@midnight": "cron(0 0 * * ? *)",
  "@hourly": "cron(0 * * * ? *)",
};

export function copilotSchedule(raw: string): Schedule {
  const s = raw.trim();
  if (s === "none") return { expression: "rate(1 day)", enabled: false, note: 'Copilot\'s schedule "none": the job runs only when started by hand' };
  if (/^(rate|cron)\(.*\)$/.test(s)) return { expression: s };
  const preset = PRESETS[s];
  if (preset) return { expression: preset };
  const every = /^@every\s+(\S+)$/.exec(s);
  if (every) {
    const seconds = goDurationSeconds(every[1]);
    if (seconds === undefined || seconds < 60) return { problem: `@every ${every[1]}: EventBridge schedules run at most once a minute` };
    const minutes = Math.round(seconds / 60);
    const rate = (n: number, unit: string) => `rate(${n} ${unit}${n === 1 ? "" : "s"})`;
    const expression = minutes % 1440 === 0 ? rate(minutes / 1440, "day") : minutes % 60 === 0 ? rate(minutes / 60, "hour") : rate(minutes, "minute");
    return seconds % 60 === 0 ? { expression } : { expression, note: `${every[1]} rounded to whole minutes` };
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return { problem: `"${s}" is neither a preset (@daily, @every 1h, …) nor a five-field cron expression` };
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const days = dow === "*" || dow === "?" ? "?" : dow.replace(/\d+/g, (d) => String((Number(d) % 7) + 1));
  const dayOfMonth = days === "?" ? (dom === "?" ? "*" : dom) : dom === "*" || dom === "?" ? "?" : dom;
  if (dayOfMonth !== "?" && days !== "?") return { problem: `"${s}" names both a day of the month and a day of the week, which EventBridge refuses` };
  return { expression: `cron(${min} ${hour} ${dayOfMonth} ${month} ${days} *)` };
}
