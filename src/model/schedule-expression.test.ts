import { describe, expect, it } from "vitest";
import { scheduleProblem } from "./schedule-expression.js";

describe("schedule expressions as EventBridge reads them", () => {
  it.each([
    "rate(1 minute)",
    "rate(5 minutes)",
    "rate(1 hour)",
    "rate(12 hours)",
    "rate(1 day)",
    "cron(0 3 * * ? *)",
    "cron(15 10 ? * 6L 2026-2030)",
    "cron(0/15 * * * ? *)",
    "cron(0 8 1 * ? *)",
    "cron(0 9 ? * MON-FRI *)",
    "cron(0 18 LW * ? *)",
    "cron(0 0 15W * ? *)",
    "cron(0 12 ? JAN,JUL 2#1 *)",
    "cron(5,35 14 * * ? *)",
    "cron(0 3 ? * L *)",
  ])("accepts %s", (expression) => {
    expect(scheduleProblem(expression)).toBeUndefined();
  });

  it.each([
    ["rate(1 minutes)", /singular unit for 1/, 'write "rate(1 minute)"'],
    ["rate(5 minute)", /plural unit for 5/, 'write "rate(5 minutes)"'],
    ["rate(0 minutes)", /at least 1/, undefined],
    ["rate(1 week)", /rate\(<number> <minute\|minutes/, undefined],
    ["cron(0 3 * * *)", /has 5 fields; EventBridge takes 6/, 'add the year and put "?" in one day field, e.g. "cron(0 3 * * ? *)"'],
    ["cron(0 3 * * MON *)", /exactly one of day of month \("\*"\) and day of week \("MON"\) must be "\?"/, undefined],
    ["cron(0 3 ? * ? *)", /exactly one of day of month/, undefined],
    ["cron(60 3 * * ? *)", /minutes "60" has "60", not a value of 0–59/, undefined],
    ["cron(0 24 * * ? *)", /hours "24"/, undefined],
    ["cron(0 3 32 * ? *)", /day of month "32"/, undefined],
    ["cron(0 3 * 13 ? *)", /month "13" has "13", not a value of 1–12 or JAN–DEC/, undefined],
    ["cron(0 3 ? * 8 *)", /day of week "8"/, undefined],
    ["cron(0 3 * * ? 1969)", /year "1969"/, undefined],
    ["cron(? 3 * * ? *)", /minutes "\?" cannot be "\?"/, undefined],
    ["cron(0/0 3 * * ? *)", /the step after "\/" must be a positive number/, undefined],
    ["cron(0 3 ? * MON#6 *)", /the week must be 1–5/, undefined],
    ["0 3 * * ? *", /neither rate\(…\) nor cron\(…\)/, 'write e.g. "rate(1 hour)" or "cron(0 3 * * ? *)"'],
  ])("refuses %s", (expression, message, hint) => {
    const problem = scheduleProblem(expression);
    expect(problem?.message).toMatch(message);
    if (hint !== undefined) expect(problem?.hint).toContain(hint);
  });
});
