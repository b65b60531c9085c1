/** Tests the plan summary table. */
import { describe, expect, it } from "vitest";
import { formatSummary } from "./summary.js";

describe("formatSummary", () => {
  it("aligns columns, counts a replace as add plus destroy, and dashes stacks that did not plan", () => {
    const text = formatSummary([
      { stack: "dev/us-east-1/network", status: "succeeded", changes: { create: 24, update: 0, delete: 0, replace: 0 } },
      { stack: "dev/us-east-1/service-api", status: "succeeded", changes: { create: 1, update: 2, delete: 0, replace: 1 } },
      { stack: "dev/us-east-1/data", status: "failed" },
      { stack: "dev/us-east-1/service-web", status: "skipped" },
    ]);
    expect(text).toBe(
      [
        "stack                      add  change  destroy  status",
        "dev/us-east-1/network       24       0        0  succeeded",
        "dev/us-east-1/service-api    2       2        1  succeeded",
        "dev/us-east-1/data           -       -        -  failed",
        "dev/us-east-1/service-web    -       -        -  skipped",
        "",
      ].join("\n"),
    );
  });

  it("prints only the header for no stacks", () => {
    expect(formatSummary([])).toBe("stack  add  change  destroy  status\n");
  });
});
