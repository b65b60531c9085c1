/** Tests the run summary table. */
import { describe, expect, it } from "vitest";
import { formatOutcomes } from "./summary.js";

const counts = (create: number, update: number, del: number, replace: number) => ({
  counts: { create, update, delete: del, replace },
  replaced: [],
  deleted: [],
  critical: [],
});

describe("formatOutcomes", () => {
  it("aligns columns, counts a replace as add plus destroy, and dashes stacks that did not plan", () => {
    const text = formatOutcomes(
      [
        { stack: "dev/us-east-1/network", state: "planned", elapsedMs: 2000, details: counts(24, 0, 0, 0) },
        { stack: "dev/us-east-1/service-api", state: "planned", elapsedMs: 1500, details: counts(1, 2, 0, 1) },
        { stack: "dev/us-east-1/data", state: "failed", elapsedMs: 100, message: "terraform plan failed", logFile: "/tmp/x/data.log" },
        { stack: "dev/us-east-1/service-web", state: "skipped", elapsedMs: 0, message: "upstream dev/us-east-1/data failed" },
      ],
      "/tmp/x",
    );
    expect(text).toBe(
      [
        "stack                      add  change  destroy  state    time",
        "dev/us-east-1/network       24       0        0  planned  2.0s",
        "dev/us-east-1/service-api    2       2        1  planned  1.5s",
        "dev/us-east-1/data           -       -        -  failed   0.1s",
        "dev/us-east-1/service-web    -       -        -  skipped",
        "xx dev/us-east-1/data: terraform plan failed",
        "    log: data.log",
        "xx dev/us-east-1/service-web: upstream dev/us-east-1/data failed",
        "",
      ].join("\n"),
    );
  });

  it("groups rows by account and region when the run spans several, keeping the run's order within each", () => {
    const group = (path: string) => `account 333333333333 · ${path.split("/")[1]}`;
    const text = formatOutcomes(
      [
        { stack: "prod/us-east-1/network", state: "planned", elapsedMs: 1000, details: counts(1, 0, 0, 0) },
        { stack: "prod/us-west-2/network", state: "planned", elapsedMs: 1000, details: counts(2, 0, 0, 0) },
        { stack: "prod/us-east-1/data", state: "planned", elapsedMs: 1000, details: counts(3, 0, 0, 0) },
      ],
      "/tmp/x",
      group,
    );
    expect(text.split("\n").slice(0, 6)).toEqual([
      "stack                   add  change  destroy  state    time",
      "# account 333333333333 · us-east-1",
      "prod/us-east-1/network    1       0        0  planned  1.0s",
      "prod/us-east-1/data       3       0        0  planned  1.0s",
      "# account 333333333333 · us-west-2",
      "prod/us-west-2/network    2       0        0  planned  1.0s",
    ]);
    expect(formatOutcomes([{ stack: "dev/us-east-1/network", state: "unchanged", elapsedMs: 0 }], "/tmp/x", group)).not.toContain("#");
  });

  it("names the resources a plan imports", () => {
    const text = formatOutcomes([
      { stack: "test/eu-west-1/network", state: "planned", elapsedMs: 0, details: { ...counts(0, 0, 0, 0), imported: ["aws_vpc.this"] } },
    ]);
    expect(text).toContain("   test/eu-west-1/network: imports 1 existing resource (aws_vpc.this)\n");
  });

  it("prints only the header for no stacks", () => {
    expect(formatOutcomes([])).toBe("stack  add  change  destroy  state  time\n");
  });
});
